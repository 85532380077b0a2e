"""The weekly content plan of local pages and the reminder before a quiet week (L2, L4)."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from conftest import oslo
from somevakt.audit.models import AuditEntry
from somevakt.deadlines.services import calendar_of
from somevakt.governance.models import PlannedWeek, QuietWeekReminder
from somevakt.governance.selectors import content_plan, quiet_week_remind_at, week_posts
from somevakt.governance.services import content_plan_week_set, quiet_weeks_remind
from somevakt.inbox.services import item_ingest
from somevakt.organisation.models import Role
from somevakt.publishing.services import post_create, post_submit

pytestmark = pytest.mark.django_db

WEEK_48 = datetime.date(2026, 11, 23)  # Monday 23 November 2026


@pytest.fixture
def post_on(kino, make_event):
    """Ingest an item on the kino page at an Oslo time; by the page itself unless said."""

    def post(external_id: str, at: datetime.datetime, **fields):
        moment = at.astimezone(datetime.UTC)
        fields.setdefault("author", {"id": "kino-page", "name": "Rakkestad kino"})
        item_ingest(
            event=make_event(
                external_id,
                channel="kino-page",
                published_at=moment,
                occurred_at=moment,
                text="Fredag viser vi «Flåklypa Grand Prix» kl. 18.",
                **fields,
            )
        )

    return post


def test_week_posts_counts_the_pages_own_posts_in_the_oslo_week(policy, kino, post_on):
    post_on("kino-page_1", oslo(2026, 11, 23, 0, 15))  # Monday just after midnight
    post_on("kino-page_2", oslo(2026, 11, 29, 23, 30))  # Sunday evening: still week 48
    post_on("kino-page_3", oslo(2026, 11, 30, 0, 30))  # Monday: week 49
    post_on("kino-page_4", oslo(2026, 11, 25, 12, 0), author={"id": "u9", "name": "Ola"})
    post_on(
        "kino-page_5",
        oslo(2026, 11, 25, 13, 0),
        kind="comment",
        thread_external_id="kino-page_1",
        parent_external_id="kino-page_1",
    )

    assert week_posts(kino, WEEK_48) == 2
    assert week_posts(kino, WEEK_48 + datetime.timedelta(weeks=1)) == 1
    assert week_posts(kino, WEEK_48 - datetime.timedelta(weeks=1)) == 0


@pytest.mark.parametrize(
    ("monday", "reminded_at"),
    [
        # A normal week: the second-last working day is Thursday.
        (datetime.date(2026, 11, 23), oslo(2026, 11, 26, 9, 0)),
        # Easter: skjærtorsdag and langfredag are holidays, so Tuesday.
        (datetime.date(2026, 3, 30), oslo(2026, 3, 31, 9, 0)),
        # Kristi himmelfartsdag on Thursday 14 May: Wednesday, Friday is the last.
        (datetime.date(2026, 5, 11), oslo(2026, 5, 13, 9, 0)),
        # Christmas: 1. and 2. juledag on Friday and Saturday, so Wednesday 23 December.
        (datetime.date(2026, 12, 21), oslo(2026, 12, 23, 9, 0)),
        # 1. mai on Friday: Wednesday 29 April.
        (datetime.date(2026, 4, 27), oslo(2026, 4, 29, 9, 0)),
    ],
)
def test_the_reminder_time_is_two_working_days_before_the_week_ends(policy, monday, reminded_at):
    assert quiet_week_remind_at(monday, calendar_of(policy), 2) == reminded_at


def test_the_admins_get_one_email_on_thursday_morning_of_a_quiet_week(
    policy, kino, kino_admin, time_machine, capsys
):
    time_machine.move_to(oslo(2026, 11, 26, 8, 59), tick=False)
    call_command("reminders")
    assert mail.outbox == []

    time_machine.move_to(oslo(2026, 11, 26, 9, 0), tick=False)
    call_command("reminders")
    time_machine.move_to(oslo(2026, 11, 27, 14, 0), tick=False)
    call_command("reminders")

    assert "1 local pages without a post this week" in capsys.readouterr().out
    (message,) = mail.outbox
    assert message.to == ["arne@rakkestad.kommune.no"]
    assert message.subject == "Ingen innlegg på Rakkestad kino denne uka ennå (uke 48)"
    assert "Uka slutter søndag 29.11.2026" in message.body
    reminder = QuietWeekReminder.objects.get()
    assert (reminder.week, reminder.recipients) == (WEEK_48, ["arne@rakkestad.kommune.no"])
    entry = AuditEntry.objects.get(action="governance.quiet_week_reminded")
    assert entry.data == {"channel": "kino", "week": "2026-W48", "to": reminder.recipients}


def test_easter_week_reminds_on_tuesday_and_names_the_planned_topic(
    policy, kino, kino_admin, time_machine
):
    time_machine.move_to(oslo(2026, 3, 30, 10, 0), tick=False)
    content_plan_week_set(
        actor=kino_admin,
        channel=kino,
        week=datetime.date(2026, 3, 30),
        topic="Påskefilmer",
        responsible="Arne",
    )
    assert quiet_weeks_remind() == 0

    time_machine.move_to(oslo(2026, 3, 31, 9, 0), tick=False)
    assert quiet_weeks_remind() == 1
    assert "Planlagt tema: Påskefilmer (Arne)." in mail.outbox[0].body


def test_a_page_that_has_posted_this_week_is_not_reminded(
    policy, kino, kino_admin, post_on, time_machine
):
    post_on("kino-page_1", oslo(2026, 11, 24, 12, 0))
    time_machine.move_to(oslo(2026, 11, 26, 9, 30), tick=False)

    assert quiet_weeks_remind() == 0
    assert not QuietWeekReminder.objects.exists()


def test_a_post_scheduled_for_later_this_week_keeps_the_reminder_away(
    policy, kino, kino_admin, time_machine
):
    time_machine.move_to(oslo(2026, 11, 25, 14, 0), tick=False)
    post = post_create(
        actor=kino_admin,
        text="Fredag viser vi «Flåklypa Grand Prix» kl. 18. Hilsen Rakkestad kino",
        channels=[kino],
        publish_at=oslo(2026, 11, 27, 10, 0),
    )
    assert week_posts(kino, WEEK_48) == 0, "a draft is not a post yet"
    post_submit(actor=kino_admin, post=post)
    time_machine.move_to(oslo(2026, 11, 26, 9, 30), tick=False)

    assert week_posts(kino, WEEK_48) == 1
    assert quiet_weeks_remind() == 0


def test_the_plan_shows_posts_per_week_and_warns_of_the_quiet_week(
    policy, kino, kino_admin, post_on, time_machine
):
    post_on("kino-page_1", oslo(2026, 11, 18, 12, 0))  # week 47
    time_machine.move_to(oslo(2026, 11, 26, 9, 30), tick=False)
    quiet_weeks_remind()

    weeks = content_plan(actor=kino_admin, channel=kino)

    assert [w.number for w in weeks] == [46, 47, 48, 49, 50, 51, 52, 53, 1]
    assert [w.posts for w in weeks[:3]] == [0, 1, 0]
    current = weeks[2]
    assert (current.is_current, current.is_quiet) == (True, True)
    assert current.reminder == QuietWeekReminder.objects.get()
    assert not any(w.is_quiet for w in weeks if not w.is_current)


def test_before_the_reminder_time_the_week_is_not_yet_quiet(policy, kino, kino_admin, time_machine):
    time_machine.move_to(oslo(2026, 11, 24, 12, 0), tick=False)

    current = next(w for w in content_plan(actor=kino_admin, channel=kino) if w.is_current)

    assert current.is_quiet is False


def test_the_pages_admins_and_the_informasjonsansvarlig_plan_weeks_and_changes_are_audited(
    policy, kino, kino_admin, informasjonsansvarlig, time_machine
):
    time_machine.move_to(oslo(2026, 11, 24, 12, 0), tick=False)
    week_49 = datetime.date(2026, 11, 30)

    content_plan_week_set(
        actor=kino_admin, channel=kino, week=week_49, topic="Julekalender", responsible="Arne"
    )
    content_plan_week_set(
        actor=informasjonsansvarlig,
        channel=kino,
        week=week_49,
        topic="Julekalender og juleverksted",
        responsible="Arne",
    )

    planned = PlannedWeek.objects.get()
    assert (planned.topic, planned.updated_by) == (
        "Julekalender og juleverksted",
        informasjonsansvarlig,
    )
    changes = AuditEntry.objects.filter(action="governance.content_plan_changed").order_by(
        "sequence"
    )
    assert [entry.data["before"] for entry in changes] == [
        None,
        {"topic": "Julekalender", "responsible": "Arne"},
    ]

    assert (
        content_plan_week_set(
            actor=kino_admin, channel=kino, week=week_49, topic=" ", responsible=""
        )
        is None
    )
    assert not PlannedWeek.objects.exists()
    assert AuditEntry.objects.filter(action="governance.content_plan_changed").count() == 3


def test_nobody_else_plans_a_pages_weeks(policy, kino, make_user, time_machine):
    time_machine.move_to(oslo(2026, 11, 24, 12, 0), tick=False)
    another_admin = make_user(Role.ADMIN)  # an admin, but not of this page
    employee = make_user(Role.ANSATT)

    for actor in (another_admin, employee):
        with pytest.raises(PermissionDenied):
            content_plan_week_set(
                actor=actor, channel=kino, week=WEEK_48, topic="Noe", responsible=""
            )


@pytest.mark.parametrize(
    ("week", "problem"),
    [
        (datetime.date(2026, 11, 16), "the week of 2026-11-16 is over"),
        (datetime.date(2026, 11, 25), "2026-11-25 is not a Monday"),
    ],
)
def test_a_past_week_or_a_day_that_is_not_a_monday_is_refused(
    policy, kino, informasjonsansvarlig, time_machine, week, problem
):
    time_machine.move_to(oslo(2026, 11, 24, 12, 0), tick=False)

    with pytest.raises(ValueError, match=problem):
        content_plan_week_set(
            actor=informasjonsansvarlig, channel=kino, week=week, topic="Noe", responsible=""
        )
