import pytest

from somevakt.moderation.feedback import feedback_language, feedback_render, feedback_route
from somevakt.moderation.models import FeedbackRoute, FeedbackState
from somevakt.moderation.services import (
    IllegalTransition,
    case_approve,
    case_propose_deletion,
    feedback_mark_sent,
)
from somevakt.sources.models import ChannelType, Platform

pytestmark = pytest.mark.django_db


def test_bokmal_feedback_names_rule_excerpt_and_the_proper_channel(policy):
    text = feedback_render(
        policy=policy.policy,
        rules=["D8"],
        item_text="Hei, jeg har fnr 01010112345 og lurer på byggesaken min",
        language="nb",
    )
    assert text.startswith("Hei!\n\nInnlegget ditt på Rakkestad kommunes side er slettet")
    assert "Regel D8 – " in text and "«Hei, jeg har fnr" in text
    assert "post@rakkestad.kommune.no eller tar opp med Servicekontoret" in text
    assert text.endswith("Hilsen Rakkestad kommune")


def test_nynorsk_and_english_authors_get_their_language(policy):
    nynorsk = feedback_render(policy=policy.policy, rules=["D2"], item_text="x", language="nn")
    english = feedback_render(policy=policy.policy, rules=["D2"], item_text="x", language="en")
    assert "er sletta fordi det bryt med reglementet" in nynorsk and "Helsing" in nynorsk
    assert "has been deleted because it breaks the rules" in english
    assert "Rule D2 – " in english and "(in Norwegian)" in english
    assert feedback_language("nn") == "nn" and feedback_language("en") == "en"
    assert feedback_language("sv") == "nb" and feedback_language("und") == "nb"


def test_closed_group_feedback_points_to_the_unit(policy):
    text = feedback_render(
        policy=policy.policy,
        rules=["G1"],
        item_text="Sønnen min har ADHD",
        language="nb",
        unit_name="Bjørnstad barnehage",
    )
    assert "opplysninger som kan være sensitive" in text
    assert "Ta kontakt direkte med Bjørnstad barnehage" in text


def test_long_items_are_shortened_in_the_excerpt(policy):
    text = feedback_render(
        policy=policy.policy, rules=["D2"], item_text="ord " * 200, language="nb"
    )
    assert "…»" in text and len(text) < 1500


def test_unknown_language_is_a_clear_error(policy):
    with pytest.raises(ValueError, match="use one of"):
        feedback_render(policy=policy.policy, rules=["D2"], item_text="x", language="de")


def test_route_follows_what_the_platform_allows():
    assert feedback_route(Platform.FACEBOOK) == FeedbackRoute.PRIVATE_REPLY
    assert feedback_route(Platform.YOUTUBE) == FeedbackRoute.REPLY
    assert feedback_route(Platform.NET_MEETING) == FeedbackRoute.MANUAL


def test_feedback_without_a_platform_route_waits_to_be_sent_by_hand(
    policy, make_channel, make_event, admin_user, informasjonsansvarlig
):
    from somevakt.inbox.services import item_ingest
    from somevakt.moderation.models import ModerationCase

    make_channel(ChannelType.NET_MEETING, platform=Platform.NET_MEETING, external_id="meeting1")
    result = item_ingest(
        event=make_event(
            platform="net_meeting",
            channel="meeting1",
            external_id="q1",
            text="Du er en idiot, ordfører.",
        )
    )
    case = ModerationCase.objects.get(item_id=result.item_id)
    case_propose_deletion(actor=admin_user, case=case, rules=["D5"])
    case_approve(actor=informasjonsansvarlig, case=case)
    feedback = case.feedback
    assert feedback.state == FeedbackState.MANUAL and "Regel D5" in feedback.text
    assert not case.actions.filter(feedback=feedback).exists()
    feedback_mark_sent(actor=admin_user, feedback=feedback)
    feedback.refresh_from_db()
    assert feedback.state == FeedbackState.SENT and feedback.sent_by == admin_user
    with pytest.raises(IllegalTransition):
        feedback_mark_sent(actor=admin_user, feedback=feedback)
