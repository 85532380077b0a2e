"""export_arkivuttrekk writes a deposit Arkade accepts: every XML valid against the
official schemas, ADDML counts and checksums matching the files, documents as recorded."""

import hashlib
import uuid
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

from somevakt.archive.noark5 import records as r
from somevakt.archive.noark5.export import export_arkivuttrekk
from somevakt.archive.noark5.synthetic import SyntheticSource, period
from somevakt.archive.noark5.tests import support as s

ADDML = "{http://www.arkivverket.no/standarder/addml}"


def export(directory: Path, source, **options):
    start, end = period()
    return export_arkivuttrekk(
        directory,
        source,
        period_start=start,
        period_end=end,
        write_document=source.write_document,
        **options,
    )


def addml_properties(path: Path) -> tuple[dict[str, str], dict[str, int]]:
    """From arkivuttrekk.xml: file name → checksum, element → stated count."""
    tree = etree.parse(str(path))
    checksums, counts = {}, {}
    for prop in tree.iter(f"{ADDML}property"):
        if prop.get("name") == "file":
            name = prop.find(f"{ADDML}properties/{ADDML}property[@name='name']/{ADDML}value")
            value = prop.find(
                f".//{ADDML}property[@name='checksum']//{ADDML}property[@name='value']/{ADDML}value"
            )
            if value is not None:
                checksums[name.text] = value.text
        if prop.get("name") == "numberOfOccurrences":
            element = prop.findtext(f"{ADDML}value")
            stated = prop.find(f".//{ADDML}property[@name='value']/{ADDML}value")
            file_name = prop.xpath("ancestor::a:dataObject[1]/@name", namespaces={"a": ADDML[1:-1]})
            counts[f"{file_name[0]}.xml//{element}"] = int(stated.text)
    return checksums, counts


def test_every_xml_of_a_deposit_is_valid_against_the_official_schemas(tmp_path):
    # Given an archive of 3 klasser, 25 journalposter in saksmapper of 4
    source = SyntheticSource(journalposter_total=25, per_mappe=4, klasser_total=3)
    # When it is exported
    export(tmp_path / "uttrekk", source)
    # Then every XML validates
    for name in s.XSD_FOR:
        s.assert_valid_deposit_file(tmp_path / "uttrekk" / name)


def test_addml_states_the_counts_and_checksums_the_files_have(tmp_path):
    folder = tmp_path / "uttrekk"
    result = export(folder, SyntheticSource(journalposter_total=23, per_mappe=5))
    checksums, stated = addml_properties(folder / "arkivuttrekk.xml")

    on_disk = {
        p.name for p in folder.iterdir() if p.is_file() and p.name not in ("arkivuttrekk.xml",)
    } - {"addml.xsd"}
    assert set(checksums) == on_disk
    for name, checksum in checksums.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == checksum, name
    for key, value in stated.items():
        file_name, element = key.split("//")
        assert s.count(folder / file_name, element) == value, key
    assert stated["arkivstruktur.xml//mappe"] == 5
    assert stated["arkivstruktur.xml//registrering"] == 23
    assert stated["loependeJournal.xml//journalregistrering"] == 23
    assert stated["endringslogg.xml//endring"] == 3
    assert result.counts.dokumentfiler == 23
    files_stated = etree.parse(str(folder / "arkivuttrekk.xml")).find(
        f".//{ADDML}property[@name='antallDokumentfiler']/{ADDML}value"
    )
    assert int(files_stated.text) == len(list((folder / "DOKUMENT").rglob("*.pdf"))) == 23


def test_each_document_file_matches_its_dokumentobjekt_and_none_is_unreferenced(tmp_path):
    folder = tmp_path / "uttrekk"
    export(folder, SyntheticSource(journalposter_total=12, per_mappe=5))
    ns = "{http://www.arkivverket.no/standarder/noark5/arkivstruktur}"
    referenced = set()
    for objekt in etree.parse(str(folder / "arkivstruktur.xml")).iter(f"{ns}dokumentobjekt"):
        path = folder / objekt.findtext(f"{ns}referanseDokumentfil")
        data = path.read_bytes()
        assert hashlib.sha256(data).hexdigest() == objekt.findtext(f"{ns}sjekksum")
        assert len(data) == int(objekt.findtext(f"{ns}filstoerrelse"))
        referenced.add(path)
    assert set((folder / "DOKUMENT").rglob("*.pdf")) == referenced


