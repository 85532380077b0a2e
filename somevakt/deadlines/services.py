"""Answer clocks, assignment, crisis mode and reminders (O4, O5, L2, K1).

`questions_clock` runs inside the ingestion transaction, right after screening: a
question and its clock are committed together.
"""

import datetime
import logging
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import lru_cache

from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from somevakt.audit.services import audit_record
from somevakt.deadlines.calendar import WorkingCalendar
from somevakt.deadlines.clock import CRISIS_RULE, crisis_due, due_for
from somevakt.deadlines.models import CrisisPeriod, QuestionClock, Reminder, ReminderKind
from somevakt.inbox.models import Item
from somevakt.organisation.models import Role, Unit
from somevakt.organisation.permissions import Action, Actor, require, user_of
from somevakt.policy.models import PolicyVersion
from somevakt.policy.schema import WorkingTime
from somevakt.policy.selectors import policy_in_force, policy_in_force_or_none
from somevakt.sources.models import Channel, ChannelMember, current_membership
from somevakt.sources.selectors import channel_admin_users
from somevakt.triage.models import ItemScreening

logger = logging.getLogger(__name__)


@lru_cache(maxsize=8)
def _calendar(working_time: WorkingTime) -> WorkingCalendar:
    # Keyed by the [working_time] table itself: the calendar keeps its holidays loaded.
    return WorkingCalendar.from_policy(working_time)


def calendar_of(version: PolicyVersion) -> WorkingCalendar:
    """The working calendar of a policy version (O4, O5)."""
    return _calendar(version.policy.working_time)


def week_of(instant: datetime.datetime, calendar: WorkingCalendar) -> datetime.date:
    """Monday of the local week of `instant`."""
    day = calendar.local(instant).date()
    return day - datetime.timedelta(days=day.weekday())


def staff_author_keys(channel_ids: Collection[int]) -> set[tuple[int, str]]:
    """(channel, platform author id) of everyone who answers for the municipality there:
    the page or account itself and employees registered as its admins or members."""
    keys = set(Channel.objects.filter(pk__in=channel_ids).values_list("pk", "external_id"))
    today = timezone.localdate()
    keys |= set(
        ChannelMember.objects.filter(
            current_membership(today),
            channel_id__in=channel_ids,
            is_employee=True,
        )
        .exclude(platform_person_id="")
        .values_list("channel_id", "platform_person_id")
    )
    return keys


def _crisis_periods(channel_ids: Collection[int]) -> dict[int, list[CrisisPeriod]]:
    periods = defaultdict(list)
    for period in CrisisPeriod.objects.filter(channel_id__in=channel_ids):
        periods[period.channel_id].append(period)
    return periods


def _in_crisis(periods: Iterable[CrisisPeriod], moment: datetime.datetime) -> bool:
    return any(
        p.started_at <= moment and (p.ended_at is None or moment < p.ended_at) for p in periods
    )


def _answered_by(
    answer: Item, parent: Item | None, clocks: list[QuestionClock]
) -> list[QuestionClock]:
    """The open clocks a staff item answers: a reply to a citizen's comment answers that
    citizen; anything else in the thread answers everyone who asked before it."""
    assert answer.published_at is not None
    waiting = [c for c in clocks if c.is_open and c.asked_at <= answer.published_at]
    if parent is not None and parent.author_id is not None:
        theirs = [c for c in waiting if c.author_id == parent.author_id]
        if theirs:
            return theirs
    return waiting


def _stop(clock: QuestionClock, *, at: datetime.datetime, calendar: WorkingCalendar) -> None:
    clock.answered_at = at
    clock.working_minutes_to_answer = max(0.0, calendar.working_minutes_between(clock.asked_at, at))
    clock.answered_in_time = None if clock.due_at is None else at <= clock.due_at


_STOP_FIELDS = ["answered_at", "answer_item", "working_minutes_to_answer", "answered_in_time"]


