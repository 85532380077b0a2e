"""The figures of the reports, read from indexed tables with aggregates in SQL.

Each figure counts the periods of a series in one query: a UNION ALL of one grouped
SELECT per period, each an index range scan of its half-open interval of local time.
This does what TruncWeek/TruncMonth would, without SQLite calling a Python function for
every row (Django's Trunc* on SQLite does); the indexes the queries need are named beside
each figure. TruncHour groups the crisis view, whose hours are few.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from django.db import connection
from django.db.models import Aggregate, Avg, Count, IntegerField, Max, Q, QuerySet, Sum, Value
from django.db.models.functions import TruncHour
from django.utils import timezone
from django.utils.translation import gettext as _

from somevakt.archive.models import ArchiveDecision, DecisionState, Outcome
from somevakt.deadlines.models import CrisisPeriod, QuestionClock
from somevakt.deadlines.selectors import answer_figures, channels_in_crisis, open_questions
from somevakt.deadlines.services import staff_author_keys
from somevakt.inbox.models import Author, Item, ItemKind
from somevakt.moderation.models import Ban, BanState, CaseState
from somevakt.organisation.permissions import Action, Actor, can, require
from somevakt.reports.charts import Series
from somevakt.reports.models import ChannelInsight, ComplianceObservation
from somevakt.reports.periods import Period
from somevakt.sources.models import ChannelType
from somevakt.sources.selectors import channels_visible_to
from somevakt.triage.models import Finding

SERIES_LENGTH = 12  # periods in a time series: twelve weeks or twelve months
Number = int | float | None
# A case counts as acted on when the item was hidden or deleted (O2).
ACTED_ON_STATES = (CaseState.HIDDEN, CaseState.APPROVED, CaseState.EXECUTED)


@dataclass(frozen=True)
class Figure:
    """One figure: a table of numbers (rows by label) and the chart drawn from it."""

    key: str
    title: str
    rule: str  # the goal or rule of the policy it shows (DESIGN.md)
    chart: Literal["line", "bar"]
    label_heading: str
    labels: list[str]
    columns: list[Series]
    charted: tuple[int, ...] = (0,)  # which columns the chart draws
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    axis_labels: list[str] | None = None  # shorter labels for the chart's axis

    @property
    def chart_labels(self) -> list[str]:
        return self.axis_labels or self.labels

    @property
    def chart_series(self) -> list[Series]:
        return [self.columns[i] for i in self.charted]

    @property
    def rows(self) -> list[tuple[str, list[Number]]]:
        return [
            (label, [column.values[i] for column in self.columns])
            for i, label in enumerate(self.labels)
        ]


@dataclass(frozen=True)
class Report:
    period: Period
    periods: list[Period]
    figures: list[Figure]
    generated_at: datetime.datetime

    def figure(self, key: str) -> Figure:
        return next(f for f in self.figures if f.key == key)


def _per_period(
    queryset: QuerySet,
    field_name: str,
    periods: Sequence[Period],
    measures: dict[str, Aggregate],
    dates: bool = False,
    by: str | None = None,
) -> dict[Any, dict[str, list[Any]]]:
    """The aggregates of each period, keyed by the `by` field's value (None without).

    One query: a UNION ALL of one grouped SELECT per period, each an index range scan of
    its own period, so no row is compared against every period's bounds.
    """
    zone = timezone.get_default_timezone()
    bounds = [
        (p.first_day, p.next_first_day) if dates else (p.start(zone), p.end(zone)) for p in periods
    ]
    group = [by] if by else []
    parts = [
        queryset.filter(**{f"{field_name}__gte": start, f"{field_name}__lt": end})
        .order_by()
        .values(*group, bucket=Value(index, output_field=IntegerField()))
        .annotate(**measures)
        for index, (start, end) in enumerate(bounds)
    ]
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    empty = {name: 0 if isinstance(agg, Count) else None for name, agg in measures.items()}
    result: dict[Any, dict[str, list[Any]]] = {}
    for row in rows:
        key = row[by] if by else None
        values = result.setdefault(key, {name: [empty[name]] * len(periods) for name in measures})
        for name in measures:
            values[name][row["bucket"]] = row[name]
    if by is None and None not in result:
        result[None] = {name: [empty[name]] * len(periods) for name in measures}
    return result


def _counts(queryset: QuerySet, field_name: str, periods: Sequence[Period]) -> list[int]:
    return _per_period(queryset, field_name, periods, {"n": Count("pk")})[None]["n"]


def period_label(period: Period) -> str:
    if period.kind == "week":
        return _("week %(number)s") % {"number": period.first_day.isocalendar()[1]}
    return f"{period.first_day:%m.%Y}"


def _per_period_figure(periods: Sequence[Period], **fields: Any) -> Figure:
    """A figure with a row per period: labelled in full in the table, short on the axis."""
    return Figure(
        label_heading=_("Period"),
        labels=[period_label(p) for p in periods],
        axis_labels=[p.short_label for p in periods],
        **fields,
    )


# --- reach -----------------------------------------------------------------------------


def figure_followers(*, channels: dict[int, str], periods: list[Period]) -> Figure:
    """Goal "reach more people": followers per channel at the end of each period, as the
    platforms report them (index insight_once_per_day: channel, date)."""
    with_insights = list(
        ChannelInsight.objects.filter(channel_id__in=channels, followers__isnull=False)
        .values_list("channel_id", flat=True)
        .distinct()
        .order_by("channel_id")
    )
    per_channel = _per_period(
        ChannelInsight.objects.filter(channel_id__in=with_insights),
        "date",
        periods,
        {"followers": Max("followers")},
        dates=True,
        by="channel_id",
    )
    columns = [
        Series(channels[pk], per_channel.get(pk, {}).get("followers", [None] * len(periods)))
        for pk in with_insights
    ]
    return _per_period_figure(
        periods,
        key="followers",
        title=_("Followers per channel"),
        rule=_("Goal: reach more people"),
        chart="line",
        columns=columns,
        charted=tuple(range(len(columns))),
        note=""
        if columns
        else _("No platform has reported followers yet; see reach for somevakt's own counts."),
    )


def figure_reach(*, channels: dict[int, str], period: Period) -> Figure:
    """Reach per channel in the period: the platform's reach where a connector reports
    insights, else the people who wrote there (distinct authors) as somevakt counts them
    (index item_reports_period: published_at, channel, kind, author)."""
    zone = timezone.get_default_timezone()
    insights = {
        row["channel_id"]: row
        for row in ChannelInsight.objects.filter(
            channel_id__in=channels, date__gte=period.first_day, date__lt=period.next_first_day
        )
        .values("channel_id")
        .annotate(reach=Sum("reach"), impressions=Sum("impressions"), followers=Max("followers"))
        .order_by()
    }
    own = {
        row["channel_id"]: row
        for row in Item.objects.filter(
            channel_id__in=channels,
            published_at__gte=period.start(zone),
            published_at__lt=period.end(zone),
        )
        .values("channel_id")
        .annotate(authors=Count("author_id", distinct=True), items=Count("pk"))
        .order_by()
    }
    shown = sorted(set(insights) | set(own), key=lambda pk: channels[pk])

    def column(source: dict, key: str) -> list[Number]:
        return [source.get(pk, {}).get(key) for pk in shown]

    reach = column(insights, "reach")
    authors = column(own, "authors")
    return Figure(
        key="reach",
        title=_("Reach per channel"),
        rule=_("Goal: reach more people, be where people are"),
        chart="bar",
        label_heading=_("Channel"),
        labels=[channels[pk] for pk in shown],
        columns=[
            Series(
                _("Reach, or people who wrote"),
                [r if r is not None else (a or 0) for r, a in zip(reach, authors, strict=True)],
            ),
            Series(_("Reach (platform)"), reach),
            Series(_("Impressions (platform)"), column(insights, "impressions")),
            Series(_("Followers (platform)"), column(insights, "followers")),
            Series(_("People who wrote"), [a or 0 for a in authors]),
            Series(_("Items"), [v or 0 for v in column(own, "items")]),
        ],
        note=_(
            "Channels whose platform reports no insights are counted by the people who wrote there."
        ),
    )


# --- dialogue and answers (O5, L2) -----------------------------------------------------


def citizen_items(channels: dict[int, str]) -> QuerySet[Item]:
    """Comments, replies and messages not written by the municipality's own staff."""
    staff_ids = {platform_id for _, platform_id in staff_author_keys(list(channels))}
    staff = Author.objects.filter(platform_author_id__in=staff_ids).values("pk")
    return (
        Item.objects.filter(channel_id__in=channels)
        .exclude(kind=ItemKind.POST)
        .exclude(author_id__in=staff)
    )


