"""KS Fiks Arkiv v1 arkivmelding: what the municipality's archive system receives, and
the receipt (kvittering) it answers with.

One arkivmelding creates at most one mappe and one registrering (the schema allows no
more). So a journalpost travels as one message, and a saksmappe with its journalposter
as one message with the saksmappe and its first journalpost followed by one message per
further journalpost that names the saksmappe by systemID (referanseForelderMappe).
Every message is validated against the official XSD before it leaves.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from lxml import etree

from .records import (
    Dokumentbeskrivelse,
    Dokumentobjekt,
    Journalpost,
    Korrespondansepart,
    Noark5Error,
    Saksmappe,
    Skjerming,
    SkjermingMetadata,
)
from .validation import ARKIVMELDING, KVITTERING, errors, fiks_arkiv_schema
from .xml import XSI, pairs, text

FIKS = "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv"
NS_ARKIVMELDING = f"{FIKS}/arkivmelding/opprett/v1"
NS_KVITTERING = f"{FIKS}/arkivmelding/opprett/kvittering/v1"
NS_MDK = f"{FIKS}/metadatakatalog/v1"
NS_FEIL = f"{FIKS}/feil/feilmelding/v1"
MESSAGE_TYPE = "no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett"
RECEIPT_TYPE = "no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett.kvittering"

_M = f"{{{NS_ARKIVMELDING}}}"
_K = f"{{{NS_KVITTERING}}}"
_D = f"{{{NS_MDK}}}"
_F = f"{{{NS_FEIL}}}"
_XSI_TYPE = f"{{{XSI}}}type"

# Format codes Fiks Arkiv receives for the formats somevakt sends.
_FORMAT_NAMES = {"fmt/477": "PDF/A-2b", "fmt/476": "PDF/A-2a", "fmt/354": "PDF/A-1b"}


class KvitteringError(Noark5Error):
    """A receipt that is not a valid arkivmelding kvittering."""


@dataclass(frozen=True)
class Message:
    """One arkivmelding ready to send: its XML and the files it announces."""

    xml: bytes
    files: tuple[Dokumentobjekt, ...]
    journalpost_system_id: str | None
    saksmappe_system_id: str | None

    @property
    def name(self) -> str:
        """A file name for the message: the systemID of what it creates."""
        return self.journalpost_system_id or self.saksmappe_system_id or "arkivmelding"

    @property
    def key(self) -> str:
        """An idempotency key: the systemIDs the message creates."""
        return f"{self.saksmappe_system_id or '-'}:{self.journalpost_system_id or '-'}"


def _sub(parent: etree._Element, tag: str, value: object) -> etree._Element | None:
    if value is None:
        return None
    node = etree.SubElement(parent, _M + tag)
    node.text = text(value)
    return node


def _kode(parent: etree._Element, tag: str, kode: str, beskrivelse: str | None = None) -> None:
    node = etree.SubElement(parent, _M + tag)
    etree.SubElement(node, _D + "kode").text = text(kode)
    if beskrivelse:
        etree.SubElement(node, _D + "beskrivelse").text = text(beskrivelse)


def _person(parent: etree._Element, tag: str, navn: str | None) -> None:
    """Fiks Arkiv gives units and people as «identifikatorer»; somevakt knows the name."""
    if navn is not None:
        etree.SubElement(etree.SubElement(parent, _M + tag), _D + "navn").text = text(navn)


def _coded(parent: etree._Element, tag: str, value: Any) -> None:
    _kode(parent, tag, value.code, value.value)


def _skjerming(parent: etree._Element, skjerming: Skjerming | None) -> None:
    if skjerming is None:
        return
    node = etree.SubElement(parent, _M + "skjerming")
    _kode(node, "tilgangsrestriksjon", skjerming.tilgangsrestriksjon)
    _sub(node, "skjermingshjemmel", skjerming.skjermingshjemmel)
    _sub(node, "skjermingOpphoererDato", skjerming.opphoerer_dato)


def _saksmappe(parent: etree._Element, mappe: Saksmappe) -> None:
    node = etree.SubElement(parent, _M + "mappe", {_XSI_TYPE: "saksmappe"})
    for tag, value in pairs(
        ("systemID", mappe.system_id),
        ("mappeID", mappe.mappe_id),
        ("tittel", mappe.tittel),
        ("offentligTittel", mappe.offentlig_tittel),
        ("beskrivelse", mappe.beskrivelse),
        ("opprettetDato", mappe.opprettet_dato),
        ("opprettetAv", mappe.opprettet_av),
        ("avsluttetDato", mappe.avsluttet_dato),
        ("avsluttetAv", mappe.avsluttet_av),
    ):
        _sub(node, tag, value)
    _skjerming(node, mappe.skjerming)
    for tag, value in pairs(
        ("saksaar", mappe.saksaar),
        ("sakssekvensnummer", mappe.sakssekvensnummer),
        ("saksdato", mappe.saksdato),
    ):
        _sub(node, tag, value)
    _person(node, "administrativEnhet", mappe.administrativ_enhet)
    _person(node, "saksansvarlig", mappe.saksansvarlig)
    _coded(node, "saksstatus", mappe.saksstatus)


def _dokumentobjekt(parent: etree._Element, objekt: Dokumentobjekt) -> None:
    node = etree.SubElement(parent, _M + "dokumentobjekt")
    _sub(node, "systemID", objekt.system_id)
    _sub(node, "versjonsnummer", objekt.versjonsnummer)
    _coded(node, "variantformat", objekt.variantformat)
    _kode(node, "format", objekt.format, _FORMAT_NAMES.get(objekt.format))
    for tag, value in pairs(
        ("formatDetaljer", objekt.format_detaljer),
        ("mimeType", objekt.mime_type),
        ("opprettetDato", objekt.opprettet_dato),
        ("opprettetAv", objekt.opprettet_av),
        ("filnavn", objekt.filnavn),
        ("referanseDokumentfil", objekt.filnavn),
        ("sjekksum", objekt.sjekksum),
        ("sjekksumAlgoritme", objekt.sjekksum_algoritme),
        ("filstoerrelse", objekt.filstoerrelse),
    ):
        _sub(node, tag, value)


def _dokumentbeskrivelse(parent: etree._Element, beskrivelse: Dokumentbeskrivelse) -> None:
    node = etree.SubElement(parent, _M + "dokumentbeskrivelse")
    _sub(node, "systemID", beskrivelse.system_id)
    _kode(node, "dokumenttype", beskrivelse.dokumenttype)
    _coded(node, "dokumentstatus", beskrivelse.dokumentstatus)
    _sub(node, "tittel", beskrivelse.tittel)
    _sub(node, "beskrivelse", beskrivelse.beskrivelse)
    for forfatter in beskrivelse.forfatter:
        _sub(node, "forfatter", forfatter)
    _sub(node, "opprettetDato", beskrivelse.opprettet_dato)
    _sub(node, "opprettetAv", beskrivelse.opprettet_av)
    _coded(node, "tilknyttetRegistreringSom", beskrivelse.tilknyttet_registrering_som)
    _sub(node, "dokumentnummer", beskrivelse.dokumentnummer)
    _sub(node, "tilknyttetDato", beskrivelse.tilknyttet_dato)
    _sub(node, "tilknyttetAv", beskrivelse.tilknyttet_av)
    _skjerming(node, beskrivelse.skjerming)
    for objekt in beskrivelse.dokumentobjekter:
        _dokumentobjekt(node, objekt)


def _korrespondansepart(parent: etree._Element, part: Korrespondansepart, screened: bool) -> None:
    node = etree.SubElement(parent, _M + "korrespondansepart")
    _coded(node, "korrespondanseparttype", part.korrespondanseparttype)
    _sub(node, "korrespondansepartNavn", part.navn)
    _sub(node, "epostadresse", part.epostadresse)
    _person(node, "administrativEnhet", part.administrativ_enhet)
    _person(node, "saksbehandler", part.saksbehandler)
    # The archive system screens the name in its public journal (offl. § 13).
    _sub(node, "erSkjermet", screened)


def _journalpost(parent: etree._Element, post: Journalpost, mappe_system_id: str | None) -> None:
    node = etree.SubElement(parent, _M + "registrering", {_XSI_TYPE: "journalpost"})
    for tag, value in pairs(
        ("systemID", post.system_id),
        ("opprettetDato", post.opprettet_dato),
        ("opprettetAv", post.opprettet_av),
        ("arkivertDato", post.arkivert_dato),
        ("arkivertAv", post.arkivert_av),
    ):
        _sub(node, tag, value)
    if mappe_system_id:
        reference = etree.SubElement(node, _M + "referanseForelderMappe")
        etree.SubElement(reference, _D + "systemID").text = mappe_system_id
    _skjerming(node, post.skjerming)
    for beskrivelse in post.dokumentbeskrivelser:
        _dokumentbeskrivelse(node, beskrivelse)
    for tag, value in pairs(
        ("registreringsID", post.registrerings_id),
        ("tittel", post.tittel),
        ("offentligTittel", post.offentlig_tittel),
        ("beskrivelse", post.beskrivelse),
    ):
        _sub(node, tag, value)
    all_screened = bool(
        post.skjerming and post.skjerming.screens(SkjermingMetadata.KORRESPONDANSEPART)
    )
    for part in post.korrespondanseparter:
        _korrespondansepart(node, part, all_screened or part.skjermet)
    for tag, value in pairs(
        ("journalaar", post.journalaar),
        ("journalsekvensnummer", post.journalsekvensnummer),
        ("journalpostnummer", post.journalpostnummer),
    ):
        _sub(node, tag, value)
    _coded(node, "journalposttype", post.journalposttype)
    _coded(node, "journalstatus", post.journalstatus)
    for tag, value in pairs(
        ("journaldato", post.journaldato),
        ("dokumentetsDato", post.dokumentets_dato),
        ("mottattDato", post.mottatt_dato),
        ("sendtDato", post.sendt_dato),
        ("offentlighetsvurdertDato", post.offentlighetsvurdert_dato),
    ):
        _sub(node, tag, value)


def build_arkivmelding(
    *,
    journalpost: Journalpost | None = None,
    saksmappe: Saksmappe | None = None,
    parent_saksmappe_system_id: str | None = None,
    system: str = "somevakt",
) -> Message:
    """One arkivmelding creating `saksmappe` and/or `journalpost`. A journalpost sent
    with its saksmappe is placed in it; one sent alone names its existing saksmappe by
    `parent_saksmappe_system_id`. The XML is validated before it is returned."""
    if journalpost is None and saksmappe is None:
        raise Noark5Error("An arkivmelding needs a saksmappe, a journalpost or both")
    root = etree.Element(
        _M + "arkivmelding", nsmap={None: NS_ARKIVMELDING, "n5mdk": NS_MDK, "xsi": XSI}
    )
    etree.SubElement(root, _M + "system").text = system
    files = tuple(
        objekt
        for beskrivelse in (journalpost.dokumentbeskrivelser if journalpost else ())
        for objekt in beskrivelse.dokumentobjekter
    )
    etree.SubElement(root, _M + "antallFiler").text = str(len(files))
    if saksmappe is not None:
        _saksmappe(root, saksmappe)
    if journalpost is not None:
        parent = saksmappe.system_id if saksmappe else parent_saksmappe_system_id
        _journalpost(root, journalpost, parent)
    xml = etree.tostring(root, encoding="utf-8", xml_declaration=True)
    problems = errors(xml, fiks_arkiv_schema(ARKIVMELDING))
    if problems:
        raise Noark5Error("The arkivmelding is not valid: " + "; ".join(problems))
    return Message(
        xml=xml,
        files=files,
        journalpost_system_id=journalpost.system_id if journalpost else None,
        saksmappe_system_id=saksmappe.system_id if saksmappe else None,
    )


def arkivmeldinger_for_saksmappe(
    saksmappe: Saksmappe, journalposter: Iterable[Journalpost], *, system: str = "somevakt"
) -> Iterator[Message]:
    """The saksmappe with its first journalpost, then each further journalpost in its
    own message naming the saksmappe."""
    first = True
    for post in journalposter:
        if first:
            yield build_arkivmelding(journalpost=post, saksmappe=saksmappe, system=system)
            first = False
        else:
            yield build_arkivmelding(
                journalpost=post, parent_saksmappe_system_id=saksmappe.system_id, system=system
            )
    if first:
        yield build_arkivmelding(saksmappe=saksmappe, system=system)


# The receipt -------------------------------------------------------------------------


@dataclass(frozen=True)
class Feil:
    feil_id: str
    feilmelding: str


@dataclass(frozen=True)
class DokumentKvittering:
    system_id: str
    dokumentnummer: int | None
    dokumentobjekt_system_ids: tuple[str, ...]


@dataclass(frozen=True)
class MappeKvittering:
    system_id: str
    mappe_id: str | None
    saksaar: int | None
    sakssekvensnummer: int | None
    opprettet: bool  # False: the archive already had it (Eksisterende)


@dataclass(frozen=True)
class RegistreringKvittering:
    system_id: str
    registrerings_id: str | None
    journalaar: int | None
    journalsekvensnummer: int | None
    journalpostnummer: int | None
    arkivert_dato: datetime | None
    journaldato: date | None
    opprettet: bool
    dokumenter: tuple[DokumentKvittering, ...]


@dataclass(frozen=True)
class Kvittering:
    """What the archive answered; the `…feilet` parts say what it refused and why."""

    mappe: MappeKvittering | None
    registrering: RegistreringKvittering | None
    mappe_feilet: Feil | None
    registrering_feilet: Feil | None
    xml: bytes

    @property
    def ok(self) -> bool:
        return self.mappe_feilet is None and self.registrering_feilet is None


def _find(node: etree._Element, path: str) -> str | None:
    found = node.find(path, {"k": NS_KVITTERING, "f": NS_FEIL})
    return found.text if found is not None else None


def _int(value: str | None) -> int | None:
    return int(value) if value is not None else None


def _feil(node: etree._Element | None) -> Feil | None:
    if node is None:
        return None
    return Feil(
        feil_id=_find(node, "f:feilId") or "", feilmelding=_find(node, "f:feilmelding") or ""
    )


_SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def parse_kvittering(xml: bytes) -> Kvittering:
    """Parse and validate a receipt; anything else raises KvitteringError saying why."""
    try:
        root = etree.fromstring(xml, _SAFE_PARSER)
    except etree.XMLSyntaxError as error:
        raise KvitteringError(f"The receipt is not well-formed XML: {error}") from None
    if root.tag != _K + "arkivmeldingKvittering":
        raise KvitteringError(
            f"The receipt's root element is {root.tag}, not arkivmeldingKvittering in "
            f"{NS_KVITTERING}"
        )
    problems = errors(xml, fiks_arkiv_schema(KVITTERING))
    if problems:
        raise KvitteringError("The receipt is not valid: " + "; ".join(problems))
    mappe = root.find(_K + "mappeKvittering")
    registrering = root.find(_K + "registreringKvittering")
    return Kvittering(
        mappe=MappeKvittering(
            system_id=_find(mappe, "k:systemID") or "",
            mappe_id=_find(mappe, "k:mappeID"),
            saksaar=_int(_find(mappe, "k:saksaar")),
            sakssekvensnummer=_int(_find(mappe, "k:sakssekvensnummer")),
            opprettet=_find(mappe, "k:opprettetEllerEksisterende") == "Opprettet",
        )
        if mappe is not None
        else None,
        registrering=RegistreringKvittering(
            system_id=_find(registrering, "k:systemID") or "",
            registrerings_id=_find(registrering, "k:registreringsID"),
            journalaar=_int(_find(registrering, "k:journalaar")),
            journalsekvensnummer=_int(_find(registrering, "k:journalsekvensnummer")),
            journalpostnummer=_int(_find(registrering, "k:journalpostnummer")),
            arkivert_dato=_datetime(_find(registrering, "k:arkivertDato")),
            journaldato=_date(_find(registrering, "k:journaldato")),
            opprettet=_find(registrering, "k:opprettetEllerEksisterende") == "Opprettet",
            dokumenter=tuple(
                DokumentKvittering(
                    system_id=_find(node, "k:systemID") or "",
                    dokumentnummer=_int(_find(node, "k:dokumentnummer")),
                    dokumentobjekt_system_ids=tuple(
                        _find(objekt, "k:systemID") or ""
                        for objekt in node.findall(_K + "dokumentobjekt")
                    ),
                )
                for node in registrering.findall(_K + "dokumentbeskrivelseKvittering")
            ),
        )
        if registrering is not None
        else None,
        mappe_feilet=_feil(root.find(_K + "mappeFeilet")),
        registrering_feilet=_feil(root.find(_K + "registreringFeilet")),
        xml=xml,
    )


def _datetime(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value[:10]) if value else None


def build_kvittering(message: bytes, *, journalaar: int, journalsekvensnummer: int) -> bytes:
    """The receipt an archive system answers a valid arkivmelding with (used by the
    local fake archive): everything created, with the archive's own journal number."""
    root = etree.fromstring(message, _SAFE_PARSER)
    receipt = etree.Element(_K + "arkivmeldingKvittering", nsmap={None: NS_KVITTERING, "xsi": XSI})
    mappe = root.find(_M + "mappe")
    if mappe is not None:
        node = etree.SubElement(receipt, _K + "mappeKvittering", {_XSI_TYPE: "saksmappeKvittering"})
        for tag in ("systemID", "mappeID"):
            value = mappe.find(_M + tag)
            if value is not None:
                etree.SubElement(node, _K + tag).text = value.text
        etree.SubElement(node, _K + "opprettetEllerEksisterende").text = "Opprettet"
        for tag in ("saksaar", "sakssekvensnummer", "saksdato"):
            value = mappe.find(_M + tag)
            if value is not None:
                etree.SubElement(node, _K + tag).text = value.text
    registrering = root.find(_M + "registrering")
    if registrering is not None:
        node = etree.SubElement(
            receipt, _K + "registreringKvittering", {_XSI_TYPE: "journalpostKvittering"}
        )
        etree.SubElement(node, _K + "systemID").text = registrering.findtext(_M + "systemID")
        for beskrivelse in registrering.findall(_M + "dokumentbeskrivelse"):
            doc = etree.SubElement(node, _K + "dokumentbeskrivelseKvittering")
            etree.SubElement(doc, _K + "systemID").text = beskrivelse.findtext(_M + "systemID")
            number = beskrivelse.findtext(_M + "dokumentnummer")
            if number:
                etree.SubElement(doc, _K + "dokumentnummer").text = number
            for objekt in beskrivelse.findall(_M + "dokumentobjekt"):
                obj = etree.SubElement(doc, _K + "dokumentobjekt")
                etree.SubElement(obj, _K + "systemID").text = objekt.findtext(_M + "systemID")
        etree.SubElement(node, _K + "registreringsID").text = f"{journalaar}/{journalsekvensnummer}"
        etree.SubElement(node, _K + "opprettetEllerEksisterende").text = "Opprettet"
        etree.SubElement(node, _K + "journalaar").text = str(journalaar)
        etree.SubElement(node, _K + "journalsekvensnummer").text = str(journalsekvensnummer)
    return etree.tostring(receipt, encoding="utf-8", xml_declaration=True)


def build_feil_kvittering(message: bytes, *, feil_id: str, feilmelding: str) -> bytes:
    """A receipt refusing the registrering (and the mappe, if the message had one)."""
    root = etree.fromstring(message, _SAFE_PARSER)
    receipt = etree.Element(
        _K + "arkivmeldingKvittering", nsmap={None: NS_KVITTERING, "feil": NS_FEIL}
    )
    parts = ["mappeFeilet"] if root.find(_M + "mappe") is not None else []
    if root.find(_M + "registrering") is not None:
        parts.append("registreringFeilet")
    for part in parts:
        node = etree.SubElement(receipt, _K + part)
        etree.SubElement(node, _F + "feilId").text = feil_id
        etree.SubElement(node, _F + "feilmelding").text = feilmelding
    return etree.tostring(receipt, encoding="utf-8", xml_declaration=True)
