"""Every moderation change goes through here: role checks, the four-eyes rule, the state
machine, the audit trail and the outbox are enforced for the pages, the API, the admin
and the management commands alike (O2, O3, D3, G1, A6)."""

import datetime
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from somevakt.audit.services import Change, audit_record, audit_record_many
from somevakt.connectors.capabilities import PlatformAction, supports, why_not
from somevakt.core.json import json_ready
from somevakt.core.leases import due_ids, lease_claim
from somevakt.inbox.models import Author, Item
from somevakt.moderation.feedback import feedback_language, feedback_render, feedback_route
from somevakt.moderation.models import (
    OPEN_BAN_STATES,
    STEP_NAMES,
    AuthorFeedback,
    Ban,
    BanState,
    CaseOrigin,
    CaseState,
    DeletionRecord,
    FeedbackRoute,
    FeedbackState,
    ModerationCase,
    OutboxAction,
    OutboxState,
    Strike,
)
from somevakt.moderation.selectors import strikes_in_window
from somevakt.organisation.models import Role
from somevakt.organisation.permissions import Action, Actor, has_role, require, user_of
from somevakt.policy.models import PolicyVersion
from somevakt.policy.rules import RULE_IDS
from somevakt.policy.selectors import policy_in_force, policy_in_force_or_none
from somevakt.triage.models import ItemScreening, Severity


class ModerationError(Exception):
    """A moderation step that cannot be taken; the message says why and what to do."""


class IllegalTransition(ModerationError):
    pass


class FourEyes(ModerationError):
    pass


# The case's state machine: which step is possible from which states, and where it leads.
TRANSITIONS: dict[str, tuple[frozenset[CaseState], CaseState]] = {
    "leave": (frozenset({CaseState.OPEN}), CaseState.LEFT),
    "answer": (frozenset({CaseState.OPEN, CaseState.LEFT}), CaseState.ANSWERED),
    "hide": (frozenset({CaseState.OPEN, CaseState.LEFT, CaseState.REJECTED}), CaseState.HIDDEN),
    "unhide": (frozenset({CaseState.HIDDEN}), CaseState.OPEN),
    "propose": (
        frozenset({CaseState.OPEN, CaseState.LEFT, CaseState.HIDDEN, CaseState.REJECTED}),
        CaseState.PROPOSED,
    ),
    "approve": (frozenset({CaseState.PROPOSED}), CaseState.APPROVED),
    "reject": (frozenset({CaseState.PROPOSED}), CaseState.REJECTED),
    "execute": (frozenset({CaseState.APPROVED}), CaseState.EXECUTED),
    "fail": (frozenset({CaseState.APPROVED}), CaseState.FAILED),
    "retry": (frozenset({CaseState.FAILED}), CaseState.APPROVED),
    "reopen": (frozenset({CaseState.LEFT, CaseState.ANSWERED}), CaseState.OPEN),
}


RETRY_PAUSES = (10, 30, 120, 600, 1800, 3600)  # seconds before the 2nd, 3rd, … attempt


def _locked(case: ModerationCase) -> ModerationCase:
    return ModerationCase.objects.select_for_update().select_related("item").get(pk=case.pk)


def _step(
    case: ModerationCase,
    step: str,
    *,
    actor: Actor,
    policy: PolicyVersion | None,
    reason: str = "",
    data: dict | None = None,
) -> None:
    sources, target = TRANSITIONS[step]
    if case.state not in sources:
        allowed = ", ".join(sorted(str(CaseState(s).label) for s in sources))
        raise IllegalTransition(
            _("Case %(case)s is '%(state)s'; '%(step)s' is only possible when it is: %(allowed)s.")
            % {
                "case": case.pk,
                "state": case.get_state_display(),
                "step": STEP_NAMES[step],
                "allowed": allowed,
            }
        )
    before = case.state
    case.state = target
    case.policy_version = policy
    case.save()
    audit_record(
        actor=actor,
        action=f"moderation.case.{step}",
        target=case,
        reason=reason,
        data={"from": before, "to": target, **(data or {})},
        policy_version=policy,
    )


