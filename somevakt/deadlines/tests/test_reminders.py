"""Reminders before a deadline and escalation of overdue questions (O5, L2)."""

import pytest
from django.core import mail
from django.core.management import call_command

from conftest import oslo
from somevakt.deadlines.models import QuestionClock, Reminder, ReminderKind
from somevakt.deadlines.services import RemindersSent, question_assign, reminders_send
from somevakt.organisation.models import Role
from somevakt.sources.models import ChannelMember, MemberRole

pytestmark = pytest.mark.django_db


@pytest.fixture
def question(ask):
    ask("q1", oslo(2026, 11, 23, 11, 0))  # due Tuesday 11:00
    return QuestionClock.objects.get()


def test_the_assigned_person_is_reminded_once_an_hour_before_the_due_time(
    question, make_user, admin_user
):
    tone = make_user(Role.SERVICEKONTOR, username="tone")
    tone.email = "tone@rakkestad.kommune.no"
    tone.save()
    question_assign(actor=admin_user, clock=question, user=tone)

    assert reminders_send(now=oslo(2026, 11, 24, 9, 59)).due_soon == 0
    assert reminders_send(now=oslo(2026, 11, 24, 10, 0)).due_soon == 1
    assert reminders_send(now=oslo(2026, 11, 24, 10, 30)).due_soon == 0  # once only

    reminder = Reminder.objects.get()
    assert (reminder.recipient, reminder.kind, reminder.emailed) == (tone, "due_soon", True)
    assert mail.outbox[0].to == ["tone@rakkestad.kommune.no"]
    assert mail.outbox[0].subject == "Spørsmål på Rakkestad kommune har frist 24.11.2026 11:00"


def test_without_an_assignee_the_channel_admins_are_reminded(question, main_page, admin_user):
    ChannelMember.objects.create(
        channel=main_page,
        user=admin_user,
        role=MemberRole.ADMIN,
        person_name="Arne",
        is_employee=True,
        since="2026-01-01",
    )
    reminders_send(now=oslo(2026, 11, 24, 10, 30))
    assert Reminder.objects.get().recipient == admin_user


def test_an_admin_whose_membership_has_not_begun_is_not_reminded(question, main_page, admin_user):
    ChannelMember.objects.create(
        channel=main_page,
        user=admin_user,
        role=MemberRole.ADMIN,
        person_name="Arne",
        is_employee=True,
        since="2099-01-01",
    )
    reminders_send(now=oslo(2026, 11, 24, 10, 30))
    assert not Reminder.objects.filter(recipient=admin_user).exists()


def test_an_overdue_question_is_escalated_to_the_informasjonsansvarlig_once(
    question, informasjonsansvarlig
):
    assert reminders_send(now=oslo(2026, 11, 24, 11, 1)).overdue == 1
    assert reminders_send(now=oslo(2026, 11, 24, 12, 0)).overdue == 0
    reminder = Reminder.objects.get(kind=ReminderKind.OVERDUE)
    assert reminder.recipient == informasjonsansvarlig
    assert reminder.emailed is False  # no address: shown in the UI only


def test_an_answered_question_gets_no_reminder(question, answer, informasjonsansvarlig):
    answer("a1", "q1", oslo(2026, 11, 23, 12, 0))
    assert reminders_send(now=oslo(2026, 11, 24, 12, 0)) == RemindersSent(due_soon=0, overdue=0)
    assert not Reminder.objects.exists()


def test_the_reminders_command_runs_once_without_every(question, capsys):
    call_command("reminders")
    assert "Reminders:" in capsys.readouterr().out


def test_the_reminders_command_refuses_a_negative_interval():
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="--every -5: not a number of seconds"):
        call_command("reminders", "--every", "-5")