def questions_clock(*, item_ids: Collection[int]) -> list[QuestionClock]:
    """Start the clock of every new question among these items and stop the clocks that
    an answer from staff among them (or already in their threads) answers.

    A citizen's question starts a clock unless the same author already waits for an
    answer in that thread; asking again after an answer reopens (a new clock that
    follows up the answered one). Without a policy in force no clock runs.
    """
    version = policy_in_force_or_none()
    if version is None or not item_ids:
        return []
    policy, calendar = version.policy, calendar_of(version)
    items = list(
        Item.objects.filter(pk__in=item_ids, published_at__isnull=False)
        .select_related("author", "channel")
        .order_by("published_at", "pk")
    )
    channel_ids = {item.channel_id for item in items}
    staff = staff_author_keys(channel_ids)

    def by_staff(item: Item) -> bool:
        return (
            item.author is not None and (item.channel_id, item.author.platform_author_id) in staff
        )

    questions = set(
        ItemScreening.objects.filter(item_id__in=item_ids, is_current=True, is_question=True)
        .values_list("item_id", flat=True)
    )  # fmt: skip
    already = set(
        QuestionClock.objects.filter(item_id__in=item_ids).values_list("item_id", flat=True)
    )
    asking = [i for i in items if i.pk in questions and i.pk not in already and not by_staff(i)]
    threads = {item.thread_id for item in items}
    clocks_by_thread: dict[int, list[QuestionClock]] = defaultdict(list)
    for clock in QuestionClock.objects.filter(thread_id__in=threads).order_by("asked_at"):
        clocks_by_thread[clock.thread_id].append(clock)
    crises = _crisis_periods(channel_ids)

    started = []
    for item in asking:
        assert item.published_at is not None
        earlier = [
            c
            for c in clocks_by_thread[item.thread_id]
            if c.author_id == item.author_id and c.asked_at <= item.published_at
        ]
        if earlier and earlier[-1].is_open:
            continue  # the same citizen still waits for the first answer
        in_crisis = _in_crisis(crises[item.channel_id], item.published_at)
        due = due_for(
            calendar=calendar,
            deadline=policy.deadline_for(item.channel.channel_type, item.channel.slug),
            arrived_at=item.published_at,
            crisis=policy.crisis if in_crisis else None,
        )
        clock = QuestionClock(
            item=item,
            channel_id=item.channel_id,
            thread_id=item.thread_id,
            author_id=item.author_id,
            asked_at=item.published_at,
            week=week_of(item.published_at, calendar),
            due_at=due.at,
            rule=due.rule,
            is_crisis=in_crisis,
            reopens=earlier[-1] if earlier else None,
        )
        started.append(clock)
        clocks_by_thread[item.thread_id].append(clock)
    QuestionClock.objects.bulk_create(started)

    # Answers: the first staff item at or after the question, in its thread.
    open_threads = {
        thread for thread, clocks in clocks_by_thread.items() if any(c.is_open for c in clocks)
    }
    in_threads = {
        item.pk: item
        for item in Item.objects.filter(thread_id__in=open_threads, published_at__isnull=False)
        .select_related("author")
        .order_by("published_at", "pk")
    }
    stopped = []
    for answer in in_threads.values():
        if not by_staff(answer):
            continue
        assert answer.published_at is not None
        parent = in_threads.get(answer.parent_id) if answer.parent_id else None
        for clock in _answered_by(answer, parent, clocks_by_thread[answer.thread_id]):
            _stop(clock, at=answer.published_at, calendar=calendar)
            clock.answer_item = answer
            stopped.append(clock)
    QuestionClock.objects.bulk_update([c for c in stopped if c.pk], _STOP_FIELDS)
    return started


