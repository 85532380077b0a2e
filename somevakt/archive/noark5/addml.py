"""arkivuttrekk.xml: the ADDML description of a deposit, after Riksarkivaren's template
(examples/arkivuttrekk.mal.xml): every XML and XSD file with its SHA-256 checksum and
the counts Arkade recounts (mappe, registrering, endring, journalregistrering, document
files). It is small, so it is built as a tree.
"""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from lxml import etree

from .records import ExportCounts
from .xml import NS_ADDML, XSI, text

_A = f"{{{NS_ADDML}}}"


@dataclass(frozen=True)
class DepositInfo:
    arkivskapere: tuple[str, ...]
    system_name: str
    archive_name: str
    period_start: date
    period_end: date
    system_type: str = "Sakarkiv (Noark-5)"
    inngaaende_skille: str = "skarpt"
    utgaaende_skille: str = "skarpt"
    inneholder_skjermet_informasjon: bool = False


def _el(parent: etree._Element, tag: str, **attrib: str) -> etree._Element:
    return etree.SubElement(parent, _A + tag, attrib)


def _value(parent: etree._Element, value: object) -> None:
    _el(parent, "value").text = text(value)


def _property(parent: etree._Element, name: str, value: object = None, **attrib: str):
    node = _el(parent, "property", name=name, **attrib)
    if value is not None:
        _value(node, value)
    return node


def _properties(parent: etree._Element) -> etree._Element:
    return _el(parent, "properties")


def _additional(parent: etree._Element, name: str, value: object = None) -> etree._Element:
    node = _el(parent, "additionalElement", name=name)
    if value is not None:
        _value(node, value)
    return node


def _file(parent: etree._Element, name: str, checksum: str | None) -> None:
    props = _properties(_property(parent, "file"))
    _property(props, "name", name)
    if checksum is None:
        return
    fmt = _property(props, "format", "XML")
    _property(_properties(fmt), "version", "1.0")
    algo = _properties(_property(props, "checksum"))
    _property(algo, "algorithm", "SHA-256")
    _property(algo, "value", checksum)


def _schema(parent: etree._Element, name: str, checksum: str | None, main: bool) -> None:
    schema = _property(parent, "schema", "main" if main else None)
    props = _properties(schema)
    _file(props, name, checksum)
    if checksum is not None:
        kind = _property(props, "type", "XML Schema")
        _property(_properties(kind), "version", "1.0")


def _occurrences(parent: etree._Element, element: str, count: int) -> None:
    node = _property(parent, "numberOfOccurrences", element)
    props = _properties(node)
    _property(props, "elementPath", f"//{element}")
    _property(props, "value", count, dataType="integer")


def _data_object(
    parent: etree._Element,
    name: str,
    checksums: dict[str, str],
    occurrences: list[tuple[str, int]],
) -> None:
    obj = _el(parent, "dataObject", name=name)
    props = _properties(obj)
    _file(props, f"{name}.xml", checksums[f"{name}.xml"])
    _schema(props, f"{name}.xsd", checksums[f"{name}.xsd"], main=True)
    # The catalogue's checksum is given once, with arkivstruktur; the others name it.
    shared = checksums["metadatakatalog.xsd"] if name == "arkivstruktur" else None
    _schema(props, "metadatakatalog.xsd", shared, main=False)
    info = _properties(_property(props, "info"))
    for element, count in occurrences:
        _occurrences(info, element, count)


def write_addml(path: Path, info: DepositInfo, counts: ExportCounts) -> None:
    """Write arkivuttrekk.xml. `counts.files` maps each XML/XSD file written (relative
    name) to its SHA-256; files not written (an empty journal) are left out."""
    files = counts.files
    root = etree.Element(
        _A + "addml",
        {f"{{{XSI}}}schemaLocation": f"{NS_ADDML} addml.xsd", "name": "Noark 5-arkivuttrekk"},
        nsmap={None: NS_ADDML, "xsi": XSI},
    )
    dataset = _el(root, "dataset")
    _el(dataset, "description").text = "Noark 5-arkivuttrekk"
    reference = _el(dataset, "reference")
    context = _el(_el(reference, "context"), "additionalElements")
    creators = _el(_additional(context, "recordCreators"), "additionalElements")
    for creator in info.arkivskapere:
        _additional(creators, "recordCreator", creator)
    _additional(context, "systemType", info.system_type)
    _additional(context, "systemName", info.system_name)
    _additional(context, "archive", info.archive_name)
    content = _el(_el(reference, "content"), "additionalElements")
    period = _properties(_additional(content, "archivalPeriod"))
    _property(period, "startDate", info.period_start)
    _property(period, "endDate", info.period_end)

    deposit = _el(_el(dataset, "dataObjects"), "dataObject", name="Noark 5-arkivuttrekk")
    deposit_props = _properties(deposit)
    about = _properties(_property(deposit_props, "info"))
    kind = _property(about, "type", "Noark 5")
    _property(_properties(kind), "version", "5.0")
    extra = _properties(_property(about, "additionalInfo"))
    periode = _properties(_property(extra, "periode"))
    _property(periode, "inngaaendeSkille", info.inngaaende_skille)
    _property(periode, "utgaaendeSkille", info.utgaaende_skille)
    for name, flag in (
        ("inneholderSkjermetInformasjon", info.inneholder_skjermet_informasjon),
        ("omfatterDokumenterSomErKassert", False),
        ("inneholderDokumenterSomSkalKasseres", False),
        ("inneholderVirksomhetsspesifikkeMetadata", False),
    ):
        _property(extra, name, flag, dataType="boolean")
    _property(extra, "antallDokumentfiler", counts.dokumentfiler, dataType="integer")

    objects = _el(deposit, "dataObjects")
    _data_object(
        objects,
        "arkivstruktur",
        files,
        [
            ("mappe", counts.mapper),
            ("registrering", counts.registreringer),
            ("dokumentbeskrivelse", counts.dokumentbeskrivelser),
            ("dokumentobjekt", counts.dokumentobjekter),
        ],
    )
    if "endringslogg.xml" in files:
        _data_object(objects, "endringslogg", files, [("endring", counts.endringer)])
    if "loependeJournal.xml" in files:
        _data_object(
            objects,
            "loependeJournal",
            files,
            [("journalregistrering", counts.journalregistreringer)],
        )
    if "offentligJournal.xml" in files:
        _data_object(
            objects,
            "offentligJournal",
            files,
            [("journalregistrering", counts.offentlige_journalregistreringer)],
        )
    etree.ElementTree(root).write(
        str(path), encoding="utf-8", xml_declaration=True, pretty_print=True
    )
