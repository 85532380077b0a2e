import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from somevakt.audit.selectors import audit_chain_check, audit_entries_for
from somevakt.inbox.models import Item
from somevakt.moderation.models import (
    BanState,
    CaseState,
    DeletionRecord,
    FeedbackRoute,
    FeedbackState,
    OutboxAction,
    OutboxState,
    Strike,
)
from somevakt.moderation.services import (
    FourEyes,
    IllegalTransition,
    ModerationError,
    ban_approve,
    ban_lift,
    case_approve,
    case_hide,
    case_leave,
    case_propose_deletion,
    case_reject,
    case_retry,
    case_unhide,
)

pytestmark = pytest.mark.django_db


def test_screening_opens_a_case_with_the_rules_found(flagged_case):
    assert flagged_case.state == CaseState.OPEN
    assert "D5" in flagged_case.rules
    assert [e.action for e in audit_entries_for(flagged_case)] == ["moderation.case.open"]


def test_harmless_item_gets_no_case(policy, make_event, main_page):
    from somevakt.inbox.services import item_ingest

    result = item_ingest(event=make_event(external_id="100200300_5", text="Takk for brøytinga!"))
    assert not Item.objects.filter(pk=result.item_id, case__isnull=False).exists()


def test_hiding_is_reversible_and_never_deletes(flagged_case, admin_user, platform, deliver):
    case_hide(actor=admin_user, case=flagged_case, reason="personangrep")
    deliver()
    item = Item.objects.get(pk=flagged_case.item_id)
    assert item.is_hidden_on_platform and item.deleted_on_platform_at is None
    assert "100200300_9" in platform.hidden and not platform.deleted
    case = case_unhide(actor=admin_user, case=flagged_case, reason="misforstått")
    deliver()
    assert case.state == CaseState.OPEN and not platform.hidden


def test_deletion_needs_approval(
    flagged_case, admin_user, informasjonsansvarlig, platform, deliver
):
    case_hide(actor=admin_user, case=flagged_case)
    case_propose_deletion(
        actor=admin_user, case=flagged_case, rules=["D5"], reason="kaller ordføreren idiot"
    )
    deliver()
    assert not platform.deleted  # proposed is not deleted
    case_approve(actor=informasjonsansvarlig, case=flagged_case)
    deliver()
    flagged_case.refresh_from_db()
    assert flagged_case.state == CaseState.EXECUTED
    assert platform.deleted == {"100200300_9"}
    record = DeletionRecord.objects.get(case=flagged_case)
    assert record.content["text"] == "Du er en idiot, ordfører."
    assert record.content["versions"][0]["text"] == "Du er en idiot, ordfører."
    assert (record.proposed_by, record.approved_by) == (admin_user, informasjonsansvarlig)
    assert record.executed_at is not None and "D5" in record.feedback_text
    feedback = flagged_case.feedback
    assert feedback.route == FeedbackRoute.PRIVATE_REPLY and feedback.state == FeedbackState.SENT
    assert [e["effect"] for e in platform.effects] == ["hide", "private_replies", "delete"]
    assert platform.effects[1]["message"] == feedback.text
    assert Strike.objects.get(case=flagged_case).rules == ["D5"]
    steps = [e.action.rsplit(".", 1)[1] for e in audit_entries_for(flagged_case)]
    assert steps == ["open", "hide", "propose", "approve", "execute"]
    assert audit_chain_check().intact


def test_proposer_cannot_approve_own_proposal(flagged_case, informasjonsansvarlig):
    case_propose_deletion(actor=informasjonsansvarlig, case=flagged_case, rules=["D2"])
    with pytest.raises(FourEyes, match="en annen informasjonsansvarlig"):
        case_approve(actor=informasjonsansvarlig, case=flagged_case)
    flagged_case.refresh_from_db()
    assert flagged_case.state == CaseState.PROPOSED
    assert not DeletionRecord.objects.exists()


def _policy_with(policy, **moderation):
    policy.document = {
        **policy.document,
        "moderation": {**policy.document["moderation"], **moderation},
    }
    policy.save()


def test_policy_may_let_the_informasjonsansvarlig_act_alone(
    flagged_case, informasjonsansvarlig, policy
):
    _policy_with(policy, informasjonsansvarlig_may_approve_own_proposal=True)
    case_propose_deletion(actor=informasjonsansvarlig, case=flagged_case, rules=["D2"])
    case = case_approve(actor=informasjonsansvarlig, case=flagged_case)
    assert case.state == CaseState.APPROVED


def test_admin_cannot_approve(flagged_case, admin_user, make_user):
    from somevakt.organisation.models import Role

    other_admin = make_user(Role.ADMIN)
    case_propose_deletion(actor=admin_user, case=flagged_case, rules=["D2"])
    with pytest.raises(PermissionDenied, match="roles: Informasjonsansvarlig"):
        case_approve(actor=other_admin, case=flagged_case)


def test_illegal_transition_says_what_is_possible(flagged_case, informasjonsansvarlig):
    with pytest.raises(IllegalTransition, match="bare mulig når den er: Sletting foreslått"):
        case_approve(actor=informasjonsansvarlig, case=flagged_case)


def test_proposal_must_cite_a_rule(flagged_case, admin_user):
    with pytest.raises(ModerationError, match="ikke regel-id-er: D99"):
        case_propose_deletion(actor=admin_user, case=flagged_case, rules=["D99"])