@transaction.atomic
def question_answer_record(
    *, actor: Actor, clock: QuestionClock, answered_at: datetime.datetime | None = None
) -> QuestionClock:
    """Record that staff answered a question in somevakt (or by phone, mail, in person)."""
    require(actor, Action.ANSWER_QUESTIONS)
    clock = QuestionClock.objects.select_for_update().get(pk=clock.pk)
    if not clock.is_open:
        return clock
    answered_at = answered_at or timezone.now()
    if answered_at < clock.asked_at:
        raise ValueError(
            f"the answer time {answered_at.isoformat()} is before the question was asked "
            f"({clock.asked_at.isoformat()}). Fix: give the time the answer was sent"
        )
    _stop(clock, at=answered_at, calendar=calendar_of(policy_in_force()))
    clock.answered_by = user_of(actor)
    clock.save(update_fields=[*_STOP_FIELDS, "answered_by"])
    audit_record(
        actor=actor,
        action="deadlines.question_answered",
        target=clock,
        data={"answered_at": answered_at, "in_time": clock.answered_in_time},
    )
    return clock


@transaction.atomic
def question_assign(
    *, actor: Actor, clock: QuestionClock, user: User | None = None, unit: Unit | None = None
) -> QuestionClock:
    """Give a question to a person, a unit or both; None takes it back from them."""
    require(actor, Action.ASSIGN_QUESTIONS)
    clock.assigned_to, clock.assigned_unit = user, unit
    clock.reminded_at = None  # the new person gets their own reminder
    clock.save(update_fields=["assigned_to", "assigned_unit", "reminded_at"])
    audit_record(
        actor=actor,
        action="deadlines.question_assigned",
        target=clock,
        data={"user": user.get_username() if user else None, "unit": unit.name if unit else None},
    )
    return clock


# --- crisis mode (K1) ------------------------------------------------------------------


