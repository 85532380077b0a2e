"""When a question is due (O5, L2, K1): the policy's deadline applied to an arrival instant.

Pure Python: takes the working calendar and the policy's [deadlines] entry and [crisis]
table, returns the due instant and the rule it comes from.

- working_minutes (O5, main page): that many minutes of office hours; a question
  outside office hours starts counting at the next opening.
- end_of_next_working_day (L2, local pages and closed groups): "senest neste virkedag",
  closing time on the first working day after the day the question came: one at 10:00
  or 08:00 on Monday is due on Tuesday, one on Saturday or Sunday on Monday.
- none (S1, secret groups): no clock.
- crisis (K1): while the channel is in crisis mode, answer_minutes from arrival, around
  the clock if the policy says so, otherwise in office hours.
"""

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from somevakt.deadlines.calendar import WorkingCalendar

if TYPE_CHECKING:
    from somevakt.policy.schema import Crisis, Deadline

CRISIS_RULE = "K1"


@dataclass(frozen=True)
class Due:
    at: datetime.datetime | None  # None: no answer deadline on this channel
    rule: str  # the rule id the deadline comes from


def due_for(
    *,
    calendar: WorkingCalendar,
    deadline: "Deadline",
    arrived_at: datetime.datetime,
    crisis: "Crisis | None" = None,
) -> Due:
    """The due instant of a question that arrived at `arrived_at`.

    Pass `crisis` (the policy's [crisis] table) when the channel is in crisis mode.
    """
    if crisis is not None:
        return Due(crisis_due(calendar=calendar, crisis=crisis, arrived_at=arrived_at), CRISIS_RULE)
    kind = str(deadline.kind)
    rule = str(deadline.rule)
    if kind == "working_minutes":
        assert deadline.minutes is not None  # the schema requires minutes with this kind
        return Due(calendar.add_working_minutes(arrived_at, deadline.minutes), rule)
    if kind == "end_of_next_working_day":
        return Due(calendar.end_of_next_working_day(arrived_at), rule)
    return Due(None, rule)


def crisis_due(
    *, calendar: WorkingCalendar, crisis: "Crisis", arrived_at: datetime.datetime
) -> datetime.datetime:
    """answer_minutes after arrival: around the clock, or in office hours (K1)."""
    if not crisis.around_the_clock:
        return calendar.add_working_minutes(arrived_at, crisis.answer_minutes)
    # In UTC: wall-clock arithmetic would skip or repeat the daylight-saving hour.
    due = arrived_at.astimezone(datetime.UTC) + datetime.timedelta(minutes=crisis.answer_minutes)
    return due.astimezone(calendar.zone)
