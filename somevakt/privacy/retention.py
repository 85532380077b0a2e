"""Which conversations and raw payloads the policy's [retention] table lets go, and why.

The conversation (thread) is the unit: its archive decision is taken for the whole of it,
and replies point at what they answer. Each item falls in one class and gets a date from
which it may go; a conversation goes when all of its items may and nothing holds it.
"""

import datetime
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q

from somevakt.archive.models import ArchiveDelivery, DecisionState, DeliveryState, Outcome
from somevakt.connectors.models import DeliveryState as WebhookState
from somevakt.connectors.models import RawEvent, WebhookDelivery
from somevakt.deadlines.models import QuestionClock
from somevakt.inbox.models import Author, Item, Thread
from somevakt.moderation.models import CaseState
from somevakt.policy.schema import Retention
from somevakt.privacy.models import LegalHold

HARMLESS = "harmless"
MODERATED = "moderated"
QUESTIONS = "questions"
ARCHIVED = "archived"
AUTHORS = "authors"
RAW_EVENTS = "raw_events"
WEBHOOK_DELIVERIES = "webhook_deliveries"
CLASSES = (HARMLESS, MODERATED, QUESTIONS, ARCHIVED, AUTHORS, RAW_EVENTS, WEBHOOK_DELIVERIES)

# A case in one of these states is over; any other state keeps its conversation (an open
# or proposed case is work in progress; an executed deletion is A6 material whose record
# and strike point at the case).
CLOSED_CASE_STATES = (CaseState.LEFT, CaseState.ANSWERED, CaseState.HIDDEN, CaseState.REJECTED)


