"""A1–A6: each rule decides its own conversations, with reasons in the words of the
policy and arkivforskrifta, through the real inbox, screening and policy."""

import pytest

from somevakt.archive import classification as rules
from somevakt.archive.models import ArchiveDecision, DecisionState, Outcome, UnitKind
from somevakt.archive.services import deletions_classify, threads_classify
from somevakt.policy.selectors import policy_in_force
from somevakt.sources.models import ChannelType, Platform

pytestmark = pytest.mark.django_db

POST = (True, "Brøytemeldingen for i dag: alle kommunale veier i Os er brøytet.")


def decision_for(thread) -> ArchiveDecision:
    threads_classify()
    return ArchiveDecision.objects.get(thread=thread)


def test_a1_a2_a_question_with_an_informative_answer_on_facebook_is_journaled(conversation):
    thread = conversation(
        POST,
        (False, "Når blir Storgata brøytet? Det har ikke vært brøytebil her siden mandag."),
        (True, "Hei! Brøytebilen er i Storgata i løpet av formiddagen. Mvh Rakkestad kommune"),
    )
    decision = decision_for(thread)
    assert decision.proposed_outcome == Outcome.JOURNALED
    assert decision.unit_kind == UnitKind.INQUIRY
    assert decision.facts == {
        "case_processing": True,
        "documentation_value": True,
        "simple_communication": False,
    }
    assert decision.rules == ["A1", "A2"]
    texts = " ".join(r["text"] for r in decision.reasons)
    assert "på lik linje med e-post" in texts
    assert "arkivforskriften § 2-6 første ledd andre punktum" in texts
    assert decision.policy_version == policy_in_force()


def test_a2_thanks_and_greetings_are_simple_communication(conversation):
    thread = conversation(
        POST,
        (False, "Tusen takk til brøytemannskapet, fantastisk jobba i natt!"),
        (True, "Takk for tilbakemeldingen, vi tar den med oss. Mvh Rakkestad kommune"),
    )
    decision = decision_for(thread)
    assert decision.proposed_outcome == Outcome.NOT_ARCHIVED
    assert decision.facts["simple_communication"] is True
    assert "Enkel kommunikasjon" in decision.reasons[0]["text"]


def test_a2_a_question_fully_answered_by_a_link_is_simple_communication(conversation):
    thread = conversation(
        POST,
        (False, "Hvordan søker jeg barnehageplass i Os barnehage?"),
        (True, "Hei! Du søker på rakkestad.kommune.no/barnehage. Lykke til! Mvh Rakkestad kommune"),
    )
    decision = decision_for(thread)
    assert decision.proposed_outcome == Outcome.NOT_ARCHIVED
    assert "lenke" in decision.reasons[0]["text"]


def test_a2_an_unanswered_complaint_is_archived_but_not_journaled(conversation):
    thread = conversation(
        POST, (False, "Jeg vil klage på vedtaket om avslag på barnehageplass til sønnen min.")
    )
    decision = decision_for(thread)
    assert decision.proposed_outcome == Outcome.ARCHIVED
    assert decision.facts["case_processing"] is True
    assert decision.facts["documentation_value"] is False


def test_a2_a_commitment_in_answer_to_a_complaint_is_journaled(conversation):
    thread = conversation(
        POST,
        (False, "Helt uakseptabelt at Storgata ikke er strødd. Noen kommer til å brekke beina."),
        (True, "Hei! Vi har meldt saken videre til teknisk drift. Mvh Rakkestad kommune"),
    )
    assert decision_for(thread).proposed_outcome == Outcome.JOURNALED


def test_a3_a_whole_net_meeting_is_journaled_as_one_document(conversation):
    thread = conversation(
        (True, "Nettmøte om ny skolestruktur: still dine spørsmål her."),
        (False, "Takk!"),  # even simple messages belong to the whole meeting
        (False, "Hvorfor legges Degernes skole ned?"),  # unanswered, still in it
        channel_type=ChannelType.NET_MEETING,
        platform=Platform.NET_MEETING,
    )
    decision = decision_for(thread)
    assert (decision.proposed_outcome, decision.unit_kind) == (Outcome.JOURNALED, "net_meeting")
    assert decision.rules == ["A3"]


def test_a4_a_blog_post_with_its_comments_is_journaled_as_one_document(conversation):
    thread = conversation(
        (True, "Ordføreren blogger: hvorfor vi bygger ny skole på Os."),
        (False, "Så fint!"),
        channel_type=ChannelType.BLOG,
        platform=Platform.WORDPRESS,
    )
    decision = decision_for(thread)
    assert (decision.proposed_outcome, decision.unit_kind) == (Outcome.JOURNALED, "blog_post")
    assert decision.rules == ["A4"]


def test_a5_x_is_normally_not_archived_even_with_a_question(conversation):
    thread = conversation(
        (True, "Brøyting pågår i Os."),
        (False, "Når blir Storgata brøytet?"),
        (True, "Brøytebilen kommer i løpet av formiddagen."),
        channel_type=ChannelType.X_ACCOUNT,
        platform=Platform.X,
    )
    decision = decision_for(thread)
    assert decision.proposed_outcome == Outcome.NOT_ARCHIVED
    assert decision.rules == ["A5"]
    assert "overstyre" in decision.reasons[0]["text"]


def test_a6_every_deletion_record_is_proposed_for_journaling(deletion_record):
    (decision,) = deletions_classify()
    assert decision.deletion_record == deletion_record
    assert (decision.proposed_outcome, decision.unit_kind) == (Outcome.JOURNALED, "deletion")
    assert decision.rules == ["A6"]
    assert deletions_classify() == []  # once


def test_a_conversation_still_active_waits(conversation):
    from django.utils import timezone

    conversation(POST, (False, "Når blir Storgata brøytet?"), at=timezone.now())
    assert threads_classify() == []


def test_a_new_comment_updates_a_proposal_but_never_a_confirmed_decision(conversation, make_event):
    thread = conversation(POST, (False, "Så fint, takk!"))
    decision = decision_for(thread)
    assert decision.proposed_outcome == Outcome.NOT_ARCHIVED
    ArchiveDecision.objects.filter(pk=decision.pk).update(state=DecisionState.CONFIRMED)
    assert threads_classify() == []


@pytest.mark.parametrize(
    ("text", "informative"),
    [
        ("Hei! Kokevarselet gjelder til vi har fått nye prøvesvar, trolig fredag.", True),
        ("Hei! Vi har meldt saken videre til teknisk drift. Mvh Rakkestad kommune", True),
        ("Takk for tilbakemeldingen, vi tar den med oss. Mvh Rakkestad kommune", False),
        ("Hei! Du søker barnehageplass på rakkestad.kommune.no/barnehage. Lykke til!", False),
    ],
)
def test_what_counts_as_information_advice_or_a_commitment(text, informative):
    assert rules.gives_information(text) is informative
