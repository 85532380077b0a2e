import datetime

import pytest

from somevakt.reports.periods import Period, PeriodError


def test_an_iso_week_runs_monday_to_monday_in_oslo_time():
    week = Period.parse("2026-W48")
    assert week.first_day == datetime.date(2026, 11, 23)
    assert week.next_first_day == datetime.date(2026, 11, 30)
    assert week.start().isoformat() == "2026-11-23T00:00:00+01:00"
    assert week.name == "2026-W48"


def test_a_month_ends_where_the_next_begins_also_in_december():
    assert Period.parse("2026-12").next_first_day == datetime.date(2027, 1, 1)
    assert Period.parse("2026-02").following().name == "2026-03"


def test_a_series_ends_with_the_period_and_crosses_the_year():
    names = [p.name for p in Period.parse("2027-W02").series(4)]
    assert names == ["2026-W52", "2026-W53", "2027-W01", "2027-W02"]


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("2026-W60", "no week 60"),
        ("2026-13", "no month 13"),
        ("week 48", "YYYY-Www"),
        ("", "YYYY-Www"),
    ],
)
def test_a_bad_period_says_what_to_write(text, says):
    with pytest.raises(PeriodError, match=says):
        Period.parse(text)
