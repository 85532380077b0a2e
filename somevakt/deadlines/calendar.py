"""Working time (virkedag, O4, O5, L2): the clock answer deadlines run on.

Pure Python without Django: a `WorkingCalendar` knows the office hours, the working
weekdays, the public holidays of a country (from the `holidays` package, Easter-based
days included) and the municipality's own closures, all in one time zone. Instants
are aware datetimes; office hours are wall-clock times in the calendar's zone, so a
day with a daylight-saving change still has its office hours at 09:00–15:00 local.
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from zoneinfo import ZoneInfo

import holidays

# Arithmetic on aware datetimes that share a tzinfo is wall-clock arithmetic in Python;
# elapsed time is therefore always computed in UTC.
_UTC = datetime.UTC

# A calendar with no working day for this long is a broken policy, not a long holiday.
_SEARCH_LIMIT_DAYS = 366 * 3


class NoWorkingTime(ValueError):
    """No working day within three years: the policy's calendar has no working time."""


@dataclass(frozen=True)
class WorkingCalendar:
    time_zone: str
    opens: datetime.time
    closes: datetime.time
    weekdays: frozenset[int]  # 0 = Monday … 6 = Sunday
    holiday_country: str = ""
    closures: frozenset[datetime.date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if self.opens >= self.closes:
            raise ValueError(
                f"office hours open at {self.opens:%H:%M} but close at {self.closes:%H:%M}; "
                "opening must come first"
            )

    @classmethod
    def from_policy(cls, working_time) -> "WorkingCalendar":
        """The calendar of a policy's [working_time] table (somevakt.policy.schema)."""
        names = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
        return cls(
            time_zone=working_time.time_zone,
            opens=working_time.office_hours.start,
            closes=working_time.office_hours.end,
            weekdays=frozenset(names.index(str(day)) for day in working_time.working_days),
            holiday_country=working_time.public_holidays,
            closures=frozenset(working_time.local_closures),
        )

    @cached_property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @cached_property
    def _holidays(self) -> holidays.HolidayBase | dict:
        if not self.holiday_country:
            return {}
        return holidays.country_holidays(self.holiday_country)  # expands year by year

    # --- days --------------------------------------------------------------------------

    def holiday_name(self, day: datetime.date) -> str | None:
        """The public holiday or local closure on this day, if any."""
        if day in self.closures:
            return "local closure"
        return self._holidays.get(day)

    def is_working_day(self, day: datetime.date) -> bool:
        """A virkedag: a working weekday that is neither a public holiday nor closed."""
        return day.weekday() in self.weekdays and self.holiday_name(day) is None

    def next_working_day(self, day: datetime.date) -> datetime.date:
        """The first working day strictly after `day`."""
        return next(self._working_days_from(day + datetime.timedelta(days=1)))

    def _working_days_from(self, day: datetime.date) -> Iterator[datetime.date]:
        """Working days from `day` (inclusive) on; NoWorkingTime if there are none."""
        gap = 0
        while True:
            if self.is_working_day(day):
                gap = 0
                yield day
            else:
                gap += 1
                if gap > _SEARCH_LIMIT_DAYS:
                    raise NoWorkingTime(
                        f"no working day in the {_SEARCH_LIMIT_DAYS} days up to {day}: check "
                        "working_days, public_holidays and local_closures in [working_time]"
                    )
            day += datetime.timedelta(days=1)

    # --- instants ----------------------------------------------------------------------

    def local(self, instant: datetime.datetime) -> datetime.datetime:
        if instant.tzinfo is None:
            raise ValueError(f"{instant.isoformat()} has no time zone; pass an aware datetime")
        return instant.astimezone(self.zone)

    def office_hours_on(self, day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
        """Opening and closing instant of this day, in the calendar's zone."""
        return (
            datetime.datetime.combine(day, self.opens, tzinfo=self.zone),
            datetime.datetime.combine(day, self.closes, tzinfo=self.zone),
        )

    def is_working_time(self, instant: datetime.datetime) -> bool:
        """True from opening (inclusive) to closing (exclusive) on a working day."""
        moment = self.local(instant)
        if not self.is_working_day(moment.date()):
            return False
        opens, closes = self.office_hours_on(moment.date())
        return opens <= moment < closes

    def _segments_from(
        self, instant: datetime.datetime
    ) -> Iterator[tuple[datetime.datetime, datetime.datetime]]:
        """The office hours still to come from `instant` on, one (start, end) per day."""
        moment = self.local(instant)
        for day in self._working_days_from(moment.date()):
            opens, closes = self.office_hours_on(day)
            if closes <= moment:
                continue
            yield max(opens, moment), closes

    def next_opening(self, instant: datetime.datetime) -> datetime.datetime:
        """`instant` itself in working time, otherwise the next time the office opens."""
        start, _ = next(self._segments_from(instant))
        return start

    def add_working_minutes(self, instant: datetime.datetime, minutes: float) -> datetime.datetime:
        """The instant when `minutes` of working time have passed since `instant`.

        Time outside office hours does not count, so a question at 20:00 starts counting
        at the next opening. The result is the earliest such instant: 360 minutes from
        09:00 end at 15:00 the same day, not at 09:00 the next working day.
        """
        if minutes < 0:
            raise ValueError(f"cannot add {minutes} working minutes; give zero or more")
        if minutes == 0:
            return self.local(instant)
        left = datetime.timedelta(minutes=minutes)
        for start, end in self._segments_from(instant):
            length = _elapsed(start, end)
            if left <= length:
                return (start.astimezone(_UTC) + left).astimezone(self.zone)
            left -= length
        raise AssertionError("unreachable: _segments_from never ends")  # pragma: no cover

    def end_of_next_working_day(self, instant: datetime.datetime) -> datetime.datetime:
        """Closing time on the first working day after the day of `instant` (L2)."""
        day = self.next_working_day(self.local(instant).date())
        return self.office_hours_on(day)[1]

    def working_minutes_between(self, start: datetime.datetime, end: datetime.datetime) -> float:
        """Minutes of working time from `start` to `end`; negative if `end` comes first."""
        if end < start:
            return -self.working_minutes_between(end, start)
        total = datetime.timedelta()
        for seg_start, seg_end in self._segments_from(start):
            if seg_start >= end:
                break
            total += _elapsed(seg_start, min(seg_end, end))
        return total.total_seconds() / 60


def _elapsed(start: datetime.datetime, end: datetime.datetime) -> datetime.timedelta:
    """Real time from start to end, across daylight-saving changes."""
    return end.astimezone(_UTC) - start.astimezone(_UTC)
