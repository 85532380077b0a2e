"""Reads for the deadline overview and its figures (O5, L2, K1)."""

import datetime
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from somevakt.deadlines.models import CrisisPeriod, QuestionClock, Reminder
from somevakt.organisation.permissions import Action, Actor, require
from somevakt.policy.selectors import policy_in_force_or_none
from somevakt.sources.selectors import channels_visible_to

DUE_SOON_DEFAULT = datetime.timedelta(minutes=60)


def _visible(actor: Actor) -> QuerySet[QuestionClock]:
    return QuestionClock.objects.filter(channel__in=channels_visible_to(actor))


def open_questions(*, actor: Actor) -> QuerySet[QuestionClock]:
    """Questions still waiting for a first answer: crisis questions first (K1), then by
    due time; questions without a deadline (S1) last. A question its author deleted on
    the platform waits for nobody."""
    require(actor, Action.VIEW_DEADLINES)
    return (
        _visible(actor)
        .filter(answered_at__isnull=True, item__deleted_on_platform_at__isnull=True)
        .select_related("item", "channel", "assigned_to", "assigned_unit")
        .order_by("-is_crisis", "due_at", "asked_at")
    )


def due_soon_window() -> datetime.timedelta:
    version = policy_in_force_or_none()
    if version is None:
        return DUE_SOON_DEFAULT
    return datetime.timedelta(minutes=version.policy.reminders.before_due_minutes)


@dataclass(frozen=True)
class CountRow:
    label: str
    open: int
    due_soon: int
    overdue: int


def open_question_counts(
    *, actor: Actor, now: datetime.datetime | None = None
) -> tuple[list[CountRow], list[CountRow]]:
    """Open, due-soon and overdue questions per channel and per assigned person."""
    now = now or timezone.now()
    soon = now + due_soon_window()
    counts = {
        "open": Count("pk"),
        "due_soon": Count("pk", filter=Q(due_at__gt=now, due_at__lte=soon)),
        "overdue": Count("pk", filter=Q(due_at__lte=now)),
    }
    waiting = open_questions(actor=actor).order_by()
    per_channel = waiting.values("channel__name").annotate(**counts).order_by("channel__name")
    per_person = (
        waiting.values("assigned_to__username", "assigned_to__first_name", "assigned_to__last_name")
        .annotate(**counts)
        .order_by("assigned_to__username")
    )
    return (
        [CountRow(r["channel__name"], r["open"], r["due_soon"], r["overdue"]) for r in per_channel],
        [
            CountRow(
                f"{r['assigned_to__first_name']} {r['assigned_to__last_name']}".strip()
                or r["assigned_to__username"]
                or "",
                r["open"],
                r["due_soon"],
                r["overdue"],
            )
            for r in per_person
        ],
    )


def channels_in_crisis(*, actor: Actor) -> QuerySet[CrisisPeriod]:
    require(actor, Action.VIEW_DEADLINES)
    return CrisisPeriod.objects.filter(
        ended_at__isnull=True, channel__in=channels_visible_to(actor)
    ).select_related("channel", "started_by")


def reminders_for(*, actor: Actor, limit: int = 20) -> QuerySet[Reminder]:
    """The newest reminders to this person, for the overview."""
    require(actor, Action.VIEW_DEADLINES)
    return Reminder.objects.filter(recipient_id=actor.pk if actor else None).select_related(
        "clock__item", "clock__channel"
    )[:limit]


@dataclass(frozen=True)
class WeekFigures:
    channel: str
    week: datetime.date
    asked: int
    answered: int
    median_minutes: float | None
    p90_minutes: float | None
    in_time: int
    with_deadline: int  # answered, or due already: the share's denominator

    @property
    def share_in_time(self) -> float | None:
        return self.in_time / self.with_deadline if self.with_deadline else None


# Nearest-rank percentiles with window functions: the value at the smallest rank r with
# r >= p·n. SQLite (3.25+) and PostgreSQL both run it; no row goes through Python.
_PERCENTILES_SQL = """
WITH ranked AS (
    SELECT channel_id, week, working_minutes_to_answer AS minutes,
           ROW_NUMBER() OVER (
               PARTITION BY channel_id, week ORDER BY working_minutes_to_answer
           ) AS rank,
           COUNT(*) OVER (PARTITION BY channel_id, week) AS n
    FROM deadlines_questionclock
    WHERE working_minutes_to_answer IS NOT NULL AND week >= %s AND channel_id IN ({channels})
)
SELECT channel_id, week,
       MIN(CASE WHEN rank * 2 >= n THEN minutes END),
       MIN(CASE WHEN rank * 10 >= n * 9 THEN minutes END)
FROM ranked
GROUP BY channel_id, week
"""


def answer_figures(
    *, actor: Actor, weeks: int = 8, now: datetime.datetime | None = None
) -> list[WeekFigures]:
    """Per channel and week: questions, median and 90th percentile working minutes to the
    first answer, and the share answered within the deadline (O5, L2)."""
    require(actor, Action.VIEW_DEADLINES)
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    since = today - datetime.timedelta(days=today.weekday() + 7 * (weeks - 1))
    channels = dict(channels_visible_to(actor).values_list("pk", "name"))
    if not channels:
        return []
    totals = (
        QuestionClock.objects.filter(week__gte=since, channel_id__in=channels)
        .values("channel_id", "week")
        .annotate(
            asked=Count("pk"),
            answered=Count("pk", filter=Q(answered_at__isnull=False)),
            in_time=Count("pk", filter=Q(answered_in_time=True)),
            with_deadline=Count(
                "pk",
                filter=Q(due_at__isnull=False)
                & (Q(answered_at__isnull=False) | Q(due_at__lte=now)),
            ),
        )
        .order_by()
    )
    placeholders = ", ".join(["%s"] * len(channels))
    with connection.cursor() as cursor:
        cursor.execute(_PERCENTILES_SQL.format(channels=placeholders), [since, *channels])
        percentiles = {
            (channel_id, _as_date(week)): (median, p90)
            for channel_id, week, median, p90 in cursor.fetchall()
        }
    rows = [
        WeekFigures(
            channel=channels[row["channel_id"]],
            week=row["week"],
            asked=row["asked"],
            answered=row["answered"],
            median_minutes=percentiles.get((row["channel_id"], row["week"]), (None, None))[0],
            p90_minutes=percentiles.get((row["channel_id"], row["week"]), (None, None))[1],
            in_time=row["in_time"],
            with_deadline=row["with_deadline"],
        )
        for row in totals
    ]
    return sorted(rows, key=lambda r: (r.channel, r.week))


def _as_date(value: datetime.date | str) -> datetime.date:
    # SQLite hands raw SQL dates back as text.
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value
