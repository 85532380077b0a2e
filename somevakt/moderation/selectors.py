import datetime
from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from somevakt.audit.models import AuditEntry
from somevakt.audit.selectors import audit_entries_for
from somevakt.connectors.capabilities import PlatformAction, supports, why_not
from somevakt.inbox.models import Author, Item
from somevakt.inbox.selectors import CURRENT_SCREENING
from somevakt.moderation.models import (
    OPEN_BAN_STATES,
    STEP_NAMES,
    Ban,
    BanState,
    CaseState,
    ModerationCase,
    Strike,
)
from somevakt.organisation.permissions import Action, Actor, require
from somevakt.policy.selectors import policy_in_force
from somevakt.sources.selectors import channels_visible_to

if TYPE_CHECKING:
    from somevakt.policy.schema import Moderation

# What waits for an admin; the informasjonsansvarlig's part is in approvals_pending.
QUEUE_STATES = (CaseState.OPEN, CaseState.HIDDEN)


def _cases(actor: Actor) -> QuerySet[ModerationCase]:
    return ModerationCase.objects.filter(
        item__channel__in=channels_visible_to(actor)
    ).select_related("item", "item__channel", "item__author", "proposed_by", "decided_by")


def case_queue(*, actor: Actor, states=QUEUE_STATES) -> QuerySet[ModerationCase]:
    """Cases to handle, most severe first, then oldest first."""
    require(actor, Action.VIEW_MODERATION)
    return (
        _cases(actor)
        .filter(state__in=states)
        .prefetch_related(_item_screening())
        .order_by("-severity", "opened_at", "pk")
    )


def _item_screening() -> Prefetch:
    return Prefetch(
        "item__screenings", queryset=CURRENT_SCREENING.queryset, to_attr="screening_now"
    )


def case_get(*, actor: Actor, case_id: int) -> ModerationCase:
    require(actor, Action.VIEW_MODERATION)
    return (
        _cases(actor)
        .select_related("item__thread", "policy_version")
        .prefetch_related(_item_screening(), "item__versions", "actions")
        .get(pk=case_id)
    )


def case_history(case: ModerationCase) -> list[AuditEntry]:
    """The case's audit entries, oldest first, each with `label`: the step in words."""
    entries = list(audit_entries_for(case))
    for entry in entries:
        step = entry.action.rsplit(".", 1)[-1]
        entry.label = str(STEP_NAMES.get(step, entry.action))  # type: ignore[attr-defined]
    return entries


def case_possible_steps(case: ModerationCase) -> dict[str, str]:
    """For each platform step: "" when possible, else why not (the platform's limits)."""
    platform = case.item.platform
    return {
        action.value: "" if supports(platform, action) else why_not(platform, action)
        for action in (PlatformAction.HIDE, PlatformAction.DELETE, PlatformAction.REPLY)
    }


def approvals_pending(*, actor: Actor) -> tuple[QuerySet[ModerationCase], QuerySet[Ban]]:
    """Proposed and failed deletions and bans, oldest first: the approver's inbox."""
    require(actor, Action.APPROVE)
    cases = (
        _cases(actor)
        .filter(state__in=[CaseState.PROPOSED, CaseState.FAILED])
        .order_by("proposed_at", "pk")
    )
    bans = (
        Ban.objects.filter(state__in=[BanState.PROPOSED, BanState.FAILED])
        .select_related("author", "proposed_by")
        .annotate(strike_count=Count("author__strikes"))
        .order_by("proposed_at", "pk")
    )
    return cases, bans


def strikes_in_window(author: Author, moderation: "Moderation") -> QuerySet[Strike]:
    """The author's strikes that count towards a ban now (O3, D3)."""
    since = timezone.now() - datetime.timedelta(days=moderation.strike_window_days)
    return author.strikes.filter(given_at__gt=since)


def author_get(*, actor: Actor, author_id: int) -> Author:
    require(actor, Action.VIEW_MODERATION)
    return Author.objects.get(pk=author_id)


def author_history(*, actor: Actor, author: Author) -> dict:
    """Everything about one author on one page: items, cases, strikes and bans (O3)."""
    require(actor, Action.VIEW_MODERATION)
    policy = policy_in_force().policy.moderation
    items = (
        Item.objects.filter(author=author, channel__in=channels_visible_to(actor))
        .select_related("channel", "case")
        .order_by("-published_at")
    )
    strikes = author.strikes.select_related("case").order_by("-given_at")
    return {
        "items": items,
        "strikes": strikes,
        "strikes_in_window": strikes_in_window(author, policy).count(),
        "threshold": policy.strike_threshold,
        "window_days": policy.strike_window_days,
        "bans": author.bans.select_related("proposed_by", "decided_by", "lifted_by").order_by(
            "-proposed_at"
        ),
        "can_ban": supports(author.platform, PlatformAction.BAN),
        "why_no_ban": why_not(author.platform, PlatformAction.BAN),
        "open_ban": author.bans.filter(state__in=OPEN_BAN_STATES).exists(),
    }
