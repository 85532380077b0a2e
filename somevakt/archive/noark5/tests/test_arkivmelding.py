"""Arkivmeldinger are valid KS Fiks Arkiv v1 messages; receipts are read into a
dataclass, and anything that is not a valid receipt is a clear error."""

import pytest

from somevakt.archive.noark5 import records as r
from somevakt.archive.noark5.arkivmelding import (
    KvitteringError,
    arkivmeldinger_for_saksmappe,
    build_arkivmelding,
    build_feil_kvittering,
    build_kvittering,
    parse_kvittering,
)
from somevakt.archive.noark5.tests import support as s

MESSAGE = "no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett.xsd"
RECEIPT = "no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett.kvittering.xsd"


def test_one_journalpost_alone_is_a_valid_arkivmelding_placed_in_its_saksmappe():
    mappe = s.saksmappe(3)
    message = build_arkivmelding(
        journalpost=s.journalpost(1), parent_saksmappe_system_id=mappe.system_id
    )
    s.assert_valid_fiks(message.xml, MESSAGE)
    assert mappe.system_id.encode() in message.xml
    assert b"<antallFiler>1</antallFiler>" in message.xml
    assert len(message.files) == 1


@pytest.mark.parametrize("kind", list(r.Journalposttype))
def test_every_journalposttype_and_korrespondanseparttype_is_sent_with_its_code(kind):
    parts = tuple(r.Korrespondansepart(t, f"Navn {t.code}") for t in r.Korrespondanseparttype)
    message = build_arkivmelding(
        journalpost=s.journalpost(1, journalposttype=kind, korrespondanseparter=parts),
        saksmappe=s.saksmappe(1),
    )
    s.assert_valid_fiks(message.xml, MESSAGE)
    expected = f"<journalposttype><n5mdk:kode>{kind.code}</n5mdk:kode>"
    assert expected.encode() in message.xml
    assert b"<n5mdk:kode>GM</n5mdk:kode><n5mdk:beskrivelse>Gruppemottaker" in message.xml


def test_a_saksmappe_travels_with_its_first_journalpost_then_one_message_per_journalpost():
    mappe = s.saksmappe(1, offentlig_tittel="Henvendelser ***")
    posts = [s.journalpost(n) for n in range(1, 4)]
    messages = list(arkivmeldinger_for_saksmappe(mappe, posts))
    assert len(messages) == 3
    assert messages[0].saksmappe_system_id == mappe.system_id
    for message, post in zip(messages, posts, strict=True):
        s.assert_valid_fiks(message.xml, MESSAGE)
        assert message.journalpost_system_id == post.system_id
        assert mappe.system_id.encode() in message.xml  # in it, or naming it as parent
    assert list(arkivmeldinger_for_saksmappe(mappe, []))[0].journalpost_system_id is None


def test_skjerming_and_screened_names_are_marked_for_the_archive_system():
    skjerming = r.Skjerming("13", "Offl. § 13", (r.SkjermingMetadata.KORRESPONDANSEPART,))
    message = build_arkivmelding(
        journalpost=s.journalpost(
            1,
            skjerming=skjerming,
            tittel="Ærlig talt – «sitat» & <tegn> " + "lang " * 3000,
        ),
        saksmappe=s.saksmappe(1),
    )
    s.assert_valid_fiks(message.xml, MESSAGE)
    assert b"<erSkjermet>true</erSkjermet>" in message.xml
    assert "Offl. § 13".encode() in message.xml


def test_a_receipt_is_read_into_a_dataclass():
    message = build_arkivmelding(journalpost=s.journalpost(1), saksmappe=s.saksmappe(2))
    xml = build_kvittering(message.xml, journalaar=2025, journalsekvensnummer=41)
    s.assert_valid_fiks(xml, RECEIPT)
    receipt = parse_kvittering(xml)
    assert receipt.ok
    assert receipt.registrering.registrerings_id == "2025/41"
    assert receipt.registrering.system_id == message.journalpost_system_id
    assert receipt.mappe.mappe_id == "2025/2" and receipt.mappe.opprettet
    assert receipt.registrering.dokumenter[0].dokumentnummer == 1


def test_a_refusal_is_read_with_its_reason():
    message = build_arkivmelding(journalpost=s.journalpost(1), saksmappe=s.saksmappe(2))
    xml = build_feil_kvittering(message.xml, feil_id="E-17", feilmelding="Ukjent arkivdel")
    s.assert_valid_fiks(xml, RECEIPT)
    receipt = parse_kvittering(xml)
    assert not receipt.ok
    assert receipt.registrering_feilet.feilmelding == "Ukjent arkivdel"
    assert receipt.mappe_feilet.feil_id == "E-17"


@pytest.mark.parametrize(
    ("xml", "says"),
    [
        (b"not xml at all", "not well-formed"),
        (b"<kvittering/>", "root element"),
        (
            b'<arkivmeldingKvittering xmlns="https://ks-no.github.io/standarder/fiks-protokoll/'
            b'fiks-arkiv/arkivmelding/opprett/kvittering/v1"><registreringKvittering>'
            b"<systemID>not-a-uuid</systemID></registreringKvittering></arkivmeldingKvittering>",
            "not valid",
        ),
        (
            b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
            "root element",
        ),
    ],
)
def test_a_malformed_receipt_is_a_clear_error(xml, says):
    with pytest.raises(KvitteringError, match=says):
        parse_kvittering(xml)


def test_a_message_needs_something_to_create():
    with pytest.raises(r.Noark5Error, match="needs a saksmappe"):
        build_arkivmelding()