def figure_dialogue(*, channels: dict[int, str], periods: list[Period]) -> Figure:
    """Goal "build reputation" through dialogue: questions asked, first answers given,
    comments from citizens (indexes: clock asked_at and answered_at, item_reports_period)."""
    clocks = QuestionClock.objects.filter(channel_id__in=channels)
    asked = _counts(clocks, "asked_at", periods)
    answered = _counts(clocks, "answered_at", periods)
    comments = _counts(citizen_items(channels), "published_at", periods)
    return _per_period_figure(
        periods,
        key="dialogue",
        title=_("Dialogue with citizens"),
        rule="O5",
        chart="line",
        columns=[
            Series(_("Questions"), asked),
            Series(_("First answers"), answered),
            Series(_("Comments from citizens"), comments),
        ],
        charted=(0, 1, 2),
    )


def figure_answer_times(
    *, channels: dict[int, str], periods: list[Period], now: datetime.datetime
) -> Figure:
    """Time to first answer against the deadline (O5, L2, K1), from what the answer clock
    stored: working minutes to the first answer and whether it came in time."""
    measures = _per_period(
        QuestionClock.objects.filter(channel_id__in=channels),
        "asked_at",
        periods,
        {
            "asked": Count("pk"),
            "answered": Count("pk", filter=Q(answered_at__isnull=False)),
            "in_time": Count("pk", filter=Q(answered_in_time=True)),
            # As deadlines.answer_figures: answered, or due already.
            "with_deadline": Count(
                "pk",
                filter=Q(due_at__isnull=False)
                & (Q(answered_at__isnull=False) | Q(due_at__lte=now)),
            ),
            "minutes": Avg("working_minutes_to_answer"),
        },
    )[None]
    share = [
        round(100 * in_time / with_deadline, 1) if with_deadline else None
        for in_time, with_deadline in zip(
            measures["in_time"], measures["with_deadline"], strict=True
        )
    ]
    return _per_period_figure(
        periods,
        key="answer_times",
        title=_("Answered within the deadline"),
        rule="O5, L2, K1",
        chart="line",
        columns=[
            Series(_("Share answered in time (%)"), share),
            Series(_("Questions"), measures["asked"]),
            Series(_("Answered"), measures["answered"]),
            Series(_("Answered in time"), measures["in_time"]),
            Series(_("With a deadline"), measures["with_deadline"]),
            Series(
                _("Average working minutes to first answer"),
                [round(m, 1) if m is not None else None for m in measures["minutes"]],
            ),
        ],
    )


