import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from somevakt.connectors.capabilities import PostAction
from somevakt.deadlines.calendar import WorkingCalendar
from somevakt.deadlines.services import calendar_of
from somevakt.governance.checks import CHECKS, Finding, active_channels, own_posts
from somevakt.governance.models import QuietWeekReminder
from somevakt.inbox.models import Item
from somevakt.organisation.models import Role
from somevakt.organisation.permissions import Action, Actor, can, has_role, require
from somevakt.policy.selectors import policy_in_force
from somevakt.publishing.models import Post, PostState
from somevakt.sources.models import Channel, ChannelType
from somevakt.sources.selectors import channel_admin_users, channels_visible_to


def compliance_findings(*, actor: Actor, today: datetime.date | None = None) -> list[Finding]:
    """Everything out of order in how the channels are run (L2, L3, L4, G2, S1, S2),
    by rule, then channel, on the channels the actor may see: a secret group only for its
    members and the informasjonsansvarlig (and the operator)."""
    require(actor, Action.VIEW_COMPLIANCE)
    policy = policy_in_force().policy
    today = today or timezone.localdate()
    visible = set(channels_visible_to(actor).values_list("pk", flat=True))
    findings = [
        finding
        for check in CHECKS
        for finding in check(policy=policy, today=today)
        if finding.channel.pk in visible
    ]
    return sorted(findings, key=lambda f: (f.rule, f.channel.name, f.since))


# --- the weekly content plan of local pages (L2, L4) ------------------------------------

WEEKS_BACK = 2
WEEKS_AHEAD = 6


def _calendar() -> WorkingCalendar:
    return calendar_of(policy_in_force())


def _monday(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def _week_bounds(
    week: datetime.date, calendar: WorkingCalendar
) -> tuple[datetime.datetime, datetime.datetime]:
    """Monday 00:00 to the next Monday 00:00, local time (a week with a clock change is
    an hour shorter or longer)."""
    start = datetime.datetime.combine(week, datetime.time(), tzinfo=calendar.zone)
    end = datetime.datetime.combine(
        week + datetime.timedelta(days=7), datetime.time(), tzinfo=calendar.zone
    )
    return start, end


def week_posts(channel: Channel, week: datetime.date) -> int:
    """How many posts of the page's own fall in the week that starts on Monday `week`
    (local time): those on the page, and those scheduled for it through publishing and not
    yet out. What the content plan and the quiet-week reminder count."""
    start, end = _week_bounds(week, _calendar())
    published = Item.objects.filter(
        own_posts(page_id=channel.external_id),
        channel=channel,
        published_at__gte=start,
        published_at__lt=end,
    ).count()
    scheduled = Post.objects.filter(
        state=PostState.SCHEDULED,
        publish_at__gte=start,
        publish_at__lt=end,
        targets__channel=channel,
        targets__operation=PostAction.PUBLISH,
    ).distinct()
    return published + scheduled.count()


def quiet_week_remind_at(
    week: datetime.date, calendar: WorkingCalendar, working_days_before_end: int
) -> datetime.datetime | None:
    """When a page without a post this week is reminded: the opening of office hours on
    the `working_days_before_end`-th last working day of the week (Thursday in a normal
    week, Tuesday in Easter week); None in a week without a working day."""
    days = [week + datetime.timedelta(days=n) for n in range(7)]
    working = [day for day in days if calendar.is_working_day(day)]
    if not working:
        return None
    day = working[-min(working_days_before_end, len(working))]
    return calendar.office_hours_on(day)[0]


def can_edit_content_plan(actor: Actor, channel: Channel) -> bool:
    """The informasjonsansvarlig, and admins who administer the page today (L2)."""
    if not can(actor, Action.EDIT_CONTENT_PLAN) or channel.channel_type != ChannelType.LOCAL_PAGE:
        return False
    if actor is None or has_role(actor, Role.INFORMASJONSANSVARLIG):
        return True
    return any(user == actor for user in channel_admin_users(channel.pk))


@dataclass(frozen=True)
class PlanWeek:
    monday: datetime.date
    topic: str
    responsible: str
    posts: int
    is_current: bool
    is_past: bool
    remind_at: datetime.datetime | None
    reminder: QuietWeekReminder | None
    # This week has no post yet and the reminder time has come (L2).
    is_quiet: bool

    @property
    def sunday(self) -> datetime.date:
        return self.monday + datetime.timedelta(days=6)

    @property
    def number(self) -> int:
        return self.monday.isocalendar().week


def content_plan(
    *, actor: Actor, channel: Channel, now: datetime.datetime | None = None
) -> list[PlanWeek]:
    """The page's plan from two weeks back to six weeks ahead: the planned topic and who
    writes it, and how many posts of its own each week has had."""
    require(actor, Action.VIEW_CONTENT_PLANS)
    return _plan(channel, range(-WEEKS_BACK, WEEKS_AHEAD + 1), now or timezone.now())


def content_plan_pages(
    *, actor: Actor, now: datetime.datetime | None = None
) -> list[tuple[Channel, PlanWeek]]:
    """Every active local page the actor may see, with this week of its plan."""
    require(actor, Action.VIEW_CONTENT_PLANS)
    now = now or timezone.now()
    pages = active_channels(timezone.localdate(now), ChannelType.LOCAL_PAGE).filter(
        pk__in=channels_visible_to(actor).values("pk")
    )
    return [(page, _plan(page, [0], now)[0]) for page in pages.select_related("unit")]


def _plan(channel: Channel, offsets: Iterable[int], now: datetime.datetime) -> list[PlanWeek]:
    """The weeks `offsets` weeks from this one (0 is this week)."""
    version = policy_in_force()
    calendar = calendar_of(version)
    this_week = _monday(calendar.local(now).date())
    weeks = [this_week + datetime.timedelta(weeks=n) for n in offsets]
    planned = {p.week: p for p in channel.planned_weeks.filter(week__in=weeks)}
    reminders = {r.week: r for r in channel.quiet_week_reminders.filter(week__in=weeks)}
    days_before = version.policy.local_pages.remind_working_days_before_week_end
    plan = []
    for monday in weeks:
        posts = week_posts(channel, monday) if monday <= this_week else 0
        remind_at = quiet_week_remind_at(monday, calendar, days_before)
        entry = planned.get(monday)
        plan.append(
            PlanWeek(
                monday=monday,
                topic=entry.topic if entry else "",
                responsible=entry.responsible if entry else "",
                posts=posts,
                is_current=monday == this_week,
                is_past=monday < this_week,
                remind_at=remind_at,
                reminder=reminders.get(monday),
                is_quiet=monday == this_week
                and posts == 0
                and remind_at is not None
                and now >= remind_at,
            )
        )
    return plan