def _cited_rules(rules: Sequence[str]) -> list[str]:
    unknown = [rule for rule in rules if rule not in RULE_IDS]
    if unknown or not rules:
        raise ModerationError(
            _("Cite at least one rule of the policy; not rule ids: %(unknown)s.")
            % {"unknown": ", ".join(unknown) or "–"}
        )
    return list(dict.fromkeys(rules))


def _deliver_after_commit(action: OutboxAction, when: datetime.datetime | None = None) -> None:
    from somevakt.moderation.tasks import outbox_deliver  # the task module imports this one

    task = outbox_deliver.using(run_after=when) if when else outbox_deliver
    transaction.on_commit(lambda: task.enqueue(action.pk))


def _enqueue(action: OutboxAction) -> OutboxAction:
    """Store the action in the decision's transaction; deliver it once that commits."""
    action.save()
    _deliver_after_commit(action)
    return action


def _item_action(case: ModerationCase, action: PlatformAction, text: str = ""):
    """Hide, show again or reply; each time a new key (case-7-hide-2 for the second hide)."""
    item = case.item
    if not supports(item.platform, action):
        raise ModerationError(why_not(item.platform, action))
    rounds = case.actions.filter(action=action).count()
    return _enqueue(
        OutboxAction(
            key=f"case-{case.pk}-{action}-{rounds + 1}",
            action=action,
            platform=item.platform,
            object_id=item.external_id,
            text=text,
            case=case,
        )
    )


# --- opening cases ---------------------------------------------------------------------


def cases_open_for_screenings(*, screenings: Sequence[ItemScreening]) -> list[ModerationCase]:
    """Open a case for each item whose current screening needs moderation (system step);
    reopen a case that was left or answered when a new version has findings again, and
    hide at once where the policy lets somevakt do so (auto_hide, immediate_hide rules)."""
    flagged = {s.item_id: s for s in screenings if s.is_current and s.needs_moderation}
    if not flagged:
        return []
    policy = policy_in_force_or_none()  # without a policy, cases open and wait for one
    existing = {c.item_id: c for c in ModerationCase.objects.filter(item_id__in=flagged)}
    opened = ModerationCase.objects.bulk_create(
        ModerationCase(
            item_id=item_id,
            origin=CaseOrigin.SCREENING,
            severity=screening.severity or 0,
            rules=screening.rules,
            policy_version=policy,
        )
        for item_id, screening in flagged.items()
        if item_id not in existing
    )
    if opened and opened[0].pk is None:  # backends without RETURNING on bulk insert
        opened = list(ModerationCase.objects.filter(item_id__in=[c.item_id for c in opened]))
    audit_record_many(
        actor=None,
        changes=[
            Change("moderation.case.open", case, data={"rules": case.rules}) for case in opened
        ],
        policy_version=policy,
    )
    for item_id, case in existing.items():
        case.rules, case.severity = flagged[item_id].rules, flagged[item_id].severity or 0
        case.save(update_fields=["rules", "severity", "updated_at"])
        if case.state in (CaseState.LEFT, CaseState.ANSWERED):
            _step(case, "reopen", actor=None, policy=policy, reason="new version with findings")
    cases = [*opened, *existing.values()]
    if policy is not None:
        _auto_hide(cases, policy)
    return cases


def _auto_hide(cases: list[ModerationCase], policy: PolicyVersion) -> None:
    """Hide at once and propose the deletion, which then waits for approval (G1, O2)."""
    if not policy.policy.moderation.auto_hide:
        return
    hide_now_rules = set(policy.policy.immediate_hide_rules)
    for case in cases:
        rules = [rule for rule in case.rules if rule in hide_now_rules]
        if (
            case.state == CaseState.OPEN
            and case.severity >= Severity.HIDE_NOW
            and rules
            and supports(case.item.platform, PlatformAction.HIDE)
        ):
            _hide(case, actor=None, policy=policy, reason="auto_hide: hide-now finding")
            if supports(case.item.platform, PlatformAction.DELETE):
                _propose(case, actor=None, rules=rules, reason="auto_hide", policy=policy)