def test_rejection_needs_a_reason_and_keeps_the_item(
    flagged_case, admin_user, informasjonsansvarlig, platform, deliver
):
    case_propose_deletion(actor=admin_user, case=flagged_case, rules=["D2"])
    with pytest.raises(ModerationError, match="Si hvorfor"):
        case_reject(actor=informasjonsansvarlig, case=flagged_case, reason=" ")
    case = case_reject(actor=informasjonsansvarlig, case=flagged_case, reason="saklig kritikk")
    deliver()
    assert case.state == CaseState.REJECTED and not platform.deleted


def test_platform_errors_are_retried_then_the_case_fails_and_can_be_retried(
    flagged_case, admin_user, informasjonsansvarlig, platform, deliver
):
    case_propose_deletion(actor=admin_user, case=flagged_case, rules=["D2"])
    case_approve(actor=informasjonsansvarlig, case=flagged_case)
    platform.failures = [(400, 190)]  # not retryable: token expired
    platform.failures.insert(0, (503, 2))  # feedback goes first and meets a temporary error
    deliver()
    feedback_action = OutboxAction.objects.get(key__endswith="feedback")
    assert feedback_action.state == OutboxState.PENDING and feedback_action.attempts == 1
    assert feedback_action.next_attempt_at > timezone.now()
    flagged_case.refresh_from_db()
    assert flagged_case.state == CaseState.FAILED and "code 190" in flagged_case.failure
    assert DeletionRecord.objects.get(case=flagged_case).executed_at is None  # kept anyway
    case_retry(actor=informasjonsansvarlig, case=flagged_case)
    deliver()
    flagged_case.refresh_from_db()
    assert flagged_case.state == CaseState.EXECUTED and platform.deleted == {"100200300_9"}


def test_repeated_delete_after_a_crash_is_not_a_second_deletion(
    flagged_case, admin_user, informasjonsansvarlig, platform, deliver, settings
):
    case_propose_deletion(actor=admin_user, case=flagged_case, rules=["D2"])
    case_approve(actor=informasjonsansvarlig, case=flagged_case)
    action = OutboxAction.objects.get(key__endswith="delete")
    platform.deleted.add(action.object_id)  # the worker died after the platform deleted it
    deliver()
    action.refresh_from_db()
    assert action.state == OutboxState.DONE and action.result == {
        "success": True,
        "already_deleted": True,
    }


def _deleted_by_approval(case, admin, approver):
    case_propose_deletion(actor=admin, case=case, rules=["D2"])
    return case_approve(actor=approver, case=case)


def test_third_strike_in_the_window_proposes_a_ban(
    insult_case, admin_user, informasjonsansvarlig, platform, deliver
):
    for number in range(3):
        case = insult_case(20 + number, author_id="troll2", text=f"Faen, dere er idioter {number}")
        _deleted_by_approval(case, admin_user, informasjonsansvarlig)
    author = case.item.author
    ban = author.bans.get()
    assert ban.state == BanState.PROPOSED and ban.proposed_by is None
    assert "3 strikes within 90 days" in ban.reason
    ban_approve(actor=informasjonsansvarlig, ban=ban)
    deliver()
    ban.refresh_from_db()
    assert ban.state == BanState.EXECUTED and ("100200300", "troll2") in platform.blocked
    with pytest.raises(ModerationError, match="Si hvorfor"):
        ban_lift(actor=informasjonsansvarlig, ban=ban, reason="")
    ban_lift(actor=informasjonsansvarlig, ban=ban, reason="Ny sjanse etter samtale")
    deliver()
    assert not platform.blocked


def test_old_strikes_outside_the_window_do_not_count(
    insult_case, admin_user, informasjonsansvarlig
):
    for number in range(3):
        case = insult_case(30 + number, author_id="troll3", text=f"Faen ta dere, idioter {number}")
        _deleted_by_approval(case, admin_user, informasjonsansvarlig)
        if number == 0:
            Strike.objects.filter(case=case).update(
                given_at=timezone.now() - datetime.timedelta(days=91)
            )
    assert not case.item.author.bans.exists()


def test_leave_closes_and_a_new_finding_reopens(flagged_case, admin_user, make_event):
    from somevakt.inbox.services import item_ingest

    case_leave(actor=admin_user, case=flagged_case, reason="ironi")
    item_ingest(
        event=make_event(
            external_id="100200300_9",
            kind="comment",
            parent_external_id="100200300_1",
            thread_external_id="100200300_1",
            author={"id": "troll1", "name": "Trond Troll"},
            text="Du er en idiot og en dust, ordfører.",
            occurred_at=timezone.now(),
            published_at=datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.UTC),
        )
    )
    flagged_case.refresh_from_db()
    assert flagged_case.state == CaseState.OPEN


def test_auto_hide_when_the_policy_allows_it(policy, insult_case, platform, deliver):
    _policy_with(policy, auto_hide=True)
    case = insult_case(40, text="Jeg skal drepe deg, ordfører.")
    assert case.state == CaseState.PROPOSED and case.is_hidden and case.proposed_by is None
    assert "D3" in case.proposed_rules
    deliver()
    assert "100200300_40" in platform.hidden and not platform.deleted