def figure_answer_times_by_channel(*, actor: Actor, period: Period) -> Figure | None:
    """Median and 90th percentile per channel for one week, from the deadline figures."""
    if period.kind != "week" or not can(actor, Action.VIEW_DEADLINES):
        return None
    end = period.end() - datetime.timedelta(seconds=1)
    rows = [
        row for row in answer_figures(actor=actor, weeks=1, now=end) if row.week == period.first_day
    ]
    return Figure(
        key="answer_times_by_channel",
        title=_("Working minutes to first answer per channel"),
        rule="O5, L2",
        chart="bar",
        label_heading=_("Channel"),
        labels=[row.channel for row in rows],
        columns=[
            Series(_("Median"), [row.median_minutes for row in rows]),
            Series(_("90th percentile"), [row.p90_minutes for row in rows]),
            Series(_("Questions"), [row.asked for row in rows]),
        ],
        charted=(0, 1),
    )


# --- moderation (D1–D8, O2, O3) ---------------------------------------------------------

_ACTED_ON_BY_RULE = {
    "sqlite": """
        SELECT rule.value, COUNT(*) FROM moderation_moderationcase AS c
        JOIN inbox_item AS i ON i.id = c.item_id, json_each(c.rules) AS rule
        WHERE c.opened_at >= %s AND c.opened_at < %s AND i.channel_id IN ({channels})
          AND (c.is_hidden OR c.state IN ({states}))
        GROUP BY rule.value
    """,
    "postgresql": """
        SELECT rule.value, COUNT(*) FROM moderation_moderationcase AS c
        JOIN inbox_item AS i ON i.id = c.item_id,
             jsonb_array_elements_text(c.rules) AS rule(value)
        WHERE c.opened_at >= %s AND c.opened_at < %s AND i.channel_id IN ({channels})
          AND (c.is_hidden OR c.state IN ({states}))
        GROUP BY rule.value
    """,
}