@transaction.atomic
def case_report(
    *, actor: Actor, item: Item, note: str, rules: Sequence[str] = ()
) -> ModerationCase:
    """A staff member reports an item by hand; an existing case gets the note."""
    require(actor, Action.REPORT_ITEM)
    if not note.strip():
        raise ModerationError(_("Say in the note what is wrong with the item."))
    policy = policy_in_force()
    case, created = ModerationCase.objects.get_or_create(
        item=item,
        defaults={
            "origin": CaseOrigin.REPORT,
            "opened_by": user_of(actor),
            "policy_version": policy,
        },
    )
    case.report_note = "\n".join(filter(None, [case.report_note, note.strip()]))
    case.rules = sorted(set(case.rules) | set(_cited_rules(rules) if rules else []))
    case.save()
    audit_record(
        actor=actor,
        action="moderation.case.report",
        target=case,
        reason=note,
        data={"rules": case.rules, "created": created},
        policy_version=policy,
    )
    return case


# --- an admin's steps ------------------------------------------------------------------


@transaction.atomic
def case_leave(*, actor: Actor, case: ModerationCase, reason: str = "") -> ModerationCase:
    require(actor, Action.MODERATE)
    case = _locked(case)
    _step(case, "leave", actor=actor, policy=policy_in_force(), reason=reason)
    return case


def _hide(case: ModerationCase, *, actor: Actor, policy: PolicyVersion, reason: str) -> None:
    _item_action(case, PlatformAction.HIDE)
    case.is_hidden = True
    _step(case, "hide", actor=actor, policy=policy, reason=reason)


@transaction.atomic
def case_hide(*, actor: Actor, case: ModerationCase, reason: str = "") -> ModerationCase:
    """Hide at once (G1 and hide-now findings): reversible, never a deletion."""
    require(actor, Action.MODERATE)
    case = _locked(case)
    _hide(case, actor=actor, policy=policy_in_force(), reason=reason)
    return case


@transaction.atomic
def case_unhide(*, actor: Actor, case: ModerationCase, reason: str) -> ModerationCase:
    require(actor, Action.MODERATE)
    if not reason.strip():
        raise ModerationError(_("Say why the item is shown again."))
    case = _locked(case)
    _item_action(case, PlatformAction.UNHIDE)
    case.is_hidden = False
    _step(case, "unhide", actor=actor, policy=policy_in_force(), reason=reason)
    return case


@transaction.atomic
def case_answer(*, actor: Actor, case: ModerationCase, text: str) -> ModerationCase:
    """Answer the item on the platform (e.g. the case-processing reply for D8)."""
    require(actor, Action.MODERATE)
    if not text.strip():
        raise ModerationError(_("Write the answer before sending it."))
    case = _locked(case)
    _item_action(case, PlatformAction.REPLY, text.strip())
    _step(case, "answer", actor=actor, policy=policy_in_force(), data={"text": text.strip()})
    return case


@transaction.atomic
def case_propose_deletion(
    *, actor: Actor, case: ModerationCase, rules: Sequence[str], reason: str = ""
) -> ModerationCase:
    """Propose deleting the item, citing rules; an informasjonsansvarlig decides (O2)."""
    require(actor, Action.MODERATE)
    case = _locked(case)
    _propose(case, actor=actor, rules=rules, reason=reason, policy=policy_in_force())
    return case


def _propose(
    case: ModerationCase,
    *,
    actor: Actor,
    rules: Sequence[str],
    reason: str,
    policy: PolicyVersion,
) -> None:
    if not supports(case.item.platform, PlatformAction.DELETE):
        raise ModerationError(why_not(case.item.platform, PlatformAction.DELETE))
    case.proposed_rules = _cited_rules(rules)
    case.proposal_reason = reason
    case.proposed_by = user_of(actor)
    case.proposed_at = timezone.now()
    case.decided_by, case.decided_at, case.decision_reason = None, None, ""
    _step(
        case,
        "propose",
        actor=actor,
        policy=policy,
        reason=reason,
        data={"rules": case.proposed_rules},
    )


