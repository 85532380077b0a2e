import datetime

import pytest
from django.core.exceptions import PermissionDenied

from conftest import oslo
from somevakt.deadlines.models import QuestionClock
from somevakt.organisation.models import Role
from somevakt.organisation.permissions import Action, require
from somevakt.reports.models import ChannelInsight
from somevakt.reports.periods import Period
from somevakt.reports.selectors import report_figures
from somevakt.reports.services import InsightError, insight_record

WEEK = Period.parse("2026-W48")  # Monday 23 to Sunday 29 November 2026


def column(figure, name):
    return next(c.values for c in figure.columns if c.name == name)


def test_dialogue_counts_questions_answers_and_citizen_comments_per_week(ingest, main_page):
    # A question on Monday, the page's answer an hour later, a citizen's comment on Sunday
    # night, and one more question the week before.
    ingest("q1", oslo(2026, 11, 23, 10, 0), text="Når blir Storgata brøytet?")
    ingest("a1", oslo(2026, 11, 23, 11, 0), kind="comment", thread_external_id="q1",
           parent_external_id="q1", author={"id": main_page.external_id, "name": "Kommunen"},
           text="Hei! I dag.")  # fmt: skip
    ingest("c1", oslo(2026, 11, 29, 23, 30), kind="comment", thread_external_id="q1",
           parent_external_id="q1", author={"id": "u2", "name": "Ola"}, text="Takk!")  # fmt: skip
    ingest("q0", oslo(2026, 11, 20, 9, 0), text="Når åpner biblioteket?")

    report = report_figures(actor=None, period=WEEK, length=2)
    dialogue = report.figure("dialogue")

    assert dialogue.labels == ["week 47", "week 48"]
    assert column(dialogue, "Questions") == [1, 1]
    assert column(dialogue, "First answers") == [0, 1]
    assert column(dialogue, "Comments from citizens") == [0, 1]  # not the page's own answer
    answers = report.figure("answer_times")
    assert answers.rows[1][1][:3] == [100.0, 1, 1]  # share in time, asked, answered


def test_reach_comes_from_insights_where_a_platform_reports_them_else_own_counts(
    ingest, main_page, make_channel
):
    cinema = make_channel(name="Rakkestad kino", external_id="kino1")
    ingest("q1", oslo(2026, 11, 24, 10, 0))
    for day in range(23, 30):
        insight_record(actor=None, channel=cinema, date=datetime.date(2026, 11, day),
                       source="facebook-insights", followers=900 + day, reach=100,
                       impressions=150)  # fmt: skip

    reach = report_figures(actor=None, period=WEEK, length=1).figure("reach")

    rows = dict(reach.rows)
    assert rows["Rakkestad kino"][:4] == [700, 700, 1050, 929]  # reach from the platform
    assert rows["Rakkestad kommune"][0] == 1  # no insights: one person wrote
    assert rows["Rakkestad kommune"][1] is None


def test_an_insight_reported_again_replaces_the_day_and_a_negative_count_is_refused(main_page):
    day = datetime.date(2026, 11, 23)
    insight_record(actor=None, channel=main_page, date=day, source="graph", reach=10)
    insight_record(actor=None, channel=main_page, date=day, source="graph", reach=12)
    assert ChannelInsight.objects.get().reach == 12
    with pytest.raises(InsightError, match="reach=-1 .* Fix"):
        insight_record(actor=None, channel=main_page, date=day, source="graph", reach=-1)


def test_moderation_by_rule_counts_flagged_items_and_those_hidden(ingest):
    ingest("bad", oslo(2026, 11, 24, 10, 0), text="Du er en idiot og en svindler",
           author={"id": "troll", "name": "Troll"})  # fmt: skip
    figure = report_figures(actor=None, period=WEEK, length=1).figure("moderation_by_rule")
    assert figure.labels, "screening flags the insult under some rule"
    assert sum(column(figure, figure.columns[0].name)) >= 1


def test_answer_times_per_channel_reuse_the_deadline_figures(ingest, main_page):
    ingest("q1", oslo(2026, 11, 23, 10, 0))
    ingest("a1", oslo(2026, 11, 23, 10, 30), kind="comment", thread_external_id="q1",
           parent_external_id="q1", author={"id": main_page.external_id, "name": "Kommunen"},
           text="Hei! I dag.")  # fmt: skip
    clock = QuestionClock.objects.get()
    figure = report_figures(actor=None, period=WEEK, length=1).figure("answer_times_by_channel")
    assert figure.rows == [("Rakkestad kommune", [clock.working_minutes_to_answer] * 2 + [1])]


def test_only_the_informasjonsansvarlig_and_the_municipal_director_see_the_reports(
    make_user, policy
):
    with pytest.raises(PermissionDenied, match="view_reports"):
        report_figures(actor=make_user(Role.ANSATT), period=WEEK)
    assert report_figures(actor=make_user(Role.INFORMASJONSANSVARLIG), period=WEEK).figures
    director = make_user(Role.KOMMUNEDIREKTOR, username="rune")
    assert report_figures(actor=director, period=WEEK).figures
    with pytest.raises(PermissionDenied):
        require(director, Action.MODERATE)


def test_the_archive_figure_counts_confirmed_outcomes_and_waiting_proposals(ingest, policy):
    from somevakt.archive.models import ArchiveDecision, DecisionState, Outcome, UnitKind
    from somevakt.inbox.models import Thread

    for n, (state, outcome) in enumerate(
        [
            (DecisionState.CONFIRMED, Outcome.JOURNALED),
            (DecisionState.CONFIRMED, Outcome.ARCHIVED),
            (DecisionState.PROPOSED, Outcome.ARCHIVED),
        ]
    ):
        ingest(f"t{n}", oslo(2026, 11, 24, 10, n))
        ArchiveDecision.objects.create(
            thread=Thread.objects.get(external_id=f"t{n}"),
            unit_kind=UnitKind.INQUIRY,
            state=state,
            proposed_outcome=outcome,
            outcome=outcome,
            policy_version=policy,
            proposed_at=oslo(2026, 11, 25, 12, 0),
        )
    figure = report_figures(actor=None, period=WEEK, length=2).figure("archive")
    assert figure.rows[1][1] == [1, 1, 1, 3]  # archived, journaled, waiting, ended
    assert figure.rows[0][1] == [0, 0, 0, 0]


def test_a_measure_whose_parameter_equals_a_period_bound_does_not_confuse_the_series(ingest):
    # `now` (due already?) is exactly the start of the first week of the series.
    ingest("q1", oslo(2026, 11, 16, 10, 0))
    ingest("q2", oslo(2026, 11, 24, 10, 0))
    report = report_figures(actor=None, period=WEEK, length=2, now=oslo(2026, 11, 16, 0, 0))
    assert column(report.figure("answer_times"), "Questions") == [1, 1]
    assert column(report.figure("answer_times"), "With a deadline") == [0, 0]
