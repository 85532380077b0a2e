"""Confirming a proposal journals the conversation: documents with checksums, a
journalpost numbered per year in the channel's saksmappe, parties with private persons
marked, and an arkivmelding waiting in the outbox — all in one transaction."""

import hashlib

import pytest
from django.core.exceptions import PermissionDenied

from somevakt.archive.models import (
    ArchiveDelivery,
    DecisionState,
    Journalpost,
    Outcome,
    Saksmappe,
)
from somevakt.archive.services import (
    ArchiveError,
    FourEyes,
    decision_confirm,
    deletions_classify,
    journalpost_screen,
    next_number,
    threads_classify,
)
from somevakt.archive.storage import archive_path
from somevakt.audit.models import AuditEntry
from somevakt.organisation.models import Role

pytestmark = pytest.mark.django_db

POST = (True, "Kokevarsel for Os: drikkevannet må kokes inntil videre.")
QUESTION = (False, "Hvor lenge varer kokevarselet i Os?")
ANSWER = (True, "Hei! Kokevarselet gjelder til vi har fått nye prøvesvar, trolig fredag.")


def proposed(conversation, *messages):
    thread = conversation(*messages)
    threads_classify()
    return thread.archive_decision


def test_confirming_a_journaled_proposal_makes_a_numbered_journalpost(conversation, arkivar):
    decision = proposed(conversation, POST, QUESTION, ANSWER)
    decision_confirm(actor=arkivar, decision=decision)
    decision.refresh_from_db()
    assert decision.state == DecisionState.CONFIRMED
    assert decision.confirmed_by == arkivar
    post = decision.journalpost
    assert post.journalsekvensnummer == 1
    assert post.journalpostnummer == 1
    assert post.registrerings_id == f"{post.journalaar}/1"
    assert post.journalposttype == "Inngående dokument"
    assert post.journalstatus == "Arkivert"
    assert post.thread == decision.thread
    assert post.saksmappe.mappe_id == f"{post.journalaar}/1"
    parts = {
        (p.korrespondanseparttype, p.navn, p.is_private_person)
        for p in post.korrespondanseparter.all()
    }
    assert ("Avsender", "Innbygger Nummer1", True) in parts
    assert "Nummer1" not in post.offentlig_tittel
    assert AuditEntry.objects.filter(action="archive.journalpost.create").count() == 1
    assert ArchiveDelivery.objects.get(journalpost=post).state == "pending"


def test_the_documents_are_stored_with_their_sha256(conversation, arkivar):
    decision = proposed(conversation, POST, QUESTION, ANSWER)
    decision_confirm(actor=arkivar, decision=decision)
    described = list(decision.journalpost.dokumentbeskrivelser.order_by("dokumentnummer"))
    assert [d.tilknyttet_registrering_som for d in described] == ["Hoveddokument", "Vedlegg"]
    for beskrivelse in described:
        (objekt,) = beskrivelse.dokumentobjekter.all()
        content = archive_path(objekt.path).read_bytes()
        assert hashlib.sha256(content).hexdigest() == objekt.sjekksum
        assert len(content) == objekt.filstoerrelse
    pdf = described[0].dokumentobjekter.get()
    assert archive_path(pdf.path).read_bytes().startswith(b"%PDF-")


def test_journalposter_are_numbered_per_year_and_within_their_saksmappe(conversation, arkivar):
    first = proposed(conversation, POST, QUESTION, ANSWER)
    second = proposed(conversation, POST, QUESTION, ANSWER)
    decision_confirm(actor=arkivar, decision=first)
    decision_confirm(actor=arkivar, decision=second)
    posts = list(Journalpost.objects.order_by("journalsekvensnummer"))
    assert [p.journalsekvensnummer for p in posts] == [1, 2]
    # Two channels: two saksmapper, each with its own journalpostnummer 1.
    assert [p.journalpostnummer for p in posts] == [1, 1]
    assert sorted(Saksmappe.objects.values_list("sekvensnummer", flat=True)) == [1, 2]


def test_the_counter_starts_again_each_year(db):
    assert [next_number("journalpost", 2026) for _ in range(3)] == [1, 2, 3]
    assert next_number("journalpost", 2027) == 1
    assert next_number("journalpost", 2026) == 4


def test_an_archived_proposal_keeps_documents_without_a_journalpost(conversation, arkivar):
    decision = proposed(
        conversation,
        POST,
        (False, "Jeg vil klage på vedtaket om avslag på barnehageplass til sønnen min."),
    )
    assert decision.proposed_outcome == Outcome.ARCHIVED
    decision_confirm(actor=arkivar, decision=decision)
    assert not Journalpost.objects.exists()
    assert decision.dokumentbeskrivelser.count() == 2