# --- the informasjonsansvarlig's steps -------------------------------------------------


def _require_second_person(actor: Actor, proposer_id: int | None, policy: PolicyVersion) -> None:
    require(actor, Action.APPROVE)
    user = user_of(actor)
    if user is None or proposer_id != user.pk:
        return
    alone = policy.policy.moderation.informasjonsansvarlig_may_approve_own_proposal
    if not (alone and has_role(user, Role.INFORMASJONSANSVARLIG)):
        raise FourEyes(
            _(
                "You proposed this yourself; another informasjonsansvarlig must approve it (O2: "
                "four eyes). The policy's moderation.informasjonsansvarlig_may_approve_own_"
                "proposal is false."
            )
        )


def _content_snapshot(item: Item) -> dict:
    return {
        "platform": item.platform,
        "external_id": item.external_id,
        "channel": item.channel.name,
        "kind": item.kind,
        "author": {
            "id": item.author.platform_author_id if item.author else "",
            "name": item.author.display_name if item.author else "",
        },
        "published_at": item.published_at,
        "text": item.text,
        "links": item.links,
        "attachments": item.attachments,
        "versions": [
            {
                "written": v.platform_time,
                "text": v.text,
                "links": v.links,
                "sha256": v.content_sha256,
            }
            for v in item.versions.all()
        ],
    }


@transaction.atomic
def case_approve(*, actor: Actor, case: ModerationCase, reason: str = "") -> ModerationCase:
    """Approve a proposed deletion: in one transaction the deletion record (A6), the
    feedback to the author (O2), the strike (D3) and the platform actions are stored."""
    require(actor, Action.APPROVE)
    case = _locked(case)
    policy = policy_in_force()
    _require_second_person(actor, case.proposed_by_id, policy)
    now = timezone.now()
    case.decided_by, case.decided_at, case.decision_reason = user_of(actor), now, reason
    _step(case, "approve", actor=actor, policy=policy, reason=reason)
    item = Item.objects.select_related("channel__unit", "author").get(pk=case.item_id)
    screening = item.screenings.filter(is_current=True).first()
    language = feedback_language(screening.language if screening else "nb")
    text = feedback_render(
        policy=policy.policy,
        rules=case.proposed_rules,
        item_text=item.text,
        language=language,
        unit_name=item.channel.unit.name,
    )
    route = feedback_route(item.platform)
    feedback = AuthorFeedback.objects.create(
        case=case,
        language=language,
        text=text,
        route=route,
        state=FeedbackState.MANUAL if route == FeedbackRoute.MANUAL else FeedbackState.PENDING,
    )
    DeletionRecord.objects.create(
        case=case,
        content=json_ready(_content_snapshot(item)),
        rules=case.proposed_rules,
        reason=case.proposal_reason,
        proposed_by=case.proposed_by,
        proposed_at=case.proposed_at or now,
        approved_by=user_of(actor),
        approved_at=now,
        feedback_text=text,
        policy_sha256=policy.sha256,
    )
    if route != FeedbackRoute.MANUAL:
        _enqueue(
            OutboxAction(
                key=f"case-{case.pk}-feedback",
                action=route.value,
                platform=item.platform,
                object_id=item.external_id,
                text=text,
                case=case,
                feedback=feedback,
            )
        )
    _enqueue(
        OutboxAction(
            key=f"case-{case.pk}-delete",
            action=PlatformAction.DELETE,
            platform=item.platform,
            object_id=item.external_id,
            case=case,
        )
    )
    if item.author is not None:
        Strike.objects.create(
            author=item.author, case=case, rules=case.proposed_rules, given_at=now
        )
        _propose_ban_on_threshold(item.author, policy)
    return case


