"""Twenty worked deadlines under the Rakkestad policy as published (O5, L2, S1, K1).

Run with `pytest -s` to see the table; the closing note of issue 5 quotes it.
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings

from somevakt.deadlines.calendar import WorkingCalendar
from somevakt.deadlines.clock import due_for
from somevakt.policy.loader import load_policy_file

OSLO = ZoneInfo("Europe/Oslo")
UTC = datetime.UTC


def as_utc(instant: datetime.datetime | None) -> datetime.datetime | None:
    return instant.astimezone(UTC) if instant else None


def oslo(*args: int, fold: int = 0) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=OSLO, fold=fold)


# (what, channel type, crisis mode, arrival, expected due or None)
EXAMPLES = [
    ("weekday morning", "main_page", False, oslo(2026, 11, 23, 10, 0), oslo(2026, 11, 24, 10, 0)),
    ("before opening", "main_page", False, oslo(2026, 11, 30, 7, 30), oslo(2026, 11, 30, 15, 0)),
    ("after closing", "main_page", False, oslo(2026, 11, 30, 16, 0), oslo(2026, 12, 1, 15, 0)),
    ("Friday 14:50", "main_page", False, oslo(2026, 11, 27, 14, 50), oslo(2026, 11, 30, 14, 50)),
    ("Saturday", "main_page", False, oslo(2026, 11, 28, 12, 0), oslo(2026, 11, 30, 15, 0)),
    ("Sunday night", "main_page", False, oslo(2026, 11, 29, 23, 30), oslo(2026, 11, 30, 15, 0)),
    ("Wed before Easter 14:50", "main_page", False, oslo(2026, 4, 1, 14, 50), oslo(2026, 4, 7, 14, 50)),
    ("Maundy Thursday", "main_page", False, oslo(2026, 4, 2, 10, 0), oslo(2026, 4, 7, 15, 0)),
    ("Wed before Easter", "local_page", False, oslo(2026, 4, 1, 14, 50), oslo(2026, 4, 7, 15, 0)),
    ("Saturday", "local_page", False, oslo(2026, 11, 28, 10, 0), oslo(2026, 11, 30, 15, 0)),
    ("Friday", "closed_group", False, oslo(2026, 11, 27, 10, 0), oslo(2026, 11, 30, 15, 0)),
    ("day before 17 May", "main_page", False, oslo(2028, 5, 16, 11, 0), oslo(2028, 5, 18, 11, 0)),
    ("day before 17 May", "local_page", False, oslo(2028, 5, 16, 11, 0), oslo(2028, 5, 18, 15, 0)),
    ("23 December", "main_page", False, oslo(2026, 12, 23, 13, 0), oslo(2026, 12, 24, 13, 0)),
    ("Christmas Eve", "main_page", False, oslo(2026, 12, 24, 14, 0), oslo(2026, 12, 28, 14, 0)),
    ("Friday before summer time", "main_page", False, oslo(2026, 3, 27, 12, 0), oslo(2026, 3, 30, 12, 0)),
    ("Friday before winter time", "main_page", False, oslo(2026, 10, 23, 14, 0), oslo(2026, 10, 26, 14, 0)),
    ("crisis, the repeated hour", "main_page", True, oslo(2026, 10, 25, 2, 30), oslo(2026, 10, 25, 2, 30, fold=1)),
    ("crisis, Saturday night", "local_page", True, oslo(2026, 11, 28, 22, 15), oslo(2026, 11, 28, 23, 15)),
    ("secret group", "secret_group", False, oslo(2026, 11, 23, 10, 0), None),
]  # fmt: skip


def test_twenty_worked_deadlines_across_weekends_holidays_dst_and_crisis():
    policy = load_policy_file(settings.SOMEVAKT_DEFAULT_POLICY).policy
    calendar = WorkingCalendar.from_policy(policy.working_time)

    rows, wrong = [], []
    for what, channel_type, crisis, arrived, expected in EXAMPLES:
        due = due_for(
            calendar=calendar,
            deadline=policy.deadline_for(channel_type),
            arrived_at=arrived,
            crisis=policy.crisis if crisis else None,
        )
        shown = due.at.astimezone(OSLO).strftime("%a %Y-%m-%d %H:%M %z") if due.at else "-"
        rows.append(
            f"{what:<27} {channel_type:<13} {'crisis' if crisis else '':<6} "
            f"{arrived.astimezone(OSLO):%a %Y-%m-%d %H:%M %z}  ->  {shown:<26} {due.rule}"
        )
        # Compared in UTC: equal tzinfos would compare wall clocks and ignore `fold`.
        if as_utc(due.at) != as_utc(expected):
            wrong.append(f"{what} ({channel_type}): got {due.at}, expected {expected}")

    print("\n" + "\n".join(rows))  # noqa: T201 - the table the closing note quotes
    assert len(EXAMPLES) == 20
    assert wrong == []
