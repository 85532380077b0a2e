import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from somevakt.audit.services import Change, audit_record, audit_record_many
from somevakt.inbox.models import Author, Item, Thread
from somevakt.moderation.models import ModerationCase, OutboxAction
from somevakt.organisation.permissions import Action, Actor, require, user_of
from somevakt.policy.selectors import policy_in_force, policy_in_force_or_none
from somevakt.privacy import retention
from somevakt.privacy.models import LegalHold, RetentionRun
from somevakt.privacy.selectors import author_data


@dataclass
class RetentionResult:
    """What a run removed (or, dry, would remove), per class of retention.CLASSES."""

    counts: Counter = field(default_factory=Counter)
    thread_ids: list[int] = field(default_factory=list)
    run: RetentionRun | None = None


def _remove_conversations(thread_items: list[int]) -> None:
    cases = ModerationCase.objects.filter(item_id__in=thread_items)
    OutboxAction.objects.filter(case__in=cases).delete()
    cases.delete()
    # Replies point at what they answer (PROTECT); the whole conversation goes at once.
    Item.objects.filter(pk__in=thread_items).update(parent=None)
    Item.objects.filter(pk__in=thread_items).delete()


def _batches(queryset, size: int):
    """Primary keys of `queryset` in batches, re-read after each batch is removed."""
    last = 0
    while ids := list(queryset.filter(pk__gt=last).values_list("pk", flat=True)[:size]):
        yield ids
        last = ids[-1]


def retention_enforce(
    *, actor: Actor, apply: bool, now: datetime.datetime | None = None
) -> RetentionResult:
    """Remove what the policy's [retention] table no longer allows to keep, in batches of
    its batch_size, each batch in one transaction with its audit entry and its counts on
    the run. Dry (apply=False): count the same without removing or recording anything."""
    require(actor, Action.ENFORCE_RETENTION)
    version = policy_in_force()
    rules = version.policy.retention
    cutoffs = retention.Cutoffs.of(rules, now or timezone.now())
    result = RetentionResult()
    if apply:
        result.run = RetentionRun.objects.create(policy_version=version, counts={})

    def record(counts: Counter, **details) -> None:
        result.counts.update(counts)
        if not apply or not counts:
            return
        assert result.run is not None
        result.run.counts = dict(result.counts)
        result.run.save(update_fields=["counts"])
        audit_record(
            actor=actor,
            action="retention.remove",
            target=result.run,
            data={"removed": dict(counts), **details},
            policy_version=version,
        )

    for thread_ids in _batches(retention.candidate_threads(cutoffs), rules.batch_size):
        with transaction.atomic():
            verdicts = list(retention.thread_verdicts(thread_ids, cutoffs))
            counts: Counter = Counter()
            for verdict in verdicts:
                counts.update(verdict.classes)
            if apply and verdicts:
                _remove_conversations([pk for v in verdicts for pk in v.item_ids])
            result.thread_ids += [v.thread_id for v in verdicts]
            record(counts, conversations=[v.thread_id for v in verdicts])
    for name, queryset in (
        (retention.RAW_EVENTS, retention.removable_raw_events(cutoffs)),
        (retention.WEBHOOK_DELIVERIES, retention.removable_webhook_deliveries(cutoffs)),
    ):
        if not apply:
            result.counts[name] = queryset.count()
            continue
        for ids in _batches(queryset, rules.batch_size * 10):
            with transaction.atomic():
                queryset.model.objects.filter(pk__in=ids).delete()
                record(Counter({name: len(ids)}))
    if rules.remove_authors_without_data:
        if not apply:
            # Authors whose last items would go in this run count too.
            leaving = retention.removable_authors(except_threads=result.thread_ids)
            result.counts[retention.AUTHORS] = leaving.count()
        else:
            for ids in _batches(retention.removable_authors(), rules.batch_size * 10):
                with transaction.atomic():
                    Author.objects.filter(pk__in=ids).delete()
                    record(Counter({retention.AUTHORS: len(ids)}))
    if result.run is not None:
        result.run.finished_at = timezone.now()
        result.run.save(update_fields=["finished_at"])
    return result


def retention_due(*, now: datetime.datetime | None = None) -> bool:
    """Whether tonight's run is due: past the policy's run_at and not yet started today."""
    policy = policy_in_force().policy
    zone = ZoneInfo(policy.working_time.time_zone)
    local = (now or timezone.now()).astimezone(zone)
    start = datetime.datetime.combine(local.date(), policy.retention.run_at, tzinfo=zone)
    return local >= start and not RetentionRun.objects.filter(started_at__gte=start).exists()


def legal_hold_place(
    *, actor: Actor, reason: str, thread: Thread | None = None, author: Author | None = None
) -> LegalHold:
    """Keep a conversation or an author's data beyond retention until released."""
    require(actor, Action.PLACE_LEGAL_HOLD)
    if not reason.strip():
        raise ValueError("A legal hold needs a reason. Fix: say why it is kept, e.g. the case.")
    if (thread is None) == (author is None):
        raise ValueError("A legal hold is on one conversation or one author. Fix: give one.")
    with transaction.atomic():
        hold = LegalHold.objects.create(
            thread=thread, author=author, reason=reason.strip(), placed_by=user_of(actor)
        )
        audit_record(actor=actor, action="privacy.hold", target=hold, reason=hold.reason)
    return hold


def legal_hold_release(*, actor: Actor, hold: LegalHold, reason: str) -> LegalHold:
    require(actor, Action.PLACE_LEGAL_HOLD)
    with transaction.atomic():
        hold = LegalHold.objects.select_for_update().get(pk=hold.pk)
        if hold.released_at is None:
            hold.released_at, hold.released_by = timezone.now(), user_of(actor)
            hold.save(update_fields=["released_at", "released_by"])
            audit_record(actor=actor, action="privacy.release", target=hold, reason=reason)
    return hold


def author_export(*, actor: Actor, authors: list[Author], export_format: str) -> dict[str, Any]:
    """Everything held about these author records (GDPR art. 15); who exported whose
    data goes into the audit trail in the same transaction."""
    require(actor, Action.EXPORT_PERSONAL_DATA)
    if not authors:
        raise ValueError("Choose at least one author record to export.")
    version = policy_in_force_or_none()
    with transaction.atomic():
        data = {
            "export": {
                "made_at": timezone.now(),
                "format": export_format,
                "policy_version": version.sha256 if version else "",
                "legal_basis": "GDPR art. 15",
            },
            **author_data(actor=actor, authors=authors),
        }
        audit_record_many(
            actor=actor,
            changes=[
                Change(
                    "privacy.export",
                    author,
                    data={"format": export_format, "items": len(data["items"])},
                )
                for author in authors
            ],
        )
    return data