@transaction.atomic
def case_reject(*, actor: Actor, case: ModerationCase, reason: str) -> ModerationCase:
    require(actor, Action.APPROVE)
    case = _locked(case)
    policy = policy_in_force()
    if not reason.strip():
        raise ModerationError(_("Say why the deletion is rejected; the proposer sees it."))
    case.decided_by, case.decided_at, case.decision_reason = (
        user_of(actor),
        timezone.now(),
        reason,
    )
    _step(case, "reject", actor=actor, policy=policy, reason=reason)
    return case


@transaction.atomic
def case_retry(*, actor: Actor, case: ModerationCase) -> ModerationCase:
    """Try a failed deletion again with the same idempotency keys."""
    require(actor, Action.APPROVE)
    case = _locked(case)
    _step(case, "retry", actor=actor, policy=policy_in_force())
    case.failure = ""
    case.save(update_fields=["failure", "updated_at"])
    for action in case.actions.filter(state=OutboxState.FAILED):
        _restart(action)
    return case


def _restart(action: OutboxAction) -> None:
    action.state, action.attempts, action.next_attempt_at = OutboxState.PENDING, 0, timezone.now()
    action.last_error = ""
    _enqueue(action)


@transaction.atomic
def feedback_mark_sent(*, actor: Actor, feedback: AuthorFeedback) -> AuthorFeedback:
    """The feedback was sent by hand (the platform had no route, or the route failed)."""
    require(actor, Action.SEND_FEEDBACK)
    feedback = AuthorFeedback.objects.select_for_update().get(pk=feedback.pk)
    if feedback.state != FeedbackState.MANUAL:
        raise IllegalTransition(_("Only feedback waiting to be sent by hand can be marked sent."))
    feedback.state, feedback.sent_at, feedback.sent_by = (
        FeedbackState.SENT,
        timezone.now(),
        user_of(actor),
    )
    feedback.save()
    audit_record(actor=actor, action="moderation.feedback.sent_by_hand", target=feedback.case)
    return feedback


# --- strikes and bans (O3, D3) ---------------------------------------------------------


def _propose_ban_on_threshold(author: Author, policy: PolicyVersion) -> Ban | None:
    active = author.bans.filter(
        state__in=[BanState.PROPOSED, BanState.APPROVED, BanState.EXECUTED, BanState.FAILED]
    )
    count = strikes_in_window(author, policy.policy.moderation).count()
    if count < policy.policy.moderation.strike_threshold or active.exists():
        return None
    rules = sorted({rule for strike in author.strikes.all() for rule in strike.rules})
    days = policy.policy.moderation.strike_window_days
    return _ban_create(
        author,
        actor=None,
        rules=rules,
        reason=f"{count} strikes within {days} days (O3, D3)",
        policy=policy,
    )


def _ban_create(
    author: Author, *, actor: Actor, rules: list[str], reason: str, policy: PolicyVersion
) -> Ban:
    ban = Ban.objects.create(
        author=author,
        rules=rules,
        reason=reason,
        proposed_by=user_of(actor),
        policy_version=policy,
    )
    audit_record(
        actor=actor,
        action="moderation.ban.propose",
        target=ban,
        reason=reason,
        policy_version=policy,
    )
    return ban


@transaction.atomic
def ban_propose(*, actor: Actor, author: Author, rules: Sequence[str], reason: str) -> Ban:
    require(actor, Action.MODERATE)
    if not supports(author.platform, PlatformAction.BAN):
        raise ModerationError(why_not(author.platform, PlatformAction.BAN))
    if author.bans.filter(state__in=OPEN_BAN_STATES).exists():
        raise ModerationError(
            _("%(author)s already has a ban proposed or in force.") % {"author": author}
        )
    return _ban_create(
        author, actor=actor, rules=_cited_rules(rules), reason=reason, policy=policy_in_force()
    )


