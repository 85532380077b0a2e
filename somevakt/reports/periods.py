"""Weeks and months as half-open local-time intervals, and their names ("2026-W48")."""

import datetime
import re
from dataclasses import dataclass
from typing import Literal
from zoneinfo import ZoneInfo

from django.utils import timezone

PeriodKind = Literal["week", "month"]
_WEEK = re.compile(r"(\d{4})-W(\d{2})")
_MONTH = re.compile(r"(\d{4})-(\d{2})")


class PeriodError(ValueError):
    """A period name that names no week or month; the message says how to write one."""


@dataclass(frozen=True)
class Period:
    kind: PeriodKind
    first_day: datetime.date

    @property
    def next_first_day(self) -> datetime.date:
        if self.kind == "week":
            return self.first_day + datetime.timedelta(days=7)
        year, month = divmod(self.first_day.month, 12)
        return datetime.date(self.first_day.year + year, month + 1, 1)

    @property
    def name(self) -> str:
        if self.kind == "week":
            year, week, _ = self.first_day.isocalendar()
            return f"{year}-W{week:02d}"
        return f"{self.first_day:%Y-%m}"

    @property
    def short_label(self) -> str:
        """For chart axes: the week number ("48") or the month ("11.26")."""
        if self.kind == "week":
            return f"{self.first_day.isocalendar()[1]}"
        return f"{self.first_day:%m.%y}"

    def start(self, zone: ZoneInfo | None = None) -> datetime.datetime:
        return _midnight(self.first_day, zone)

    def end(self, zone: ZoneInfo | None = None) -> datetime.datetime:
        return _midnight(self.next_first_day, zone)

    def previous(self) -> "Period":
        return Period.containing(self.kind, self.first_day - datetime.timedelta(days=1))

    def following(self) -> "Period":
        return Period(self.kind, self.next_first_day)

    def series(self, count: int) -> list["Period"]:
        """The `count` periods ending with this one, oldest first."""
        periods = [self]
        while len(periods) < count:
            periods.append(periods[-1].previous())
        return periods[::-1]

    @classmethod
    def containing(cls, kind: PeriodKind, day: datetime.date) -> "Period":
        if kind == "week":
            return cls("week", day - datetime.timedelta(days=day.weekday()))
        return cls("month", day.replace(day=1))

    @classmethod
    def current(cls, kind: PeriodKind) -> "Period":
        return cls.containing(kind, timezone.localdate())

    @classmethod
    def parse(cls, text: str) -> "Period":
        """ "2026-W48" (ISO week) or "2026-11" (month)."""
        text = text.strip()
        if match := _WEEK.fullmatch(text):
            try:
                return cls("week", datetime.date.fromisocalendar(int(match[1]), int(match[2]), 1))
            except ValueError:
                raise PeriodError(
                    f"{text!r}: year {match[1]} has no week {int(match[2])}. "
                    "Fix: give a week from 01 to 52 (or 53 in long years), e.g. 2026-W48."
                ) from None
        if match := _MONTH.fullmatch(text):
            if 1 <= int(match[2]) <= 12:
                return cls("month", datetime.date(int(match[1]), int(match[2]), 1))
            raise PeriodError(f"{text!r}: there is no month {match[2]}. Fix: write 01 to 12.")
        raise PeriodError(
            f"{text!r} is not a week or a month. Fix: write an ISO week as YYYY-Www "
            "(e.g. 2026-W48) or a month as YYYY-MM (e.g. 2026-11)."
        )


def _midnight(day: datetime.date, zone: ZoneInfo | None) -> datetime.datetime:
    zone = zone or timezone.get_default_timezone()
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=zone)
