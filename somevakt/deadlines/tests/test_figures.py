"""Figures: median and 90th percentile working minutes to the first answer, and the
share answered within the deadline, per channel and week (computed in the database)."""

import datetime

import pytest

from conftest import oslo
from somevakt.deadlines.selectors import answer_figures

pytestmark = pytest.mark.django_db


def test_median_p90_and_share_in_time_per_channel_and_week(
    ask, answer, informasjonsansvarlig, django_assert_max_num_queries
):
    # Given four questions on Monday 09:00–09:30, answered after 30, 60, 90 and 400
    # working minutes (the last one after its 360-minute deadline),
    for number, wait in enumerate([30, 60, 90, 400]):
        asked = oslo(2026, 11, 23, 9, number * 10)
        ask(f"q{number}", asked, author={"id": f"citizen{number}", "name": "Kari"})
        answered = asked + datetime.timedelta(minutes=wait)
        if wait > 360 - number * 10:  # past Monday's closing time: on to Tuesday
            answered += datetime.timedelta(hours=18)
        answer(f"a{number}", f"q{number}", answered)
    # and one question the week after that is still waiting, not yet due,
    ask("later", oslo(2026, 11, 30, 14, 0))

    with django_assert_max_num_queries(4):
        rows = answer_figures(actor=informasjonsansvarlig, now=oslo(2026, 11, 30, 14, 30))

    first, second = rows
    assert (first.week, first.asked, first.answered) == (datetime.date(2026, 11, 23), 4, 4)
    assert (first.median_minutes, first.p90_minutes) == (60, 400)
    assert (first.in_time, first.with_deadline, first.share_in_time) == (3, 4, 0.75)
    assert (second.asked, second.answered, second.median_minutes, second.share_in_time) == (
        1,
        0,
        None,
        None,
    )