def months_before(moment: datetime.datetime, months: int) -> datetime.datetime:
    """The same day and time `months` calendar months earlier (the 31st becomes the last day)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    next_month = datetime.date(year + month // 12, month % 12 + 1, 1)
    last_day = (next_month - datetime.timedelta(days=1)).day
    return moment.replace(year=year, month=month, day=min(moment.day, last_day))


@dataclass(frozen=True)
class Cutoffs:
    """What happened before these moments may go."""

    harmless: datetime.datetime
    moderated: datetime.datetime
    questions: datetime.datetime
    raw: datetime.datetime
    archived: datetime.datetime

    @classmethod
    def of(cls, retention: Retention, now: datetime.datetime) -> "Cutoffs":
        return cls(
            harmless=months_before(now, retention.harmless_months),
            moderated=months_before(now, retention.moderated_months),
            questions=months_before(now, retention.questions_months),
            raw=now - datetime.timedelta(days=retention.raw_payload_days),
            archived=now - datetime.timedelta(days=retention.archived_days),
        )


@dataclass
class ThreadVerdict:
    thread_id: int
    item_ids: list[int] = field(default_factory=list)
    classes: Counter = field(default_factory=Counter)


def _held_threads() -> Q:
    active = LegalHold.objects.filter(released_at__isnull=True)
    held_author = Item.objects.filter(
        thread=OuterRef("pk"), author__in=active.filter(author__isnull=False).values("author")
    )
    return Q(pk__in=active.filter(thread__isnull=False).values("thread")) | Q(Exists(held_author))


def candidate_threads(cutoffs: Cutoffs):
    """Conversations quiet for at least the shortest period and not held by anything that
    can be seen on the conversation as a whole: a legal hold, an unconfirmed or missing
    archive decision, material archived in somevakt only, an open case or question."""
    shortest = max(cutoffs.harmless, cutoffs.moderated, cutoffs.questions)
    open_case = Item.objects.filter(thread=OuterRef("pk"), case__isnull=False).exclude(
        case__state__in=CLOSED_CASE_STATES
    )
    open_question = QuestionClock.objects.filter(thread=OuterRef("pk"), answered_at__isnull=True)
    return (
        Thread.objects.filter(
            last_activity_at__lt=shortest,
            items__isnull=False,
            archive_decision__state=DecisionState.CONFIRMED,
            archive_decision__outcome__in=(Outcome.NOT_ARCHIVED, Outcome.JOURNALED),
        )
        .exclude(_held_threads())
        .exclude(Exists(open_case))
        .exclude(Exists(open_question))
        .distinct()
        .order_by("pk")
    )


def _receipts(thread_ids: list[int]) -> dict[int, datetime.datetime]:
    """When the records system acknowledged each journaled conversation (the latest
    delivery of its journalpost); a conversation without a receipt is absent."""
    delivered: dict[int, datetime.datetime] = {}
    pending: set[int] = set()
    for thread_id, state, done_at in ArchiveDelivery.objects.filter(
        journalpost__thread_id__in=thread_ids
    ).values_list("journalpost__thread_id", "state", "done_at"):
        if state != DeliveryState.DONE or done_at is None:
            pending.add(thread_id)
        elif thread_id not in delivered or done_at > delivered[thread_id]:
            delivered[thread_id] = done_at
    return {k: v for k, v in delivered.items() if k not in pending}


def thread_verdicts(thread_ids: list[int], cutoffs: Cutoffs) -> Iterator[ThreadVerdict]:
    """The conversations among `thread_ids` whose every item is past its class's period."""
    threads = {
        t.pk: t for t in Thread.objects.filter(pk__in=thread_ids).select_related("archive_decision")
    }
    receipts = _receipts(
        [pk for pk, t in threads.items() if t.archive_decision.outcome == Outcome.JOURNALED]
    )
    answered = dict(
        QuestionClock.objects.filter(thread_id__in=thread_ids).values_list("item_id", "answered_at")
    )
    verdicts: dict[int, ThreadVerdict] = {}
    blocked: set[int] = set()
    items = Item.objects.filter(thread_id__in=thread_ids).values_list(
        "pk",
        "thread_id",
        "deleted_on_platform_at",
        "case__state",
        "case__decided_at",
        "case__updated_at",
    )
    for pk, thread_id, deleted_at, case_state, decided_at, case_updated_at in items:
        thread = threads[thread_id]
        verdict = verdicts.setdefault(thread_id, ThreadVerdict(thread_id))
        if thread.archive_decision.outcome == Outcome.JOURNALED:
            receipt = receipts.get(thread_id)
            keep = receipt is None or receipt > cutoffs.archived
            item_class = ARCHIVED
        else:
            keep = False
            item_class = HARMLESS
        if case_state is not None:
            item_class = MODERATED if item_class == HARMLESS else item_class
            keep = keep or (decided_at or case_updated_at) > cutoffs.moderated
        elif deleted_at is not None:
            item_class = MODERATED if item_class == HARMLESS else item_class
            keep = keep or deleted_at > cutoffs.moderated
        if pk in answered:
            item_class = QUESTIONS if item_class == HARMLESS else item_class
            answered_at = answered[pk]
            keep = keep or answered_at is None or answered_at > cutoffs.questions
        keep = keep or thread.last_activity_at > cutoffs.harmless
        if keep:
            blocked.add(thread_id)
        verdict.item_ids.append(pk)
        verdict.classes[item_class] += 1
    for thread_id, verdict in verdicts.items():
        if thread_id not in blocked:
            yield verdict


def removable_authors(except_threads: list[int] | tuple[int, ...] = ()):
    """Authors of whom nothing is left (no item, strike, ban, question or legal hold)
    outside the conversations `except_threads` (those a dry run would remove)."""
    items = Item.objects.filter(author=OuterRef("pk")).exclude(thread_id__in=except_threads)
    clocks = QuestionClock.objects.filter(author=OuterRef("pk")).exclude(
        thread_id__in=except_threads
    )
    return (
        Author.objects.filter(strikes__isnull=True, bans__isnull=True, legal_holds__isnull=True)
        .exclude(Exists(items))
        .exclude(Exists(clocks))
        .distinct()
    )


def removable_raw_events(cutoffs: Cutoffs):
    return RawEvent.objects.filter(received_at__lt=cutoffs.raw)


def removable_webhook_deliveries(cutoffs: Cutoffs):
    """Webhook bodies ingested before the cutoff whose raw events are gone (or were none)."""
    return WebhookDelivery.objects.filter(
        state=WebhookState.PROCESSED, processed_at__lt=cutoffs.raw, events__isnull=True
    )
