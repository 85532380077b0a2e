"""The typed shape of a policy file; every key is checked, unknown keys are refused."""

import datetime
import re
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PositiveInt, field_validator, model_validator

from somevakt.policy.rules import RULE_IDS
from somevakt.sources.models import ChannelType

_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
CHANNEL_TYPES = tuple(ChannelType.values)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


NonEmpty = Annotated[str, Field(min_length=1)]


class Weekday(StrEnum):
    MONDAY = "monday"
    TUESDAY = "tuesday"
    WEDNESDAY = "wednesday"
    THURSDAY = "thursday"
    FRIDAY = "friday"
    SATURDAY = "saturday"
    SUNDAY = "sunday"


class PolicyHeader(_Strict):
    name: NonEmpty
    adopted_by: NonEmpty
    source_document: str = ""


class Municipality(_Strict):
    name: NonEmpty
    short_name: NonEmpty
    website: NonEmpty
    place_names: list[NonEmpty] = []
    units: list[NonEmpty] = []
    case_processing_channel: NonEmpty
    case_processing_reply: NonEmpty


class OfficeHours(_Strict):
    start: str
    end: str

    @field_validator("start", "end")
    @classmethod
    def _clock_time(cls, value: str) -> str:
        if not _TIME.match(value):
            raise ValueError(
                f"'{value}' is not a time of day; write HH:MM between 00:00 and 23:59, "
                'e.g. "15:00"'
            )
        return value

    @model_validator(mode="after")
    def _start_before_end(self) -> "OfficeHours":
        if self.start >= self.end:
            raise ValueError(f"start {self.start} must be before end {self.end}")
        return self

    @property
    def start_time(self) -> datetime.time:
        return datetime.time.fromisoformat(self.start)

    @property
    def end_time(self) -> datetime.time:
        return datetime.time.fromisoformat(self.end)


class WorkingTime(_Strict):
    timezone: NonEmpty
    office_hours: OfficeHours
    working_days: list[Weekday] = Field(min_length=1)
    public_holidays: Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
    closures: list[datetime.date] = []

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"'{value}' is not a time zone; use e.g. \"Europe/Oslo\"") from None
        return value


class Deadline(_Strict):
    """working_minutes: within N minutes of office time; end_of_next_working_day (L2); none."""

    kind: Literal["working_minutes", "end_of_next_working_day", "none"]
    minutes: PositiveInt | None = None

    @model_validator(mode="after")
    def _minutes_when_needed(self) -> "Deadline":
        if (self.kind == "working_minutes") != (self.minutes is not None):
            raise ValueError("give 'minutes' with kind = \"working_minutes\", and only then")
        return self


def _known_channel_types(value: dict) -> dict:
    unknown = sorted(set(value) - set(CHANNEL_TYPES))
    if unknown:
        raise ValueError(
            f"unknown channel type(s) {', '.join(unknown)}; known: {', '.join(CHANNEL_TYPES)}"
        )
    return value


class Deadlines(_Strict):
    default: Deadline
    crisis_minutes: PositiveInt
    by_channel_type: dict[str, Deadline] = {}

    @field_validator("by_channel_type")
    @classmethod
    def _known_types(cls, value: dict) -> dict:
        return _known_channel_types(value)


class LocalPages(_Strict):
    weekly_post_required: bool
    max_days_without_post: PositiveInt
    recommend_main_page_after_quiet_weeks: PositiveInt


class Moderation(_Strict):
    strike_threshold: PositiveInt
    strike_window_days: PositiveInt
    auto_hide: bool
    informasjonsansvarlig_may_approve_own_proposal: bool


ArchiveRule = Literal["classify", "one_document", "not_archived"]


class Rule(_Strict):
    section: NonEmpty
    title: NonEmpty
    text: NonEmpty
    immediate_hide: bool = False


class Policy(_Strict):
    schema_version: Literal[1]
    policy: PolicyHeader
    municipality: Municipality
    working_time: WorkingTime
    deadlines: Deadlines
    local_pages: LocalPages
    moderation: Moderation
    archive: dict[str, ArchiveRule]
    rules: dict[str, Rule]

    @field_validator("archive")
    @classmethod
    def _archive_covers_every_channel_type(cls, value: dict) -> dict:
        _known_channel_types(value)
        missing = [t for t in CHANNEL_TYPES if t not in value]
        if missing:
            raise ValueError(f"no archive rule for channel type(s) {', '.join(missing)}")
        return value

    @field_validator("rules")
    @classmethod
    def _every_rule_once(cls, value: dict) -> dict:
        unknown = [rule_id for rule_id in value if rule_id not in RULE_IDS]
        missing = [rule_id for rule_id in RULE_IDS if rule_id not in value]
        problems = []
        if unknown:
            problems.append(
                f"unknown rule id(s) {', '.join(unknown)}; the ids are {', '.join(RULE_IDS)}"
            )
        if missing:
            problems.append(f"missing rule(s) {', '.join(missing)}; add a [rules.ID] table each")
        if problems:
            raise ValueError("; ".join(problems))
        return value

    def rule(self, rule_id: str) -> Rule:
        return self.rules[rule_id]

    def deadline_for(self, channel_type: str) -> Deadline:
        return self.deadlines.by_channel_type.get(channel_type, self.deadlines.default)

    def archive_rule_for(self, channel_type: str) -> ArchiveRule:
        return self.archive[channel_type]

    @property
    def immediate_hide_rules(self) -> frozenset[str]:
        return frozenset(rule_id for rule_id, rule in self.rules.items() if rule.immediate_hide)

    def rules_by_section(self) -> dict[str, list[tuple[str, Rule]]]:
        sections: dict[str, list[tuple[str, Rule]]] = {}
        for rule_id in RULE_IDS:
            sections.setdefault(self.rules[rule_id].section, []).append(
                (rule_id, self.rules[rule_id])
            )
        return sections