def _reason(reason: str, what: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ValueError(f"{what} needs a reason. Fix: write why, e.g. «Flom i Rakkestad sentrum»")
    return reason


@transaction.atomic
def crisis_start(
    *,
    actor: Actor,
    channels: Collection[Channel],
    reason: str,
    now: datetime.datetime | None = None,
) -> list[CrisisPeriod]:
    """Put channels in crisis mode (K1): questions there are due within the policy's
    crisis minutes, and open questions are moved up to that deadline. Audited."""
    require(actor, Action.DECLARE_CRISIS)
    reason = _reason(reason, _("Crisis mode"))
    if not channels:
        raise ValueError("no channel was chosen. Fix: choose the channels the crisis concerns")
    version = policy_in_force()
    crisis, calendar = version.policy.crisis, calendar_of(version)
    now = now or timezone.now()
    user = user_of(actor)
    # Locked, so that two clicks at once start one crisis period, not two.
    list(Channel.objects.select_for_update().filter(pk__in=[c.pk for c in channels]))
    started = []
    for channel in channels:
        if CrisisPeriod.objects.filter(channel=channel, ended_at__isnull=True).exists():
            continue  # already in crisis mode
        period = CrisisPeriod.objects.create(
            channel=channel, reason=reason, started_at=now, started_by=user
        )
        due = crisis_due(calendar=calendar, crisis=crisis, arrived_at=now)
        waiting = QuestionClock.objects.filter(channel=channel, answered_at__isnull=True)
        moved = waiting.filter(Q(due_at__isnull=True) | Q(due_at__gt=due)).update(
            due_at=due, rule=CRISIS_RULE, is_crisis=True
        )
        waiting.update(is_crisis=True)
        audit_record(
            actor=actor,
            action="deadlines.crisis_started",
            target=period,
            reason=reason,
            data={
                "channel": channel.slug,
                "answer_minutes": crisis.answer_minutes,
                "around_the_clock": crisis.around_the_clock,
                "questions_moved_up": moved,
            },
            policy_version=version,
        )
        started.append(period)
    return started


@transaction.atomic
def crisis_end(
    *,
    actor: Actor,
    channels: Collection[Channel],
    reason: str,
    now: datetime.datetime | None = None,
) -> list[CrisisPeriod]:
    """End crisis mode on channels; questions asked after it run on the usual clock."""
    require(actor, Action.DECLARE_CRISIS)
    reason = _reason(reason, _("Ending crisis mode"))
    now = now or timezone.now()
    ended = []
    for period in CrisisPeriod.objects.select_for_update().filter(
        channel__in=channels, ended_at__isnull=True
    ):
        period.ended_at, period.end_reason = now, reason
        period.ended_by = user_of(actor)
        period.save(update_fields=["ended_at", "end_reason", "ended_by"])
        audit_record(
            actor=actor,
            action="deadlines.crisis_ended",
            target=period,
            reason=reason,
            data={"channel": period.channel.slug, "started_at": period.started_at},
        )
        ended.append(period)
    return ended


# --- reminders -------------------------------------------------------------------------


@dataclass(frozen=True)
class RemindersSent:
    due_soon: int
    overdue: int


def _information_officers() -> list[User]:
    return list(User.objects.filter(groups__name=Role.INFORMASJONSANSVARLIG, is_active=True))


def reminders_send(*, actor: Actor = None, now: datetime.datetime | None = None) -> RemindersSent:
    """Remind whoever has a question before it is due (O5, L2) and escalate overdue
    questions to the informasjonsansvarlig; in the UI and by e-mail where there is an
    address. Each clock is claimed with a conditional UPDATE, so reminders go out once
    even if several processes run this at the same time."""
    require(actor, Action.SEND_REMINDERS)
    version = policy_in_force_or_none()
    if version is None:
        return RemindersSent(0, 0)
    now = now or timezone.now()
    lead = datetime.timedelta(minutes=version.policy.reminders.before_due_minutes)
    open_clocks = QuestionClock.objects.filter(
        answered_at__isnull=True,
        due_at__isnull=False,
        item__deleted_on_platform_at__isnull=True,
    )
    counts = {}
    for kind, clocks, claim_field in (
        (
            ReminderKind.DUE_SOON,
            open_clocks.filter(due_at__gt=now, due_at__lte=now + lead, reminded_at__isnull=True),
            "reminded_at",
        ),
        (
            ReminderKind.OVERDUE,
            open_clocks.filter(due_at__lte=now, escalated_at__isnull=True),
            "escalated_at",
        ),
    ):
        sent = 0
        for clock in clocks.select_related("item", "channel", "assigned_to"):
            claimed = QuestionClock.objects.filter(pk=clock.pk, **{f"{claim_field}__isnull": True})
            if not claimed.update(**{claim_field: now}):
                continue  # another process took it
            if kind == ReminderKind.DUE_SOON:
                assigned = clock.assigned_to
                recipients = [assigned] if assigned else channel_admin_users(clock.channel_id)
            else:
                recipients = [
                    *_information_officers(),
                    *([clock.assigned_to] if clock.assigned_to else []),
                ]
            _remind(clock, kind, {user.pk: user for user in recipients}.values(), now)
            sent += 1
        counts[kind] = sent
    return RemindersSent(
        due_soon=counts[ReminderKind.DUE_SOON], overdue=counts[ReminderKind.OVERDUE]
    )


def _remind(
    clock: QuestionClock, kind: ReminderKind, recipients: Iterable[User], now: datetime.datetime
) -> None:
    with translation.override("nb"):
        due = timezone.localtime(clock.due_at).strftime("%d.%m.%Y %H:%M") if clock.due_at else ""
        if kind == ReminderKind.DUE_SOON:
            subject = _("Question on %(channel)s due at %(due)s") % {
                "channel": clock.channel.name,
                "due": due,
            }
        else:
            subject = _("Overdue question on %(channel)s (was due at %(due)s)") % {
                "channel": clock.channel.name,
                "due": due,
            }
        body = f"{subject}\n\n«{clock.item.text[:500]}»\n"
    for user in recipients:
        reminder, created = Reminder.objects.get_or_create(
            clock=clock,
            kind=kind,
            recipient=user,
            defaults={"sent_at": now, "emailed": bool(user.email)},
        )
        if created and user.email:
            try:
                send_mail(subject, body, None, [user.email])
            except OSError:
                # The reminder stays in the UI; the mail server's trouble is logged.
                logger.exception("reminder e-mail to %s failed", user.email)
                Reminder.objects.filter(clock=clock, kind=kind, recipient=user).update(
                    emailed=False
                )
