"""Streaming writers for the files of a Noark 5 arkivuttrekk.

Each writer takes records (iterables, read once) and writes one file through lxml's
incremental `xmlfile`: at any moment only the record being written is in memory, so
memory stays flat whatever the size of the archive. Each returns what it counted.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from lxml import etree

from .records import (
    DEPOSIT_JOURNALSTATUS,
    DEPOSIT_SAKSSTATUS,
    SKJERMET,
    Arkivskaper,
    DepositSource,
    Dokumentbeskrivelse,
    Dokumentobjekt,
    Endring,
    ExportCounts,
    JournalEntry,
    Journalpost,
    Korrespondansepart,
    Noark5Error,
    Saksmappe,
    Skjerming,
    SkjermingMetadata,
)
from .xml import (
    NS_ARKIVSTRUKTUR,
    NS_ENDRINGSLOGG,
    NS_LOEPENDE_JOURNAL,
    NS_OFFENTLIG_JOURNAL,
    XSI,
    element,
    pairs,
    root_attributes,
    sub,
    subs,
    text,
)

Progress = Callable[[str, int], None]


def _root(xf: Any, namespace: str, tag: str, schema_file: str) -> Any:
    """The root element, declaring the default namespace once for the whole file."""
    return xf.element(
        f"{{{namespace}}}{tag}",
        root_attributes(namespace, schema_file),
        nsmap={None: namespace, "xsi": XSI},
    )


def _leaf(xf: Any, namespace: str, tag: str, value: object) -> None:
    if value is not None:
        with xf.element(f"{{{namespace}}}{tag}"):
            xf.write(text(value))


# arkivstruktur.xml -------------------------------------------------------------------


def _skjerming(skjerming: Skjerming) -> etree._Element:
    node = element(
        "skjerming",
        ("tilgangsrestriksjon", skjerming.tilgangsrestriksjon),
        ("skjermingshjemmel", skjerming.skjermingshjemmel),
    )
    subs(node, "skjermingMetadata", skjerming.metadata)
    sub(node, "skjermingDokument", skjerming.dokument)
    sub(node, "skjermingsvarighet", skjerming.skjermingsvarighet)
    sub(node, "skjermingOpphoererDato", skjerming.opphoerer_dato)
    return node


def _dokumentobjekt(objekt: Dokumentobjekt) -> etree._Element:
    return element(
        "dokumentobjekt",
        ("systemID", objekt.system_id),
        ("versjonsnummer", objekt.versjonsnummer),
        ("variantformat", objekt.variantformat),
        ("format", objekt.format),
        ("formatDetaljer", objekt.format_detaljer),
        ("opprettetDato", objekt.opprettet_dato),
        ("opprettetAv", objekt.opprettet_av),
        ("referanseDokumentfil", objekt.referanse_dokumentfil),
        ("sjekksum", objekt.sjekksum),
        ("sjekksumAlgoritme", objekt.sjekksum_algoritme),
        ("filstoerrelse", objekt.filstoerrelse),
    )


def _dokumentbeskrivelse(beskrivelse: Dokumentbeskrivelse) -> etree._Element:
    node = element(
        "dokumentbeskrivelse",
        ("systemID", beskrivelse.system_id),
        ("dokumenttype", beskrivelse.dokumenttype),
        ("dokumentstatus", beskrivelse.dokumentstatus),
        ("tittel", beskrivelse.tittel),
        ("beskrivelse", beskrivelse.beskrivelse),
    )
    subs(node, "forfatter", beskrivelse.forfatter)
    for name, value in pairs(
        ("opprettetDato", beskrivelse.opprettet_dato),
        ("opprettetAv", beskrivelse.opprettet_av),
        ("tilknyttetRegistreringSom", beskrivelse.tilknyttet_registrering_som),
        ("dokumentnummer", beskrivelse.dokumentnummer),
        ("tilknyttetDato", beskrivelse.tilknyttet_dato),
        ("tilknyttetAv", beskrivelse.tilknyttet_av),
    ):
        sub(node, name, value)
    if beskrivelse.skjerming:
        node.append(_skjerming(beskrivelse.skjerming))
    for objekt in beskrivelse.dokumentobjekter:
        node.append(_dokumentobjekt(objekt))
    return node


def _korrespondansepart(part: Korrespondansepart) -> etree._Element:
    return element(
        "korrespondansepart",
        ("korrespondanseparttype", part.korrespondanseparttype),
        ("korrespondansepartNavn", part.navn),
        ("epostadresse", part.epostadresse),
        ("administrativEnhet", part.administrativ_enhet),
        ("saksbehandler", part.saksbehandler),
    )


def journalpost_element(post: Journalpost) -> etree._Element:
    """The children of <registrering xsi:type="journalpost">, in schema order."""
    if post.arkivert_dato is None or post.arkivert_av is None:
        raise Noark5Error(
            f"Journalpost {post.registrerings_id} ({post.system_id}) is not archived: "
            "a deposit needs arkivert_dato and arkivert_av"
        )
    if post.journalstatus not in DEPOSIT_JOURNALSTATUS:
        raise Noark5Error(
            f"Journalpost {post.registrerings_id} has journalstatus «{post.journalstatus}»; "
            "a deposit holds only «Arkivert» or «Utgår»"
        )
    node = element(
        "registrering",
        ("systemID", post.system_id),
        ("opprettetDato", post.opprettet_dato),
        ("opprettetAv", post.opprettet_av),
        ("arkivertDato", post.arkivert_dato),
        ("arkivertAv", post.arkivert_av),
    )
    if post.skjerming:
        node.append(_skjerming(post.skjerming))
    for beskrivelse in post.dokumentbeskrivelser:
        node.append(_dokumentbeskrivelse(beskrivelse))
    for name, value in pairs(
        ("registreringsID", post.registrerings_id),
        ("tittel", post.tittel),
        ("offentligTittel", post.offentlig_tittel),
        ("beskrivelse", post.beskrivelse),
    ):
        sub(node, name, value)
    for part in post.korrespondanseparter:
        node.append(_korrespondansepart(part))
    for name, value in pairs(
        ("journalaar", post.journalaar),
        ("journalsekvensnummer", post.journalsekvensnummer),
        ("journalpostnummer", post.journalpostnummer),
        ("journalposttype", post.journalposttype),
        ("journalstatus", post.journalstatus),
        ("journaldato", post.journaldato),
        ("dokumentetsDato", post.dokumentets_dato),
        ("mottattDato", post.mottatt_dato),
        ("sendtDato", post.sendt_dato),
        ("offentlighetsvurdertDato", post.offentlighetsvurdert_dato),
    ):
        sub(node, name, value)
    return node


def _check_closed(mappe: Saksmappe) -> None:
    if mappe.avsluttet_dato is None or mappe.avsluttet_av is None:
        raise Noark5Error(
            f"Saksmappe {mappe.mappe_id} ({mappe.system_id}) is not closed: a deposit needs "
            "avsluttet_dato and avsluttet_av"
        )
    if mappe.saksstatus not in DEPOSIT_SAKSSTATUS:
        raise Noark5Error(
            f"Saksmappe {mappe.mappe_id} has saksstatus «{mappe.saksstatus}»; a deposit "
            "holds only «Avsluttet» or «Utgår»"
        )


OnJournalpost = Callable[[Journalpost, Saksmappe], None]


def write_arkivstruktur(
    path: Path,
    source: DepositSource,
    *,
    progress: Progress | None = None,
    on_journalpost: OnJournalpost | None = None,
) -> ExportCounts:
    """arkivstruktur.xml: arkiv → arkivdel → klassifikasjonssystem → klasse → saksmappe
    → journalpost → dokumentbeskrivelse → dokumentobjekt, streamed from `source`.
    `on_journalpost` sees each journalpost as it is written (the export writes its
    documents then, saving a pass over the source)."""
    counts = ExportCounts()
    ns = NS_ARKIVSTRUKTUR
    arkiv, arkivdel, system = source.arkiv, source.arkivdel, source.klassifikasjonssystem
    with etree.xmlfile(str(path), encoding="utf-8") as xf:
        xf.write_declaration()
        with _root(xf, ns, "arkiv", "arkivstruktur.xsd"):
            for name, value in pairs(
                ("systemID", arkiv.system_id),
                ("tittel", arkiv.tittel),
                ("beskrivelse", arkiv.beskrivelse),
                ("opprettetDato", arkiv.opprettet_dato),
                ("opprettetAv", arkiv.opprettet_av),
                ("avsluttetDato", arkiv.avsluttet_dato),
                ("avsluttetAv", arkiv.avsluttet_av),
            ):
                _leaf(xf, ns, name, value)
            for skaper in arkiv.arkivskaper:
                xf.write(_arkivskaper(skaper))
            with xf.element(f"{{{ns}}}arkivdel"):
                for name, value in pairs(
                    ("systemID", arkivdel.system_id),
                    ("tittel", arkivdel.tittel),
                    ("beskrivelse", arkivdel.beskrivelse),
                    ("arkivdelstatus", arkivdel.arkivdelstatus),
                    ("opprettetDato", arkivdel.opprettet_dato),
                    ("opprettetAv", arkivdel.opprettet_av),
                    ("avsluttetDato", arkivdel.avsluttet_dato),
                    ("avsluttetAv", arkivdel.avsluttet_av),
                    ("arkivperiodeStartDato", arkivdel.arkivperiode_start),
                    ("arkivperiodeSluttDato", arkivdel.arkivperiode_slutt),
                ):
                    _leaf(xf, ns, name, value)
                with xf.element(f"{{{ns}}}klassifikasjonssystem"):
                    for name, value in pairs(
                        ("systemID", system.system_id),
                        ("klassifikasjonstype", system.klassifikasjonstype),
                        ("tittel", system.tittel),
                        ("opprettetDato", system.opprettet_dato),
                        ("opprettetAv", system.opprettet_av),
                    ):
                        _leaf(xf, ns, name, value)
                    klasser = 0
                    for klasse in source.klasser():
                        klasser += 1
                        with xf.element(f"{{{ns}}}klasse"):
                            for name, value in pairs(
                                ("systemID", klasse.system_id),
                                ("klasseID", klasse.klasse_id),
                                ("tittel", klasse.tittel),
                                ("opprettetDato", klasse.opprettet_dato),
                                ("opprettetAv", klasse.opprettet_av),
                            ):
                                _leaf(xf, ns, name, value)
                            for mappe in source.saksmapper(klasse):
                                _write_saksmappe(
                                    xf, mappe, source, counts, progress, on_journalpost
                                )
                    if not klasser:
                        raise Noark5Error(
                            "The klassifikasjonssystem has no klasse; Noark 5 needs at least one"
                        )
    return counts


def _arkivskaper(skaper: Arkivskaper) -> etree._Element:
    return element(
        "arkivskaper",
        ("arkivskaperID", skaper.arkivskaper_id),
        ("arkivskaperNavn", skaper.navn),
        ("beskrivelse", skaper.beskrivelse),
    )


def _write_saksmappe(
    xf: Any,
    mappe: Saksmappe,
    source: DepositSource,
    counts: ExportCounts,
    progress: Progress | None,
    on_journalpost: "OnJournalpost | None",
) -> None:
    _check_closed(mappe)
    ns = NS_ARKIVSTRUKTUR
    counts.mapper += 1
    with xf.element(f"{{{ns}}}mappe", {f"{{{XSI}}}type": "saksmappe"}):
        head = pairs(
            ("systemID", mappe.system_id),
            ("mappeID", mappe.mappe_id),
            ("tittel", mappe.tittel),
            ("offentligTittel", mappe.offentlig_tittel),
            ("beskrivelse", mappe.beskrivelse),
            ("opprettetDato", mappe.opprettet_dato),
            ("opprettetAv", mappe.opprettet_av),
            ("avsluttetDato", mappe.avsluttet_dato),
            ("avsluttetAv", mappe.avsluttet_av),
        )
        for name, value in head:
            _leaf(xf, ns, name, value)
        if mappe.skjerming:
            xf.write(_skjerming(mappe.skjerming))
        for post in source.journalposter(mappe):
            node = journalpost_element(post)
            with xf.element(f"{{{ns}}}registrering", {f"{{{XSI}}}type": "journalpost"}):
                for child in node:
                    xf.write(child)
            counts.registreringer += 1
            counts.dokumentbeskrivelser += len(post.dokumentbeskrivelser)
            counts.dokumentobjekter += sum(
                len(d.dokumentobjekter) for d in post.dokumentbeskrivelser
            )
            counts.korrespondanseparter += len(post.korrespondanseparter)
            if on_journalpost:
                on_journalpost(post, mappe)
            if progress:
                progress("arkivstruktur", counts.registreringer)
        for name, value in pairs(
            ("saksaar", mappe.saksaar),
            ("sakssekvensnummer", mappe.sakssekvensnummer),
            ("saksdato", mappe.saksdato),
            ("administrativEnhet", mappe.administrativ_enhet),
            ("saksansvarlig", mappe.saksansvarlig),
            ("saksstatus", mappe.saksstatus),
        ):
            _leaf(xf, ns, name, value)


# endringslogg.xml --------------------------------------------------------------------


def write_endringslogg(path: Path, endringer: Iterable[Endring]) -> int:
    """endringslogg.xml; returns the number of endring. The schema needs at least one,
    so with none the file is not written (0 is returned and the file removed)."""
    count = 0
    ns = NS_ENDRINGSLOGG
    with etree.xmlfile(str(path), encoding="utf-8") as xf:
        xf.write_declaration()
        with _root(xf, ns, "endringslogg", "endringslogg.xsd"):
            for endring in endringer:
                xf.write(
                    element(
                        "endring",
                        ("referanseArkivenhet", endring.referanse_arkivenhet),
                        ("referanseMetadata", endring.referanse_metadata),
                        ("endretDato", endring.endret_dato),
                        ("endretAv", endring.endret_av),
                        ("tidligereVerdi", endring.tidligere_verdi),
                        ("nyVerdi", endring.ny_verdi),
                    )
                )
                count += 1
    if not count:
        path.unlink()
    return count


# loependeJournal.xml and offentligJournal.xml ----------------------------------------


@dataclass(frozen=True)
class JournalHead:
    """The journalhode: the period, how many journalposter, who created the archive."""

    start: date
    end: date
    antall_journalposter: int
    arkivskaper: tuple[Arkivskaper, ...]
    seleksjon: str | None = None

    def element(self) -> etree._Element:
        node = element(
            "journalhode",
            ("journalStartDato", self.start),
            ("journalSluttDato", self.end),
            ("seleksjon", self.seleksjon),
            ("antallJournalposter", self.antall_journalposter),
        )
        for skaper in self.arkivskaper:
            node.append(_arkivskaper(skaper))
        return node


def _screened_names(post: Journalpost) -> Iterable[tuple[Korrespondansepart, bool]]:
    all_screened = bool(
        post.skjerming and post.skjerming.screens(SkjermingMetadata.KORRESPONDANSEPART)
    )
    for part in post.korrespondanseparter:
        yield part, all_screened or part.skjermet


def _needs_part(post: Journalpost) -> None:
    if not post.korrespondanseparter:
        raise Noark5Error(
            f"Journalpost {post.registrerings_id} has no korrespondansepart; the journals "
            "need at least one"
        )


def _loepende_line(entry: JournalEntry) -> etree._Element:
    post, mappe, klasse = entry.journalpost, entry.saksmappe, entry.klasse
    _needs_part(post)
    line = etree.Element("journalregistrering")
    if klasse is not None:
        line.append(element("klasse", ("klasseID", klasse.klasse_id), ("tittel", klasse.tittel)))
    saksmappe = element(
        "saksmappe",
        ("mappeID", mappe.mappe_id),
        ("saksaar", mappe.saksaar),
        ("sakssekvensnummer", mappe.sakssekvensnummer),
        ("tittel", mappe.tittel),
        ("offentligTittel", mappe.offentlig_tittel),
    )
    if mappe.skjerming and mappe.skjerming.screens(SkjermingMetadata.TITTEL_MAPPE):
        sub(saksmappe, "skjermingMetadata", SkjermingMetadata.TITTEL_MAPPE)
    sub(saksmappe, "administrativEnhet", mappe.administrativ_enhet)
    sub(saksmappe, "saksansvarlig", mappe.saksansvarlig)
    line.append(saksmappe)
    skjerming = post.skjerming
    node = element(
        "journalpost",
        ("systemID", post.system_id),
        ("registreringsID", post.registrerings_id),
        ("journalaar", post.journalaar),
        ("journalsekvensnummer", post.journalsekvensnummer),
        ("journalpostnummer", post.journalpostnummer),
        ("tittel", post.tittel),
        ("offentligTittel", _public_title(post)),
        ("offentlighetsvurdertDato", post.offentlighetsvurdert_dato),
    )
    if skjerming and skjerming.screens(SkjermingMetadata.TITTEL_REGISTRERING):
        sub(node, "skjermingMetadata", SkjermingMetadata.TITTEL_REGISTRERING)
    for name, value in pairs(
        ("journaldato", post.journaldato),
        ("dokumentetsDato", post.dokumentets_dato),
        ("antallVedlegg", _attachments(post)),
        ("administrativEnhet", post.administrativ_enhet),
        ("saksbehandler", post.saksbehandler),
        ("tilgangsrestriksjon", skjerming.tilgangsrestriksjon if skjerming else None),
        ("skjermingshjemmel", skjerming.skjermingshjemmel if skjerming else None),
    ):
        sub(node, name, value)
    for part, screened in _screened_names(post):
        part_node = element(
            "korrespondansepart",
            ("korrespondanseparttype", part.korrespondanseparttype),
            ("korrespondansepartNavn", part.navn),
        )
        if screened:
            sub(part_node, "skjermingMetadata", SkjermingMetadata.KORRESPONDANSEPART)
        node.append(part_node)
    line.append(node)
    return line


def _attachments(post: Journalpost) -> int | None:
    return (
        sum(1 for d in post.dokumentbeskrivelser if d.tilknyttet_registrering_som.code == "V")
        or None
    )


def _public_title(post: Journalpost) -> str | None:
    """offentligTittel: the arkivar's public title; a screened title with none given
    is shown as SKJERMET, never in clear."""
    if post.offentlig_tittel:
        return post.offentlig_tittel
    if post.skjerming and post.skjerming.screens(SkjermingMetadata.TITTEL_REGISTRERING):
        return SKJERMET
    return None


def _offentlig_line(entry: JournalEntry) -> etree._Element:
    """A public journal line: screened titles and names replaced by SKJERMET, the
    hjemmel named so the reader knows why (offentleglova § 13, fvl. § 13)."""
    post, mappe, klasse = entry.journalpost, entry.saksmappe, entry.klasse
    _needs_part(post)
    line = etree.Element("journalregistrering")
    if klasse is not None:
        line.append(element("klasse", ("klasseID", klasse.klasse_id), ("tittel", klasse.tittel)))
    mappe_skjerming = mappe.skjerming
    mappe_screened = bool(
        mappe_skjerming and mappe_skjerming.screens(SkjermingMetadata.TITTEL_MAPPE)
    )
    if mappe_screened:
        mappe_title = mappe.offentlig_tittel or SKJERMET
    else:
        mappe_title = mappe.offentlig_tittel or mappe.tittel
    line.append(
        element(
            "saksmappe",
            ("mappeID", mappe.mappe_id),
            ("saksaar", mappe.saksaar),
            ("sakssekvensnummer", mappe.sakssekvensnummer),
            ("offentligTittel", mappe_title),
            ("administrativEnhet", mappe.administrativ_enhet),
            ("saksansvarlig", mappe.saksansvarlig),
            (
                "tilgangsrestriksjon",
                mappe_skjerming.tilgangsrestriksjon if mappe_skjerming else None,
            ),
            ("skjermingshjemmel", mappe_skjerming.skjermingshjemmel if mappe_skjerming else None),
        )
    )
    skjerming = post.skjerming
    title_screened = bool(skjerming and skjerming.screens(SkjermingMetadata.TITTEL_REGISTRERING))
    node = element(
        "journalpost",
        ("systemID", post.system_id),
        ("registreringsID", post.registrerings_id),
        ("journalaar", post.journalaar),
        ("journalsekvensnummer", post.journalsekvensnummer),
        ("journalpostnummer", post.journalpostnummer),
        ("offentligTittel", _public_title(post) or post.tittel),
    )
    if title_screened:
        sub(node, "skjermingMetadata", SkjermingMetadata.TITTEL_REGISTRERING)
    for name, value in pairs(
        ("journaldato", post.journaldato),
        ("dokumentetsDato", post.dokumentets_dato),
        ("administrativEnhet", post.administrativ_enhet),
        ("saksbehandler", post.saksbehandler),
        ("tilgangsrestriksjon", skjerming.tilgangsrestriksjon if skjerming else None),
        ("skjermingshjemmel", skjerming.skjermingshjemmel if skjerming else None),
    ):
        sub(node, name, value)
    for part, screened in _screened_names(post):
        node.append(
            element(
                "korrespondansepart",
                ("korrespondanseparttype", part.korrespondanseparttype),
                ("korrespondansepartNavn", SKJERMET if screened else part.navn),
            )
        )
    line.append(node)
    return line


def _write_journal(
    path: Path,
    namespace: str,
    tag: str,
    head: JournalHead,
    entries: Iterable[JournalEntry],
    line: Callable[[JournalEntry], etree._Element],
    progress: Progress | None,
) -> int:
    count = 0
    with etree.xmlfile(str(path), encoding="utf-8") as xf:
        xf.write_declaration()
        with _root(xf, namespace, tag, f"{tag}.xsd"):
            xf.write(head.element())
            for entry in entries:
                xf.write(line(entry))
                count += 1
                if progress:
                    progress(tag, count)
    if count != head.antall_journalposter:
        raise Noark5Error(
            f"{tag}: the journalhode says {head.antall_journalposter} journalposter but "
            f"{count} were written; the source changed during the export"
        )
    if not count:
        path.unlink()  # the schema needs at least one journalregistrering
    return count


def write_loepende_journal(
    path: Path,
    head: JournalHead,
    entries: Iterable[JournalEntry],
    *,
    progress: Progress | None = None,
) -> int:
    """loependeJournal.xml, the full running journal for staff and the deposit. An
    empty period writes no file (the schema needs one entry) and returns 0."""
    return _write_journal(
        path, NS_LOEPENDE_JOURNAL, "loependeJournal", head, entries, _loepende_line, progress
    )


def write_offentlig_journal(
    path: Path,
    head: JournalHead,
    entries: Iterable[JournalEntry],
    *,
    progress: Progress | None = None,
) -> int:
    """offentligJournal.xml, the public journal: skjerming applied (names of private
    persons and screened titles as SKJERMET, with tilgangsrestriksjon and hjemmel)."""
    return _write_journal(
        path, NS_OFFENTLIG_JOURNAL, "offentligJournal", head, entries, _offentlig_line, progress
    )


def journal_entries(source: DepositSource) -> Iterable[JournalEntry]:
    """Every journalpost of the source with its saksmappe and klasse, in tree order."""
    for klasse in source.klasser():
        for mappe in source.saksmapper(klasse):
            for post in source.journalposter(mappe):
                yield JournalEntry(klasse=klasse, saksmappe=mappe, journalpost=post)