def _locked_ban(ban: Ban, *states: BanState, step: str) -> Ban:
    ban = Ban.objects.select_for_update().select_related("author").get(pk=ban.pk)
    if ban.state not in states:
        allowed = ", ".join(str(BanState(s).label) for s in states)
        raise IllegalTransition(
            _("Ban %(ban)s is '%(state)s'; '%(step)s' is only possible when it is: %(allowed)s.")
            % {
                "ban": ban.pk,
                "state": ban.get_state_display(),
                "step": STEP_NAMES[step],
                "allowed": allowed,
            }
        )
    return ban


def _ban_actions(ban: Ban, action: PlatformAction, round_name: str) -> None:
    """One action per channel of the platform where the author wrote to the municipality."""
    author = ban.author
    pages = (
        Item.objects.filter(author=author)
        .values_list("channel__external_id", flat=True)
        .distinct()
        .order_by("channel__external_id")
    )
    for page_id in pages:
        _enqueue(
            OutboxAction(
                key=f"ban-{ban.pk}-{round_name}-{page_id}",
                action=action,
                platform=author.platform,
                page_id=page_id,
                user_id=author.platform_author_id,
                ban=ban,
            )
        )


@transaction.atomic
def ban_approve(*, actor: Actor, ban: Ban, reason: str = "") -> Ban:
    require(actor, Action.APPROVE)
    ban = _locked_ban(ban, BanState.PROPOSED, step="approve")
    policy = policy_in_force()
    _require_second_person(actor, ban.proposed_by_id, policy)
    ban.state, ban.decided_by, ban.decided_at = (
        BanState.APPROVED,
        user_of(actor),
        timezone.now(),
    )
    ban.decision_reason = reason
    ban.save()
    _ban_actions(ban, PlatformAction.BAN, "ban")
    if not ban.actions.exists():
        ban.state = BanState.EXECUTED  # no channel to close: nothing left to carry out
        ban.save(update_fields=["state"])
    audit_record(actor=actor, action="moderation.ban.approve", target=ban, reason=reason)
    return ban


@transaction.atomic
def ban_reject(*, actor: Actor, ban: Ban, reason: str) -> Ban:
    require(actor, Action.APPROVE)
    if not reason.strip():
        raise ModerationError(_("Say why the ban is rejected."))
    ban = _locked_ban(ban, BanState.PROPOSED, step="reject")
    ban.state, ban.decided_by, ban.decided_at = (
        BanState.REJECTED,
        user_of(actor),
        timezone.now(),
    )
    ban.decision_reason = reason
    ban.save()
    audit_record(actor=actor, action="moderation.ban.reject", target=ban, reason=reason)
    return ban


@transaction.atomic
def ban_lift(*, actor: Actor, ban: Ban, reason: str) -> Ban:
    """Unban with a reason: the author may write again."""
    require(actor, Action.APPROVE)
    if not reason.strip():
        raise ModerationError(_("Say why the ban is lifted."))
    ban = _locked_ban(ban, BanState.EXECUTED, BanState.FAILED, step="lift")
    ban.state, ban.lifted_by, ban.lifted_at = BanState.LIFTED, user_of(actor), timezone.now()
    ban.lift_reason = reason
    ban.save()
    if supports(ban.author.platform, PlatformAction.UNBAN):
        _ban_actions(ban, PlatformAction.UNBAN, "unban")
    audit_record(actor=actor, action="moderation.ban.lift", target=ban, reason=reason)
    return ban


@transaction.atomic
def ban_retry(*, actor: Actor, ban: Ban) -> Ban:
    require(actor, Action.APPROVE)
    ban = _locked_ban(ban, BanState.FAILED, step="retry")
    ban.state, ban.failure = BanState.APPROVED, ""
    ban.save()
    for action in ban.actions.filter(state=OutboxState.FAILED):
        _restart(action)
    audit_record(actor=actor, action="moderation.ban.retry", target=ban)
    return ban


# --- the outbox ------------------------------------------------------------------------


