"""Screening as stored: each new item version is screened in the ingestion transaction,
so an item is never in the inbox without its findings (nothing is lost if a worker
dies between the two)."""

from collections.abc import Sequence

from django.contrib.auth import get_user_model
from django.db import transaction

from somevakt.inbox.models import Item, ItemKind, ItemVersion
from somevakt.organisation.permissions import Action, Actor, require
from somevakt.policy.selectors import policy_in_force_or_none
from somevakt.screening import Context, Screener, Screening, default_screener
from somevakt.sources.models import Channel
from somevakt.triage.models import Finding, ItemScreening
from somevakt.triage.selectors import policy_context


def _person_names() -> tuple[str, ...]:
    """Staff a personal attack may name (D5)."""
    names = get_user_model().objects.filter(is_active=True).values_list("first_name", "last_name")
    return tuple(
        name for first, last in names for name in (f"{first} {last}".strip(), last) if len(name) > 2
    )


def versions_screen(
    *, versions: Sequence[ItemVersion], screener: Screener | None = None
) -> list[ItemScreening]:
    """Screen item versions under the policy in force and store what was found.

    A version that is its item's current content gets the item's current screening.
    """
    if not versions:
        return []
    screener = screener or default_screener()
    policy = policy_in_force_or_none()
    policy_part = policy_context(policy.pk if policy else None)
    people = _person_names()
    items = Item.objects.select_related("author").in_bulk({version.item_id for version in versions})
    channels = Channel.objects.in_bulk({item.channel_id for item in items.values()})
    parents = dict(
        Item.objects.filter(pk__in={i.parent_id for i in items.values() if i.parent_id})
        .values_list("pk", "text")
    )  # fmt: skip
    screenings: list[tuple[ItemScreening, Screening]] = []
    for version in versions:
        item = items[version.item_id]
        channel = channels[item.channel_id]
        context = Context(
            channel_type=channel.channel_type,
            is_top_level=item.kind == ItemKind.POST,
            parent_text=parents.get(item.parent_id, "") if item.parent_id else "",
            person_names=people,
            by_staff=item.author is not None
            and item.author.platform_author_id == channel.external_id,
            **policy_part,
        )
        result = screener.screen(version.text, context)
        is_current = version.platform_time == item.content_at and version.text == item.text
        severity = result.severity
        screenings.append(
            (
                ItemScreening(
                    item=item,
                    version=version,
                    policy_version=policy,
                    is_current=is_current,
                    language=result.language,
                    is_question=result.is_question,
                    needs_case_processing=result.needs_case_processing,
                    severity=int(severity) if severity is not None else None,
                    needs_moderation=result.needs_moderation,
                    rules=sorted(result.rules),
                    suggested_reply=result.suggested_reply,
                ),
                result,
            )
        )
    # Two versions at the same moment with the same text (e.g. one with a photo) both
    # look current; the one applied last is, as in ingestion.
    marked: set[int] = set()
    for screening, _ in reversed(screenings):
        if screening.is_current and screening.item_id in marked:
            screening.is_current = False
        elif screening.is_current:
            marked.add(screening.item_id)
    with transaction.atomic():
        current_items = [s.item_id for s, _ in screenings if s.is_current]
        ItemScreening.objects.filter(item_id__in=current_items, is_current=True).update(
            is_current=False
        )
        stored = ItemScreening.objects.bulk_create([s for s, _ in screenings])
        Finding.objects.bulk_create(
            Finding(
                screening=row,
                rule=f.rule,
                start=f.start,
                end=f.end,
                words=f.words,
                severity=int(f.severity),
                confidence=f.confidence,
                reason=f.reason,
            )
            for row, (_, result) in zip(stored, screenings, strict=True)
            for f in result.findings
        )
    return stored


def items_rescreen(*, actor: Actor, batch_size: int = 500) -> int:
    """Screen again the current text of every item not yet screened under the policy in
    force, e.g. after a new policy version (D9) or new word lists. Returns the count."""
    require(actor, Action.LOAD_POLICY)
    policy = policy_in_force_or_none()
    done = ItemScreening.objects.filter(is_current=True, policy_version=policy).values("item_id")
    pending = Item.objects.exclude(pk__in=done).filter(version_count__gt=0).order_by("pk")
    count, last = 0, 0
    while batch := list(pending.filter(pk__gt=last).only("pk", "text", "content_at")[:batch_size]):
        last = batch[-1].pk
        current = {(item.pk, item.content_at, item.text) for item in batch}
        versions = [
            version
            for version in ItemVersion.objects.filter(item__in=batch)
            if (version.item_id, version.platform_time, version.text) in current
        ]
        count += len(versions_screen(versions=versions))
    return count
