"""The answer clock on ingested questions: start, stop, reopen, assignment (O5, L2)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from conftest import oslo
from somevakt.audit.models import AuditEntry
from somevakt.deadlines.models import QuestionClock
from somevakt.deadlines.services import question_answer_record, question_assign
from somevakt.organisation.models import Role
from somevakt.policy.services import policy_load
from somevakt.sources.models import ChannelType

pytestmark = pytest.mark.django_db


def test_a_question_on_the_main_page_is_due_after_360_working_minutes(ask):
    # Given a question at 11:00 on Monday, when it is ingested,
    ask("q1", oslo(2026, 11, 23, 11, 0))
    clock = QuestionClock.objects.get()
    # then 4 hours count on Monday and 2 on Tuesday.
    assert clock.due_at == oslo(2026, 11, 24, 11, 0)
    assert (clock.rule, clock.is_open, clock.week) == ("O5", True, datetime.date(2026, 11, 23))


def test_a_remark_that_is_no_question_starts_no_clock(ask):
    ask("r1", oslo(2026, 11, 23, 11, 0), text="Takk for god brøyting i dag!")
    assert not QuestionClock.objects.exists()


def test_the_first_answer_from_the_page_stops_the_clock_in_working_minutes(ask, answer):
    ask("q1", oslo(2026, 11, 23, 11, 0))
    answer("a1", "q1", oslo(2026, 11, 24, 9, 30))
    clock = QuestionClock.objects.get()
    assert clock.answered_at == oslo(2026, 11, 24, 9, 30)
    assert clock.working_minutes_to_answer == 240 + 30
    assert clock.answered_in_time is True
    assert clock.answer_item.external_id == "a1"


def test_an_answer_ingested_before_its_question_still_stops_the_clock(ask, answer):
    answer("a1", "q1", oslo(2026, 11, 25, 14, 0))
    ask("q1", oslo(2026, 11, 23, 11, 0))
    clock = QuestionClock.objects.get()
    assert clock.answered_at == oslo(2026, 11, 25, 14, 0)
    assert clock.answered_in_time is False  # due Tuesday 11:00


def test_asking_again_while_waiting_keeps_one_clock_but_asking_after_an_answer_reopens(ask, answer):
    follow_up = {"kind": "comment", "thread_external_id": "q1", "parent_external_id": "q1"}
    ask("q1", oslo(2026, 11, 23, 11, 0))
    ask("q2", oslo(2026, 11, 23, 12, 0), text="Hallo? Når kommer brøytebilen?", **follow_up)
    assert QuestionClock.objects.count() == 1

    answer("a1", "q1", oslo(2026, 11, 23, 13, 0))
    ask("q3", oslo(2026, 11, 23, 14, 0), text="Men hva med fortauet, når blir det brøytet?",
        **follow_up)  # fmt: skip

    reopened = QuestionClock.objects.get(item__external_id="q3")
    assert reopened.reopens == QuestionClock.objects.get(item__external_id="q1")
    assert reopened.is_open
    assert reopened.due_at == oslo(2026, 11, 24, 14, 0)


def test_a_local_page_question_is_due_at_closing_time_the_next_working_day(
    ask, make_channel, make_event
):
    make_channel(ChannelType.LOCAL_PAGE, external_id="777", slug="kino")
    ask("k1", oslo(2026, 11, 27, 10, 0), channel="777")  # Friday
    assert QuestionClock.objects.get().due_at == oslo(2026, 11, 30, 15, 0)
    assert QuestionClock.objects.get().rule == "L2"


def test_a_channel_of_its_own_in_the_policy_wins_over_its_channel_type(
    ask, make_channel, settings, tmp_path
):
    # Given a policy that gives the cinema's page 120 working minutes,
    text = settings.SOMEVAKT_DEFAULT_POLICY.read_text(encoding="utf-8")
    override = 'kino = { kind = "working_minutes", minutes = 120, rule = "L2" }'
    changed = tmp_path / "policy.toml"
    changed.write_text(text.replace("[reminders]", f"{override}\n\n[reminders]"), "utf-8")
    policy_load(path=changed, actor=None)
    make_channel(ChannelType.LOCAL_PAGE, external_id="777", slug="kino")
    make_channel(ChannelType.LOCAL_PAGE, external_id="999", slug="skautun")
    # when both local pages get a question on Friday at 14:00,
    ask("k1", oslo(2026, 11, 27, 14, 0), channel="777")
    ask("s1", oslo(2026, 11, 27, 14, 0), channel="999", text="Når er det besøkstid?")
    # then the cinema's is due after 120 working minutes, the other the next working day.
    due = dict(QuestionClock.objects.values_list("item__external_id", "due_at"))
    assert due == {"k1": oslo(2026, 11, 30, 10, 0), "s1": oslo(2026, 11, 30, 15, 0)}


def test_an_answer_recorded_in_somevakt_stops_the_clock_and_is_audited(ask, admin_user):
    ask("q1", oslo(2026, 11, 23, 11, 0))
    clock = QuestionClock.objects.get()
    question_answer_record(actor=admin_user, clock=clock, answered_at=oslo(2026, 11, 25, 10, 0))
    clock.refresh_from_db()
    assert (clock.answered_by, clock.answered_in_time) == (admin_user, False)
    assert clock.working_minutes_to_answer == 240 + 360 + 60
    assert AuditEntry.objects.filter(action="deadlines.question_answered").count() == 1


def test_an_answer_before_the_question_is_refused_with_the_fix(ask, admin_user):
    ask("q1", oslo(2026, 11, 23, 11, 0))
    with pytest.raises(ValueError, match="Fix: give the time the answer was sent"):
        question_answer_record(
            actor=admin_user,
            clock=QuestionClock.objects.get(),
            answered_at=oslo(2026, 11, 22, 11, 0),
        )


def test_a_question_is_assigned_to_a_person_and_unit_by_an_answerer_only(
    ask, admin_user, make_user, unit
):
    ask("q1", oslo(2026, 11, 23, 11, 0))
    clock = QuestionClock.objects.get()
    tone = make_user(Role.SERVICEKONTOR)
    question_assign(actor=admin_user, clock=clock, user=tone, unit=unit)
    clock.refresh_from_db()
    assert (clock.assigned_to, clock.assigned_unit) == (tone, unit)
    with pytest.raises(PermissionDenied):
        question_assign(actor=make_user(Role.ARKIVAR), clock=clock, user=None)


def test_a_question_its_author_deleted_no_longer_waits_in_the_overview(
    ask, make_event, informasjonsansvarlig
):
    from somevakt.deadlines.selectors import open_questions
    from somevakt.deadlines.services import reminders_send
    from somevakt.inbox.services import item_ingest

    ask("q1", oslo(2026, 11, 23, 11, 0))
    gone = oslo(2026, 11, 23, 11, 5).astimezone(datetime.UTC)
    item_ingest(event=make_event("q1", event="delete", occurred_at=gone))
    assert list(open_questions(actor=informasjonsansvarlig)) == []
    assert reminders_send(now=oslo(2026, 11, 25, 9, 0)).overdue == 0


def test_a_reply_to_one_citizen_answers_that_citizen_and_a_general_comment_answers_all(
    ask, answer, main_page
):
    # Given the page's post and questions from two citizens under it,
    ask("post", oslo(2026, 11, 23, 9, 0), text="Brøyteplanen for vinteren er klar.",
        author={"id": main_page.external_id, "name": "Kommunen"})  # fmt: skip
    under_post = {"kind": "comment", "thread_external_id": "post", "parent_external_id": "post"}
    ask("kari", oslo(2026, 11, 23, 10, 0), text="Når brøytes Storgata?",
        author={"id": "kari", "name": "Kari"}, **under_post)  # fmt: skip
    ask("ola", oslo(2026, 11, 23, 10, 5), text="Når brøytes Os?",
        author={"id": "ola", "name": "Ola"}, **under_post)  # fmt: skip
    # when the page replies to Kari's comment, only Kari's question is answered;
    answer("to-kari", "post", oslo(2026, 11, 23, 11, 0), parent="kari")
    open_now = set(QuestionClock.objects.filter(answered_at__isnull=True)
                   .values_list("item__external_id", flat=True))  # fmt: skip
    assert open_now == {"ola"}
    # and a comment straight under the post answers everyone still waiting.
    answer("to-all", "post", oslo(2026, 11, 23, 12, 0))
    assert not QuestionClock.objects.filter(answered_at__isnull=True).exists()