def figure_moderation_by_rule(*, channels: dict[int, str], period: Period) -> Figure:
    """Items screening flagged per rule, and those acted on (hidden or deleted) per rule
    (indexes: screening screened_at, finding rule, case opened_at)."""
    start, end = period.start(), period.end()
    screened = dict(
        Finding.objects.filter(
            screening__screened_at__gte=start,
            screening__screened_at__lt=end,
            screening__item__channel_id__in=channels,
        )
        .values("rule")
        .annotate(n=Count("screening__item_id", distinct=True))
        .order_by()
        .values_list("rule", "n")
    )
    acted: dict[str, int] = {}
    if channels:
        sql = _ACTED_ON_BY_RULE["postgresql" if connection.vendor == "postgresql" else "sqlite"]
        sql = sql.format(
            channels=", ".join(["%s"] * len(channels)),
            states=", ".join(["%s"] * len(ACTED_ON_STATES)),
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [start, end, *channels, *ACTED_ON_STATES])
            acted = dict(cursor.fetchall())
    rules = sorted(set(screened) | set(acted), key=_rule_order)
    return Figure(
        key="moderation_by_rule",
        title=_("Screened and acted on, by rule"),
        rule="D1–D8, O2",
        chart="bar",
        label_heading=_("Rule"),
        labels=rules,
        columns=[
            Series(_("Flagged by screening"), [screened.get(r, 0) for r in rules]),
            Series(_("Hidden or deleted"), [acted.get(r, 0) for r in rules]),
        ],
        charted=(0, 1),
    )


def _rule_order(rule: str) -> tuple[str, int]:
    return rule[:1], int(rule[1:]) if rule[1:].isdigit() else 0


def figure_bans(*, periods: list[Period]) -> Figure:
    """Bans proposed, put in force and lifted (O3, D3)."""
    proposed = _counts(Ban.objects.all(), "proposed_at", periods)
    in_force = _counts(
        Ban.objects.exclude(state__in=(BanState.PROPOSED, BanState.REJECTED)),
        "decided_at",
        periods,
    )
    lifted = _counts(Ban.objects.all(), "lifted_at", periods)
    return _per_period_figure(
        periods,
        key="bans",
        title=_("Bans"),
        rule="O3, D3",
        chart="bar",
        columns=[
            Series(_("Proposed"), proposed),
            Series(_("Approved"), in_force),
            Series(_("Lifted"), lifted),
        ],
        charted=(0, 1, 2),
    )


# --- compliance (L2–L4, G2, S1, S2) ------------------------------------------------------


def figure_compliance(*, channels: dict[int, str], periods: list[Period]) -> Figure:
    """Compliance findings opened and closed in each period, and open at its end."""
    observed = ComplianceObservation.objects.filter(channel_id__in=channels)
    opened = _counts(observed, "opened_at", periods)
    closed = _counts(observed, "closed_at", periods)
    still_open = []
    for period in periods:
        end = period.end()
        still_open.append(
            observed.filter(
                Q(closed_at__isnull=True) | Q(closed_at__gte=end), opened_at__lt=end
            ).count()
        )
    return _per_period_figure(
        periods,
        key="compliance",
        title=_("Compliance findings"),
        rule="L2–L4, G2, S1, S2",
        chart="line",
        columns=[
            Series(_("Open at the end"), still_open),
            Series(_("Opened"), opened),
            Series(_("Closed"), closed),
        ],
        charted=(0, 1, 2),
    )


# --- archive (A1–A6) ---------------------------------------------------------------------


def figure_archive(*, channels: dict[int, str], periods: list[Period]) -> Figure:
    """Conversations that ended in each period and what became of them: archived,
    archived and journaled, or still waiting for the arkivar's confirmation (A1–A6).
    Counted by when somevakt proposed the outcome (index state, -proposed_at)."""
    decisions = ArchiveDecision.objects.filter(
        Q(thread__channel_id__in=channels) | Q(thread__isnull=True)
    )
    measures = _per_period(
        decisions,
        "proposed_at",
        periods,
        {
            "ended": Count("pk"),
            "archived": Count(
                "pk",
                filter=Q(state=DecisionState.CONFIRMED, outcome=Outcome.ARCHIVED),
            ),
            "journaled": Count(
                "pk",
                filter=Q(state=DecisionState.CONFIRMED, outcome=Outcome.JOURNALED),
            ),
            "waiting": Count("pk", filter=Q(state=DecisionState.PROPOSED)),
        },
    )[None]
    return _per_period_figure(
        periods,
        key="archive",
        title=_("Conversations archived and journaled"),
        rule="A1–A6",
        chart="bar",
        columns=[
            Series(_("Archived"), measures["archived"]),
            Series(_("Archived and journaled"), measures["journaled"]),
            Series(_("Waiting for the records manager"), measures["waiting"]),
            Series(_("Conversations ended"), measures["ended"]),
        ],
        charted=(0, 1, 2),
    )


