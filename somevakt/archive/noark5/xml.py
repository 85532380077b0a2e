"""Small helpers shared by the writers: values to schema text, elements, namespaces.

The streaming writers open the namespaced outer elements with lxml's `xmlfile` and
write each small record (a journalpost, a journal line) as a whole element built
without a namespace: it is serialised without a prefix and so belongs to the default
namespace declared once on the root. That keeps the file free of a namespace
declaration per record; the schema validation in the tests proves the result.
"""

import re
from collections.abc import Iterable
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path

from lxml import etree

XSI = "http://www.w3.org/2001/XMLSchema-instance"
N5 = "http://www.arkivverket.no/standarder/noark5"
NS_ARKIVSTRUKTUR = f"{N5}/arkivstruktur"
NS_ENDRINGSLOGG = f"{N5}/endringslogg"
NS_LOEPENDE_JOURNAL = f"{N5}/loependeJournal"
NS_OFFENTLIG_JOURNAL = f"{N5}/offentligJournal"
NS_ADDML = "http://www.arkivverket.no/standarder/addml"

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
NOARK5_SCHEMAS = SCHEMA_DIR / "noark5" / "v5_0"
FIKS_ARKIV_SCHEMAS = SCHEMA_DIR / "fiks-arkiv" / "v1"

# XML 1.0 forbids most control characters; social media text can carry them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def text(value: object) -> str:
    """A value as the schema's lexical form."""
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return _NOT_XML.sub("\ufffd", str(value))


def sub(parent: etree._Element, tag: str, value: object) -> None:
    """Append <tag>value</tag> unless value is None (optional elements are left out)."""
    if value is None:
        return
    etree.SubElement(parent, tag).text = text(value)


def subs(parent: etree._Element, tag: str, values: Iterable[object]) -> None:
    for value in values:
        sub(parent, tag, value)


def pairs(*items: tuple[str, object]) -> tuple[tuple[str, object], ...]:
    """(element name, value) pairs, typed for the checker."""
    return items


def element(tag: str, *pairs: tuple[str, object]) -> etree._Element:
    node = etree.Element(tag)
    for name, value in pairs:
        sub(node, name, value)
    return node


def root_attributes(namespace: str, schema_file: str) -> dict[str, str]:
    return {f"{{{XSI}}}schemaLocation": f"{namespace} {schema_file}"}