def test_systemids_are_unique_uuids_and_the_schemas_are_copied_unmodified(tmp_path):
    folder = tmp_path / "uttrekk"
    export(folder, SyntheticSource(journalposter_total=9, per_mappe=3))
    ids = [
        node.text
        for node in etree.parse(str(folder / "arkivstruktur.xml")).iter()
        if isinstance(node.tag, str) and etree.QName(node).localname == "systemID"
    ]
    assert len(ids) == len(set(ids))
    for value in ids:
        uuid.UUID(value)
    for xsd in ("arkivstruktur.xsd", "metadatakatalog.xsd", "addml.xsd", "endringslogg.xsd"):
        assert (folder / xsd).read_bytes() == (s.NOARK5 / xsd).read_bytes()


def test_edge_cases_still_validate(tmp_path):
    # Given skjerming everywhere, every korrespondanseparttype, several saksmapper, an
    # empty klasse, non-ASCII names, a very long text and control characters
    skjerming = r.Skjerming(
        tilgangsrestriksjon="13",
        skjermingshjemmel="Offl. § 13 jf. fvl. § 13 første ledd nr. 1",
        metadata=(r.SkjermingMetadata.TITTEL_REGISTRERING, r.SkjermingMetadata.KORRESPONDANSEPART),
        dokument=r.SkjermingDokument.HELE,
        skjermingsvarighet=60,
    )
    parts = tuple(
        r.Korrespondansepart(kind, f"Ærlige Åse Øvrebø-{kind.code} 李")
        for kind in r.Korrespondanseparttype
    )
    long_text = "Lang tekst med æøå. " * 5000 + "\x0b\x01 slutt"
    first = s.saksmappe(
        1, skjerming=replace(skjerming, metadata=(r.SkjermingMetadata.TITTEL_MAPPE,))
    )
    posts = [
        s.journalpost(
            1,
            skjerming=skjerming,
            offentlig_tittel="Spørsmål om ***** sin sak",
            korrespondanseparter=parts,
            dokumentbeskrivelser=(s.dokumentbeskrivelse(1, skjerming=skjerming),),
        ),
        s.journalpost(
            2,
            journalposttype=r.Journalposttype.UTGAAENDE,
            tittel=long_text,
            beskrivelse=long_text,
            journalstatus=r.Journalstatus.UTGAAR,
        ),
        s.journalpost(3, journalposttype=r.Journalposttype.ORGANINTERNT_UTEN_OPPFOELGING),
    ]
    source = s.ListSource(
        {
            s.klasse(1): [(first, posts[:2]), (s.saksmappe(2), posts[2:])],
            s.klasse(2): [],
        },
        endring_list=[
            r.Endring(posts[0].system_id, "tittel", s.WHEN, "arkivar", "Gammel ø", "Ny å")
        ],
    )
    folder = tmp_path / "uttrekk"
    export(folder, source)
    for name in s.XSD_FOR:
        s.assert_valid_deposit_file(folder / name)
    text = (folder / "arkivstruktur.xml").read_text("utf-8")
    assert "Øvrebø-GM 李" in text and "\ufffd slutt" in text


def test_it_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "earlier.xml").write_text("x")
    with pytest.raises(r.Noark5Error, match="not an empty folder"):
        export(tmp_path, SyntheticSource(journalposter_total=2))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["earlier.xml"]


def test_a_document_whose_bytes_differ_from_its_checksum_is_refused(tmp_path):
    source = SyntheticSource(journalposter_total=2)

    def wrong(objekt, target):
        target.write(b"not the recorded bytes")

    with pytest.raises(r.Noark5Error, match="SHA-256"):
        export_arkivuttrekk(
            tmp_path / "u",
            source,
            period_start=period()[0],
            period_end=period()[1],
            write_document=wrong,
        )


def test_an_open_saksmappe_or_an_unfinished_journalpost_is_named_in_the_error(tmp_path):
    open_case = s.ListSource({s.klasse(1): [(s.saksmappe(7, avsluttet_dato=None), [])]})
    with pytest.raises(r.Noark5Error, match="2025/7.*not closed"):
        export(tmp_path / "a", open_case)
    unfinished = s.ListSource(
        {s.klasse(1): [(s.saksmappe(1), [s.journalpost(4, journalstatus="Journalført")])]}
    )
    with pytest.raises(r.Noark5Error, match="2025/4.*«Arkivert» or «Utgår»"):
        export(tmp_path / "b", unfinished)


def test_progress_reports_each_stage_up_to_the_total(tmp_path):
    seen = []
    export(
        tmp_path / "u",
        SyntheticSource(journalposter_total=7, per_mappe=3),
        progress=lambda stage, done, total: seen.append((stage, done, total)),
    )
    last = {stage: (done, total) for stage, done, total in seen}
    assert last == {
        "arkivstruktur.xml": (7, 7),
        "loependeJournal.xml": (7, 7),
        "offentligJournal.xml": (7, 7),
    }