def outbox_claim(action_id: int, *, lease: datetime.timedelta) -> bool:
    """Take it if it is due (or its runner died); two workers never run it at once."""
    return lease_claim(OutboxAction, action_id, lease=lease)


def outbox_due_ids(limit: int = 500) -> list[int]:
    return due_ids(OutboxAction, limit)


@transaction.atomic
def outbox_succeeded(action_id: int, result: dict) -> None:
    action = OutboxAction.objects.select_for_update().get(pk=action_id)
    if action.state != OutboxState.RUNNING:
        return  # an earlier run finished it
    now = timezone.now()
    action.state, action.done_at, action.result, action.last_error = (
        OutboxState.DONE,
        now,
        result,
        "",
    )
    action.attempts += 1
    action.save()
    if action.feedback_id:
        AuthorFeedback.objects.filter(pk=action.feedback_id).update(
            state=FeedbackState.SENT, sent_at=now
        )
    elif action.case_id and action.action == PlatformAction.DELETE:
        case = _locked(ModerationCase(pk=action.case_id))
        DeletionRecord.objects.filter(case=case).update(executed_at=now)
        Item.objects.filter(pk=case.item_id).update(deleted_on_platform_at=now)
        _step(case, "execute", actor=None, policy=case.policy_version or policy_in_force())
    elif action.case_id and action.action in (PlatformAction.HIDE, PlatformAction.UNHIDE):
        Item.objects.filter(case__pk=action.case_id).update(
            is_hidden_on_platform=action.action == PlatformAction.HIDE, hidden_state_at=now
        )
    elif action.ban_id and action.action == PlatformAction.BAN:
        ban = Ban.objects.select_for_update().get(pk=action.ban_id)
        if (
            ban.state == BanState.APPROVED
            and not ban.actions.exclude(state=OutboxState.DONE).exists()
        ):
            ban.state = BanState.EXECUTED
            ban.save(update_fields=["state"])
            audit_record(actor=None, action="moderation.ban.execute", target=ban)


@transaction.atomic
def outbox_failed(
    action_id: int,
    message: str,
    *,
    retryable: bool,
    retry_after: datetime.timedelta | None = None,
) -> None:
    """Try again later with a growing pause, or give up after the policy's attempts.

    A platform that is throttling us (`retry_after`) is waited for; that is not a failed
    attempt.
    """
    action = OutboxAction.objects.select_for_update().get(pk=action_id)
    if action.state != OutboxState.RUNNING:
        return
    if retry_after is not None:
        action.state, action.last_error = OutboxState.PENDING, message
        action.next_attempt_at = timezone.now() + retry_after
        action.save()
        _deliver_after_commit(action, when=action.next_attempt_at)
        return
    action.attempts += 1
    action.last_error = message
    limit = policy_in_force().policy.moderation.action_attempts
    if retryable and action.attempts < limit:
        pause = RETRY_PAUSES[min(action.attempts, len(RETRY_PAUSES)) - 1]
        action.state = OutboxState.PENDING
        action.next_attempt_at = timezone.now() + datetime.timedelta(seconds=pause)
        action.save()
        _deliver_after_commit(action, when=action.next_attempt_at)
        return
    action.state = OutboxState.FAILED
    action.save()
    if action.feedback_id:
        # The text is kept: the admin sends it by hand.
        AuthorFeedback.objects.filter(pk=action.feedback_id).update(state=FeedbackState.MANUAL)
    elif action.case_id and action.action == PlatformAction.DELETE:
        case = _locked(ModerationCase(pk=action.case_id))
        case.failure = message
        _step(
            case,
            "fail",
            actor=None,
            policy=case.policy_version or policy_in_force(),
            reason=message,
        )
    elif action.ban_id:
        ban = Ban.objects.select_for_update().get(pk=action.ban_id)
        if ban.state == BanState.APPROVED:
            ban.state, ban.failure = BanState.FAILED, message
            ban.save(update_fields=["state", "failure"])
            audit_record(actor=None, action="moderation.ban.fail", target=ban, reason=message)
