"""The public journal shows what the law requires and screens what it must: names of
private persons and screened titles never appear in clear; the løpende journal keeps
them for staff. An empty period writes no journal (the schema needs one entry)."""

from datetime import date

from somevakt.archive.noark5 import records as r
from somevakt.archive.noark5.tests import support as s
from somevakt.archive.noark5.writers import (
    JournalHead,
    write_endringslogg,
    write_loepende_journal,
    write_offentlig_journal,
)

SKJERMING = r.Skjerming(
    tilgangsrestriksjon="13",
    skjermingshjemmel="Offl. § 13 jf. fvl. § 13 første ledd nr. 1",
    metadata=(r.SkjermingMetadata.TITTEL_REGISTRERING, r.SkjermingMetadata.KORRESPONDANSEPART),
)


def entries():
    klasse = s.klasse(1)
    mappe = s.saksmappe(1)
    screened = s.journalpost(
        1,
        tittel="Klage fra Per Privatperson om barnevernet",
        offentlig_tittel="Klage fra ***** om barnevernet",
        skjerming=SKJERMING,
        korrespondanseparter=(
            r.Korrespondansepart(r.Korrespondanseparttype.AVSENDER, "Per Privatperson"),
            r.Korrespondansepart(r.Korrespondanseparttype.INTERN_MOTTAKER, "Saksbehandler Sara"),
        ),
    )
    title_only = s.journalpost(
        2,
        tittel="Søknad om støtte til Anne Hemmelig",
        skjerming=r.Skjerming("13", "Offl. § 13", (r.SkjermingMetadata.TITTEL_REGISTRERING,)),
    )
    one_private_person = s.journalpost(
        3,
        tittel="Spørsmål om brøyting",
        korrespondanseparter=(
            r.Korrespondansepart(r.Korrespondanseparttype.AVSENDER, "Ola Innbygger", skjermet=True),
            r.Korrespondansepart(r.Korrespondanseparttype.MOTTAKER, "Rakkestad kommune"),
        ),
    )
    open_post = s.journalpost(4, tittel="Takk for svaret om åpningstider")
    return [
        r.JournalEntry(klasse, mappe, post)
        for post in (screened, title_only, one_private_person, open_post)
    ]


def head(count: int) -> JournalHead:
    base = s.ListSource({})
    return JournalHead(date(2025, 1, 1), date(2025, 12, 31), count, base.arkiv.arkivskaper)


def test_offentlig_journal_screens_names_and_titles_and_names_the_hjemmel(tmp_path):
    path = tmp_path / "offentligJournal.xml"
    assert write_offentlig_journal(path, head(4), entries()) == 4
    s.assert_valid_deposit_file(path)
    text = path.read_text("utf-8")
    for secret in ("Per Privatperson", "Anne Hemmelig", "Ola Innbygger", "barnevernet</tittel>"):
        assert secret not in text
    assert "Klage fra ***** om barnevernet" in text  # the arkivar's public title
    assert text.count("<korrespondansepartNavn>*****</korrespondansepartNavn>") == 3
    assert "<offentligTittel>*****</offentligTittel>" in text  # screened, none given
    assert "Rakkestad kommune" in text and "Takk for svaret om åpningstider" in text
    assert "Offl. § 13 jf. fvl. § 13 første ledd nr. 1" in text


def test_loepende_journal_keeps_names_for_staff_and_marks_what_is_screened(tmp_path):
    path = tmp_path / "loependeJournal.xml"
    assert write_loepende_journal(path, head(4), entries()) == 4
    s.assert_valid_deposit_file(path)
    text = path.read_text("utf-8")
    assert "Per Privatperson" in text and "Anne Hemmelig" in text
    assert text.count("<skjermingMetadata>Navn korrespondansepart</skjermingMetadata>") == 3


def test_an_empty_period_writes_no_journal_and_no_change_log(tmp_path):
    assert write_offentlig_journal(tmp_path / "offentligJournal.xml", head(0), []) == 0
    assert write_loepende_journal(tmp_path / "loependeJournal.xml", head(0), []) == 0
    assert write_endringslogg(tmp_path / "endringslogg.xml", []) == 0
    assert list(tmp_path.iterdir()) == []


def test_an_empty_period_exports_a_valid_deposit_without_journals(tmp_path):
    from somevakt.archive.noark5.tests.test_deposit_export import addml_properties, export

    folder = tmp_path / "u"
    result = export(folder, s.ListSource({s.klasse(1): []}))
    assert result.counts.registreringer == 0
    assert not (folder / "loependeJournal.xml").exists()
    for name in ("arkivstruktur.xml", "arkivuttrekk.xml"):
        s.assert_valid_deposit_file(folder / name)
    checksums, _counts = addml_properties(folder / "arkivuttrekk.xml")
    assert "loependeJournal.xml" not in checksums