# --- the whole report -------------------------------------------------------------------


def report_figures(
    *,
    actor: Actor,
    period: Period,
    length: int = SERIES_LENGTH,
    now: datetime.datetime | None = None,
    secret_groups: bool = True,
) -> Report:
    """Every figure for `period`, the time series over the `length` periods ending
    with it, on the channels the actor may see; without secret groups (S2) for a
    report that leaves the room, such as the e-mailed weekly PDF."""
    require(actor, Action.VIEW_REPORTS)
    now = now or timezone.now()
    visible = channels_visible_to(actor)
    if not secret_groups:
        visible = visible.exclude(channel_type=ChannelType.SECRET_GROUP)
    channels = dict(visible.order_by().values_list("pk", "name"))
    periods = period.series(length)
    figures = [
        figure_followers(channels=channels, periods=periods),
        figure_reach(channels=channels, period=period),
        figure_dialogue(channels=channels, periods=periods),
        figure_answer_times(channels=channels, periods=periods, now=now),
        figure_answer_times_by_channel(actor=actor, period=period),
        figure_moderation_by_rule(channels=channels, period=period),
        figure_bans(periods=periods),
        figure_compliance(channels=channels, periods=periods),
        figure_archive(channels=channels, periods=periods),
    ]
    return Report(
        period=period,
        periods=periods,
        figures=[figure for figure in figures if figure is not None],
        generated_at=now,
    )


# --- crisis (K1) ------------------------------------------------------------------------


@dataclass(frozen=True)
class CrisisFigures:
    crises: list[CrisisPeriod]
    since: datetime.datetime
    volume: Figure
    open_questions: list[QuestionClock]
    open_count: int
    answered: int
    answered_in_time: int
    average_minutes: float | None


def crisis_figures(
    *, actor: Actor, now: datetime.datetime | None = None, hours: int = 24
) -> CrisisFigures | None:
    """K1: while channels are in crisis mode, items per hour on them since the crisis
    began (at most `hours` back), the questions still open, and how fast crisis questions
    got their first answer. None when no channel the actor sees is in crisis."""
    require(actor, Action.VIEW_REPORTS)
    now = now or timezone.now()
    crises = list(channels_in_crisis(actor=actor))
    if not crises:
        return None
    channel_ids = [crisis.channel_id for crisis in crises]
    began = min(crisis.started_at for crisis in crises)
    since = max(began, now - datetime.timedelta(hours=hours)).replace(
        minute=0, second=0, microsecond=0
    )
    zone = timezone.get_default_timezone()
    # A crisis day is small: TruncHour over it groups in the database.
    per_hour = dict(
        Item.objects.filter(channel_id__in=channel_ids, published_at__gte=since)
        .annotate(hour=TruncHour("published_at", tzinfo=zone))
        .values("hour")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("hour", "n")
    )
    hours_shown = []
    moment = timezone.localtime(since, zone)
    while moment <= now:
        hours_shown.append(moment)
        moment += datetime.timedelta(hours=1)
    volume = Figure(
        key="crisis_volume",
        title=_("Items per hour on channels in crisis mode"),
        rule="K1",
        chart="bar",
        label_heading=_("Hour"),
        labels=[f"{hour:%d.%m. %H:%M}" for hour in hours_shown],
        axis_labels=[f"{hour:%H}" for hour in hours_shown],
        columns=[Series(_("Items"), [per_hour.get(hour, 0) for hour in hours_shown])],
    )
    waiting = open_questions(actor=actor).filter(channel_id__in=channel_ids)
    answered = QuestionClock.objects.filter(
        channel_id__in=channel_ids, is_crisis=True, asked_at__gte=began
    ).aggregate(
        answered=Count("pk", filter=Q(answered_at__isnull=False)),
        in_time=Count("pk", filter=Q(answered_in_time=True)),
        minutes=Avg("working_minutes_to_answer"),
    )
    return CrisisFigures(
        crises=crises,
        since=since,
        volume=volume,
        open_questions=list(waiting[:50]),
        open_count=waiting.count(),
        answered=answered["answered"],
        answered_in_time=answered["in_time"],
        average_minutes=answered["minutes"],
    )


def channel_names(*, actor: Actor) -> dict[int, str]:
    return dict(channels_visible_to(actor).values_list("pk", "name"))
