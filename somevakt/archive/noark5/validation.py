"""Validation of the files somevakt writes and receives, against the official XSDs.

xmlschema loads each schema once from an absolute path (it resolves the imports beside
it) with network access forbidden; big files are validated lazily, element by element.
"""

from functools import cache
from pathlib import Path

import xmlschema

from .records import Noark5Error
from .xml import FIKS_ARKIV_SCHEMAS, NOARK5_SCHEMAS

# How deep xmlschema loads lazily: the depth of the repeated record, so that only one
# journalpost (or journal line, or endring) is in memory at a time.
LAZY_DEPTH = {"arkivstruktur.xml": 5}
NOARK5_FILES = {
    "arkivstruktur.xml": "arkivstruktur.xsd",
    "endringslogg.xml": "endringslogg.xsd",
    "loependeJournal.xml": "loependeJournal.xsd",
    "offentligJournal.xml": "offentligJournal.xsd",
    "arkivuttrekk.xml": "addml.xsd",
}
ARKIVMELDING = "no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett.xsd"
KVITTERING = "no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett.kvittering.xsd"


@cache
def schema(path: Path) -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(path.resolve()), allow="sandbox")


def noark5_schema(xsd_name: str) -> xmlschema.XMLSchema:
    return schema(NOARK5_SCHEMAS / xsd_name)


def fiks_arkiv_schema(xsd_name: str) -> xmlschema.XMLSchema:
    return schema(FIKS_ARKIV_SCHEMAS / xsd_name)


def errors(
    source: Path | str | bytes, xsd: xmlschema.XMLSchema, *, limit: int = 5, depth: int = 1
) -> list[str]:
    """Up to `limit` schema errors, each with the path of the offending element. A file
    is read lazily, `depth` levels at a time."""
    if isinstance(source, bytes):
        source = source.decode("utf-8")
    if isinstance(source, Path):
        resource = xmlschema.XMLResource(str(source.resolve()), lazy=depth, allow="local")
    else:  # text in memory: nothing to fetch, so allow no access at all
        resource = xmlschema.XMLResource(source, lazy=True, allow="none")
    found = []
    for error in xsd.iter_errors(resource):
        found.append(f"{error.path}: {error.reason}")
        if len(found) >= limit:
            break
    return found


def validate_deposit_file(path: Path) -> None:
    """Raise Noark5Error naming the file and the first errors, if `path` is invalid."""
    xsd = NOARK5_FILES.get(path.name)
    if xsd is None:
        raise Noark5Error(f"{path.name} is not a file of a Noark 5 deposit")
    problems = errors(path, noark5_schema(xsd), depth=LAZY_DEPTH.get(path.name, 1))
    if problems:
        raise Noark5Error(f"{path.name} is not valid against {xsd}: " + "; ".join(problems))