def test_an_override_needs_a_reason_and_is_recorded(conversation, arkivar):
    decision = proposed(conversation, POST, (False, "Så fint, takk!"))
    with pytest.raises(ArchiveError, match="Skriv hvorfor du overstyrer"):
        decision_confirm(actor=arkivar, decision=decision, outcome=Outcome.JOURNALED)
    decision_confirm(
        actor=arkivar, decision=decision, outcome=Outcome.JOURNALED, reason="Tilsagn gitt"
    )
    decision.refresh_from_db()
    assert decision.is_overridden and decision.override_reason == "Tilsagn gitt"
    entry = AuditEntry.objects.get(action="archive.decision.confirm")
    assert entry.data == {"proposed": "not_archived", "outcome": "journaled"}


def test_a_decision_is_confirmed_once(conversation, arkivar):
    decision = proposed(conversation, POST, (False, "Så fint, takk!"))
    decision_confirm(actor=arkivar, decision=decision)
    with pytest.raises(ArchiveError, match="allerede bekreftet"):
        decision_confirm(actor=arkivar, decision=decision)


def test_four_eyes_only_the_arkivar_archives_less_than_proposed(
    conversation, informasjonsansvarlig, arkivar
):
    decision = proposed(conversation, POST, QUESTION, ANSWER)
    with pytest.raises(FourEyes):
        decision_confirm(
            actor=informasjonsansvarlig,
            decision=decision,
            outcome=Outcome.NOT_ARCHIVED,
            reason="Bare enkel kommunikasjon",
        )
    decision_confirm(actor=arkivar, decision=decision, outcome=Outcome.NOT_ARCHIVED, reason="Enkel")
    assert not Journalpost.objects.exists()


def test_the_informasjonsansvarlig_may_confirm_and_archive_more(
    conversation, informasjonsansvarlig
):
    decision = proposed(conversation, POST, (False, "Så fint, takk!"))
    decision_confirm(
        actor=informasjonsansvarlig, decision=decision, outcome=Outcome.ARCHIVED, reason="Ros"
    )
    assert decision.dokumentbeskrivelser.exists()


@pytest.mark.parametrize("role", [Role.ADMIN, Role.SERVICEKONTOR, Role.ANSATT])
def test_other_roles_may_not_confirm(conversation, make_user, role):
    decision = proposed(conversation, POST, QUESTION, ANSWER)
    with pytest.raises(PermissionDenied):
        decision_confirm(actor=make_user(role), decision=decision)
    with pytest.raises(PermissionDenied):
        decision_confirm(actor=None, decision=decision)


def test_a6_a_deletion_becomes_a_journalpost_with_the_feedback(deletion_record, arkivar):
    (decision,) = deletions_classify()
    with pytest.raises(ArchiveError, match="A6"):
        decision_confirm(actor=arkivar, decision=decision, outcome=Outcome.ARCHIVED, reason="nei")
    decision = decision_confirm(actor=arkivar, decision=decision)
    post = decision.journalpost
    assert post.journalposttype == "Utgående dokument"
    assert post.deletion_record == deletion_record
    assert post.korrespondanseparter.get(korrespondanseparttype="Mottaker").navn == "Trond Troll"
    deletion_record.refresh_from_db()
    assert deletion_record.archived_at == decision.confirmed_at
    pdf = post.dokumentbeskrivelser.get(dokumentnummer=1).dokumentobjekter.get()
    assert archive_path(pdf.path).stat().st_size == pdf.filstoerrelse


def test_skjerming_by_the_hjemmel_the_arkivar_chooses(conversation, arkivar, informasjonsansvarlig):
    decision = proposed(conversation, POST, QUESTION, ANSWER)
    decision_confirm(actor=arkivar, decision=decision)
    post = decision.journalpost
    hjemmel = "Offl. § 13 jf. fvl. § 13 første ledd nr. 1"
    with pytest.raises(PermissionDenied):
        journalpost_screen(actor=informasjonsansvarlig, journalpost=post, hjemmel=hjemmel)
    with pytest.raises(ArchiveError, match="er ikke en hjemmel"):
        journalpost_screen(actor=arkivar, journalpost=post, hjemmel="§ 99")
    journalpost_screen(actor=arkivar, journalpost=post, hjemmel=hjemmel, words=["kokevarselet"])
    post.refresh_from_db()
    assert post.skjermingshjemmel == hjemmel and post.tilgangsrestriksjon == "13"
    assert "kokevarselet" not in post.offentlig_tittel.lower()
    assert "*****" in post.offentlig_tittel
    assert post.endringer.filter(referanse_metadata="skjermingshjemmel").exists()


def test_a_net_meeting_is_titled_by_its_post_and_sent_to_the_public(conversation, arkivar):
    from somevakt.sources.models import ChannelType, Platform

    thread = conversation(
        (True, "Nettmøte om ny skolestruktur: still dine spørsmål her."),
        (False, "Selger vinterdekk, nesten nye."),
        channel_type=ChannelType.NET_MEETING,
        platform=Platform.NET_MEETING,
    )
    threads_classify()
    post = decision_confirm(actor=arkivar, decision=thread.archive_decision).journalpost
    assert post.tittel.endswith("Nettmøte om ny skolestruktur: still dine spørsmål her.")
    assert post.journalposttype == "Utgående dokument"
    parts = set(post.korrespondanseparter.values_list("korrespondanseparttype", "navn"))
    assert ("Mottaker", "Allmennheten") in parts
