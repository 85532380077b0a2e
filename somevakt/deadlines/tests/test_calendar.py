"""The working-time calendar (O4, O5, L2): properties that hold for every instant."""

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import OSLO, oslo
from somevakt.deadlines.calendar import NoWorkingTime, WorkingCalendar

CALENDAR = WorkingCalendar(
    time_zone="Europe/Oslo",
    opens=datetime.time(9),
    closes=datetime.time(15),
    weekdays=frozenset(range(5)),
    holiday_country="NO",
    closures=frozenset({datetime.date(2026, 12, 24), datetime.date(2026, 12, 31)}),
)
UTC = datetime.UTC

# Instants from 2025 to 2029: five Easters, ten daylight-saving changes, 17 May on every
# weekday; whole minutes, as platforms report them.
instants = st.integers(
    min_value=int(datetime.datetime(2025, 1, 1, tzinfo=UTC).timestamp()) // 60,
    max_value=int(datetime.datetime(2029, 12, 31, tzinfo=UTC).timestamp()) // 60,
).map(lambda minute: datetime.datetime.fromtimestamp(minute * 60, tz=UTC))
minutes = st.integers(min_value=0, max_value=6 * 60 * 12)


def as_utc(instant: datetime.datetime) -> datetime.datetime:
    """Compare in UTC: aware datetimes with the same tzinfo compare wall clocks."""
    return instant.astimezone(UTC)


@given(a=instants, b=instants, m=minutes)
@settings(max_examples=300, deadline=None)
def test_a_later_question_is_never_due_earlier(a, b, m):
    early, late = sorted([a, b])
    assert as_utc(CALENDAR.add_working_minutes(early, m)) <= as_utc(
        CALENDAR.add_working_minutes(late, m)
    )


@given(a=instants, m1=minutes, m2=minutes)
@settings(max_examples=300, deadline=None)
def test_more_minutes_are_never_due_earlier_and_add_up(a, m1, m2):
    small, large = sorted([m1, m2])
    assert as_utc(CALENDAR.add_working_minutes(a, small)) <= as_utc(
        CALENDAR.add_working_minutes(a, large)
    )
    stepwise = CALENDAR.add_working_minutes(CALENDAR.add_working_minutes(a, m1), m2)
    assert as_utc(stepwise) == as_utc(CALENDAR.add_working_minutes(a, m1 + m2))


@given(a=instants, m=minutes)
@settings(max_examples=300, deadline=None)
def test_the_minutes_between_a_question_and_its_due_time_are_the_minutes_added(a, m):
    due = CALENDAR.add_working_minutes(a, m)
    assert CALENDAR.working_minutes_between(a, due) == pytest.approx(m)


@given(a=instants, m=st.integers(min_value=1, max_value=6 * 60 * 12))
@settings(max_examples=300, deadline=None)
def test_a_due_time_falls_in_office_hours_on_a_working_day(a, m):
    due = CALENDAR.add_working_minutes(a, m).astimezone(OSLO)
    assert CALENDAR.is_working_day(due.date())
    assert CALENDAR.holiday_name(due.date()) is None
    assert datetime.time(9) < due.time() <= datetime.time(15)
    assert CALENDAR.is_working_time(due - datetime.timedelta(seconds=1))


@given(a=instants, b=instants)
@settings(max_examples=200, deadline=None)
def test_working_minutes_between_is_antisymmetric_and_never_more_than_office_hours(a, b):
    forwards = CALENDAR.working_minutes_between(a, b)
    assert forwards == -CALENDAR.working_minutes_between(b, a)
    days = abs((b - a).days) + 2
    assert abs(forwards) <= days * 360


@given(day=st.dates(min_value=datetime.date(2025, 1, 1), max_value=datetime.date(2029, 12, 31)))
@settings(max_examples=300, deadline=None)
def test_a_day_off_has_no_working_minutes_and_the_next_working_day_is_a_working_day(day):
    midnight = datetime.datetime.combine(day, datetime.time(0), tzinfo=OSLO)
    next_midnight = datetime.datetime.combine(
        day + datetime.timedelta(days=1), datetime.time(0), tzinfo=OSLO
    )
    expected = 360 if CALENDAR.is_working_day(day) else 0
    assert CALENDAR.working_minutes_between(midnight, next_midnight) == expected
    following = CALENDAR.next_working_day(day)
    assert following > day
    assert CALENDAR.is_working_day(following)
    assert all(
        not CALENDAR.is_working_day(day + datetime.timedelta(days=n))
        for n in range(1, (following - day).days)
    )


@given(a=instants)
@settings(max_examples=300, deadline=None)
def test_the_end_of_the_next_working_day_is_closing_time_one_working_day_later(a):
    """L2: counted from the next opening, due at closing on the following working day."""
    opening = CALENDAR.next_opening(a).astimezone(OSLO)
    due = CALENDAR.end_of_next_working_day(opening).astimezone(OSLO)
    assert due.time() == datetime.time(15)
    assert due.date() == CALENDAR.next_working_day(opening.date())
    assert 360 < CALENDAR.working_minutes_between(opening, due) <= 720


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (datetime.date(2026, 4, 2), "Maundy Thursday"),
        (datetime.date(2026, 4, 3), "Good Friday"),
        (datetime.date(2026, 4, 6), "Easter Monday"),
        (datetime.date(2026, 5, 14), "Ascension Day"),
        (datetime.date(2028, 5, 17), "Constitution Day"),
        (datetime.date(2026, 5, 25), "Pentecost Monday"),
        (datetime.date(2026, 12, 25), "Christmas Day"),
        (datetime.date(2026, 12, 24), "local closure"),
    ],
)
def test_norwegian_holidays_and_local_closures_are_days_off(day, name):
    assert not CALENDAR.is_working_day(day)
    assert CALENDAR.holiday_name(day) == name


def test_working_time_is_office_hours_on_working_days_in_oslo_time():
    assert CALENDAR.is_working_time(oslo(2026, 11, 23, 9, 0))
    assert CALENDAR.is_working_time(oslo(2026, 11, 23, 14, 59))
    assert not CALENDAR.is_working_time(oslo(2026, 11, 23, 15, 0))
    assert not CALENDAR.is_working_time(oslo(2026, 11, 23, 8, 59))
    assert not CALENDAR.is_working_time(oslo(2026, 11, 28, 10, 0))  # Saturday
    # 08:30 UTC is 09:30 in Oslo in winter, 10:30 in summer: both in office hours.
    assert CALENDAR.is_working_time(datetime.datetime(2026, 1, 5, 8, 30, tzinfo=UTC))
    assert not CALENDAR.is_working_time(datetime.datetime(2026, 7, 6, 13, 30, tzinfo=UTC))


def test_a_naive_instant_is_refused_with_what_to_pass():
    with pytest.raises(ValueError, match="no time zone; pass an aware datetime"):
        CALENDAR.is_working_time(datetime.datetime(2026, 11, 23, 10, 0))


def test_a_calendar_without_working_days_says_which_policy_keys_to_check():
    closed = WorkingCalendar(
        time_zone="Europe/Oslo",
        opens=datetime.time(9),
        closes=datetime.time(15),
        weekdays=frozenset(),
    )
    with pytest.raises(NoWorkingTime, match="check working_days, public_holidays"):
        closed.add_working_minutes(oslo(2026, 1, 5, 10), 60)


def test_office_hours_must_open_before_they_close():
    with pytest.raises(ValueError, match="opening must come first"):
        WorkingCalendar("Europe/Oslo", datetime.time(15), datetime.time(9), frozenset({0}))
