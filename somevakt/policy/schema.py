"""The typed shape of a policy file (D9): every key known, every value checked.

Field names are the TOML keys of `policies/rakkestad.toml`; the docstring under a field
is what the loader tells someone who left that key out. Validators word their errors
as "<problem>. Fix: <what to write>" because the loader shows them to whoever edits the
file, and they check everything before anything is stored.
"""

import datetime
import difflib
import hashlib
import json
import re
from enum import StrEnum
from typing import Annotated, Any, Literal, get_args
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    Strict,
    StringConstraints,
    ValidationError,
    ValidatorFunctionWrapHandler,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError
from pydantic_core.core_schema import ErrorType

from somevakt.policy.rules import CONTENT_RULES, DISCUSSION, EMPLOYEE, GROUPS, RULE_IDS, RuleId
from somevakt.sources.models import ChannelType

# "D1–D9, O1–O5, …": how the catalogue is named in messages.
KNOWN_RULE_IDS = ", ".join(
    f"{group[0]}–{group[-1]}" if len(group) > 1 else group[0] for group in GROUPS
)
_CONTENT_RULE_IDS = ", ".join(
    [f"{DISCUSSION[0]}–{DISCUSSION[-1]}", *(r for r in CONTENT_RULES if r not in DISCUSSION)]
)


def toml_value(value: Any) -> str:
    """A value written as in TOML, for messages."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list | tuple):
        return "a list"
    return str(value)


def problem(kind: str, what: str, fix: str) -> PydanticCustomError:
    """A validation error in the words the loader shows: what is wrong and what to write."""
    return PydanticCustomError(f"policy_{kind}", f"{what}. Fix: {fix}")


def _did_you_mean(value: str, choices: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(value.upper(), choices, n=1)
    return f" (did you mean {close[0]}?)" if close else ""


# --- value types -----------------------------------------------------------------------

Text = Annotated[str, Strict(), StringConstraints(strip_whitespace=True, min_length=1)]
Count = Annotated[int, Strict(), Field(gt=0)]
Flag = Annotated[bool, Strict()]

_HH_MM = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")


def _time_of_day(value: Any) -> datetime.time:
    match = _HH_MM.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise problem(
            "time",
            f"{toml_value(value)} is not a time of day",
            'write HH:MM between 00:00 and 23:59, e.g. "15:00"',
        )
    return datetime.time(int(match[1]), int(match[2]))


TimeOfDay = Annotated[
    datetime.time,
    PlainValidator(_time_of_day),
    PlainSerializer(lambda value: value.strftime("%H:%M"), return_type=str),
]


def _day(value: Any) -> datetime.date:
    # TOML has dates (2026-12-24); a stored policy has them as ISO strings.
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    raise problem(
        "date",
        f"{toml_value(value)} is not a date",
        "write the date as YYYY-MM-DD, e.g. 2026-12-24",
    )


Day = Annotated[
    datetime.date,
    PlainValidator(_day),
    PlainSerializer(lambda value: value.isoformat(), return_type=str, when_used="json"),
]


def _rule_id(value: Any) -> RuleId:
    if isinstance(value, str) and value in RULE_IDS:
        return RuleId(value)  # type: ignore[call-arg]  # lookup by value
    hint = _did_you_mean(value, RULE_IDS) if isinstance(value, str) else ""
    raise problem(
        "rule_id",
        f"{toml_value(value)} is not a rule id{hint}",
        f"use an id of the rule catalogue in DESIGN.md: {KNOWN_RULE_IDS}",
    )


RuleRef = Annotated[RuleId, PlainValidator(_rule_id), PlainSerializer(str, return_type=str)]


def _web_address(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise problem(
            "url",
            f"{toml_value(value)} is not a web address",
            'write the full address, e.g. "https://www.rakkestad.kommune.no"',
        )
    return value


def _email_address(value: str) -> str:
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        raise problem(
            "email",
            f"{toml_value(value)} is not an e-mail address",
            'write it as "post@kommune.no"',
        )
    return value


def _country_code(value: str) -> str:
    if not re.fullmatch(r"[A-Z]{2}", value):
        raise problem(
            "country",
            f"{toml_value(value)} is not a country code",
            'write the two capital letters the holidays package uses, e.g. "NO" for Norway',
        )
    return value


def _time_zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise problem(
            "time_zone",
            f"{toml_value(value)} is not a time zone",
            'write an IANA time zone name, e.g. "Europe/Oslo"',
        ) from None
    return value


def _distinct(values: tuple[Any, ...]) -> tuple[Any, ...]:
    repeated = sorted({str(value) for value in values if values.count(value) > 1})
    if repeated:
        raise problem(
            "repeated", f"{', '.join(repeated)} appears more than once", "list each value once"
        )
    return values


# --- merging problems found across a whole table ---------------------------------------

_BUILTIN_ERRORS = frozenset(get_args(ErrorType))


def _as_init_details(error: Any) -> InitErrorDetails:
    kind = error["type"]
    if kind in _BUILTIN_ERRORS:
        return InitErrorDetails(
            type=kind, loc=error["loc"], input=error["input"], ctx=error.get("ctx", {})
        )
    return InitErrorDetails(
        type=PydanticCustomError(kind, error["msg"]), loc=error["loc"], input=error["input"]
    )


def _validate_reporting_all(
    value: Any, handler: ValidatorFunctionWrapHandler, problems: list[InitErrorDetails]
) -> Any:
    """Validate a table and report its own errors together with table-wide `problems`.

    A plain after-validator would run only once every entry is valid, so a missing rule
    would go unreported until a typo elsewhere in [rules] had been fixed.
    """
    try:
        result = handler(value)
    except ValidationError as exc:
        if not problems:
            raise
        problems = [*(_as_init_details(error) for error in exc.errors()), *problems]
    if problems:
        raise ValidationError.from_exception_data("Policy", problems)
    return result


# --- the tables of a policy file -------------------------------------------------------


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class PolicyHeader(_Table):
    name: Text
    """The policy's name, shown on every decision taken under it."""
    adopted_by: Text
    """Who adopted the policy, e.g. "Rakkestad kommune"."""
    source_document: Text
    """The published document this file encodes."""


class Municipality(_Table):
    name: Text
    """The municipality's name as it signs replies, e.g. "Rakkestad kommune"."""
    website: Annotated[Text, AfterValidator(_web_address)]
    """The municipality's own, universally designed website (K1)."""
    email: Annotated[Text, AfterValidator(_email_address)]
    """The address for anything that needs case processing (D8, P4)."""
    place_names: Annotated[tuple[Text, ...], Field(min_length=1)]
    """Local place names: a post naming one concerns the municipality (D5, D8)."""
    units: tuple[Text, ...] = ()
    """Units the policy names, such as the cinema or the service desk."""


class Weekday(StrEnum):
    MONDAY = "monday"
    TUESDAY = "tuesday"
    WEDNESDAY = "wednesday"
    THURSDAY = "thursday"
    FRIDAY = "friday"
    SATURDAY = "saturday"
    SUNDAY = "sunday"


class OfficeHours(_Table):
    start: TimeOfDay
    """When questions start being answered, "HH:MM" (O5)."""
    end: TimeOfDay
    """When the working day ends, "HH:MM" (O5)."""

    @model_validator(mode="after")
    def _start_before_end(self) -> "OfficeHours":
        if self.start >= self.end:
            raise problem(
                "office_hours",
                f"office hours start at {self.start:%H:%M} but end at {self.end:%H:%M}",
                'make start earlier than end, e.g. start = "09:00" and end = "15:00"',
            )
        return self


class WorkingTime(_Table):
    """What a working day (virkedag) is: the clock that answer deadlines run on."""

    time_zone: Annotated[Text, AfterValidator(_time_zone)]
    """The time zone the office hours are in, e.g. "Europe/Oslo"."""
    office_hours: OfficeHours
    """The hours questions are answered, as a table with start and end."""
    working_days: Annotated[tuple[Weekday, ...], Field(min_length=1), AfterValidator(_distinct)]
    """Weekdays that are working days unless a holiday, e.g. ["monday", …, "friday"]."""
    public_holidays: Annotated[Text, AfterValidator(_country_code)]
    """Country whose public holidays are days off, as the holidays package names it."""
    local_closures: Annotated[tuple[Day, ...], AfterValidator(_distinct)] = ()
    """Further days the municipality is closed, as dates."""


class DeadlineKind(StrEnum):
    WORKING_MINUTES = "working_minutes"  # `minutes` of office hours on working days
    END_OF_NEXT_WORKING_DAY = "end_of_next_working_day"  # end of office hours, next working day
    NONE = "none"  # no answer clock


class Deadline(_Table):
    """When a question on a channel must have an answer."""

    kind: DeadlineKind
    """How the deadline is counted."""
    minutes: Count | None = None
    """Working minutes until the answer is due; only with kind = "working_minutes"."""
    rule: RuleRef
    """The rule the deadline comes from, e.g. "O5"."""

    @model_validator(mode="after")
    def _minutes_only_when_counted(self) -> "Deadline":
        counted = self.kind is DeadlineKind.WORKING_MINUTES
        if counted and self.minutes is None:
            raise problem(
                "deadline",
                'kind = "working_minutes" needs a number of minutes',
                "add minutes = 360 (or the working minutes you want)",
            )
        if not counted and self.minutes is not None:
            raise problem(
                "deadline",
                f'kind = "{self.kind}" does not count minutes',
                'remove minutes, or set kind = "working_minutes"',
            )
        return self


class Deadlines(_Table):
    default: Deadline
    """The answer deadline for every channel type not listed in channel_types."""
    channel_types: dict[ChannelType, Deadline] = {}
    """Answer deadlines that differ from the default, by channel type."""
    channels: dict[Annotated[Text, StringConstraints(pattern=r"^[-a-z0-9_]+$")], Deadline] = {}
    """Answer deadlines for single channels by their short name (slug); they win over
    channel_types, e.g. kino = { kind = "working_minutes", minutes = 120, rule = "L2" }."""


class Crisis(_Table):
    """While a crisis is declared (K1)."""

    answer_minutes: Count
    """Minutes until a question must have an answer during a crisis."""
    around_the_clock: Flag
    """true: the minutes run day and night; false: only in office hours."""


class Reminders(_Table):
    """Reminders before a deadline and escalation after it (O5, L2)."""

    before_due_minutes: Count = 60
    """Minutes before the due time when whoever has the question is reminded."""


class Reports(_Table):
    """The weekly report on the policy's goals: who gets it and when."""

    recipients: Annotated[
        tuple[Annotated[Text, AfterValidator(_email_address)], ...], AfterValidator(_distinct)
    ] = ()
    """E-mail addresses the weekly report (PDF) is sent to; none: it is not sent."""
    send_day: Weekday = Weekday.MONDAY
    """The weekday the report on the week before is sent, e.g. "monday"."""
    send_time: TimeOfDay = datetime.time(7, 0)
    """The time of day it is sent, "HH:MM" in the working time zone."""


class LocalPages(_Table):
    max_days_without_post: Count
    """Days a local page may go without a post of its own (L2: weekly)."""
    recommend_main_page_after_quiet_weeks: Count
    """Weeks of too few posts after which the unit is advised to use the main page (L4)."""
    remind_working_days_before_week_end: Count = 2
    """A page without a post in a week: its admins are reminded at the start of office
    hours this many working days before the week ends (2: on Thursday in a normal week)."""


def _employee_rule(value: RuleId) -> RuleId:
    if value not in EMPLOYEE:
        raise problem(
            "guideline",
            f"{value} is not one of the employees' guidelines",
            f"list rules of the «Pass på»-plakaten only: {EMPLOYEE[0]}–{EMPLOYEE[-1]}",
        )
    return value


class Guidelines(_Table):
    """The employees' guidelines («Pass på»-plakaten) every employee with a role
    acknowledges; their words are the texts of the listed [rules.P…] tables."""

    version: Text = "1"
    """The version employees acknowledge, e.g. "2026-1". Changing the text of a listed
    rule makes a new version: raise this, and everybody is asked again."""
    items: Annotated[
        tuple[Annotated[RuleRef, AfterValidator(_employee_rule)], ...],
        Field(min_length=1),
        AfterValidator(_distinct),
    ] = EMPLOYEE
    """The rules on the poster, in the order shown, e.g. ["P1", "P2", …, "P10"]."""


class Moderation(_Table):
    strike_threshold: Count
    """Breaches within the window that close an author's access (O3, D3)."""
    strike_window_days: Count
    """Days a breach counts towards a ban."""
    auto_hide: Flag
    """true: somevakt hides on its own when a finding is of a rule with immediate_hide."""
    informasjonsansvarlig_may_approve_own_proposal: Flag
    """true: the informasjonsansvarlig may propose and approve a deletion alone (O2)."""
    action_attempts: Count = 6
    """Tries of an approved action on the platform before its case is marked failed."""


class Retention(_Table):
    """How long somevakt keeps personal data, per class (GDPR art. 5(1)(e): no longer than
    needed). Periods run from when an item stopped mattering to the municipality's work;
    nothing is removed while it is under an open moderation case, an unconfirmed archive
    decision or a legal hold, or before archived material is delivered to the records
    system. Removal takes whole conversations, so no reply is left without what it
    answers; the conversation's register entry (thread, archive decision) stays."""

    harmless_months: Count = 6
    """Months a conversation judged simple communication (A5, confirmed not archived) is
    kept after its last activity. Six: the comments stay on the platform anyway, and half
    a year covers a complaint, a follow-up question and the half-yearly reports."""
    moderated_months: Count = 12
    """Months a hidden, answered or left item is kept after its moderation case closed.
    Twelve: the author may complain about a hiding (forvaltningsloven's time limits
    and Sivilombudet's one year), and it must outlast the strike window."""
    questions_months: Count = 12
    """Months a question is kept after it was answered: a year of answer times (O5, L2)
    for the annual report and the comparison with last year."""
    raw_payload_days: Count = 30
    """Days a platform's raw payload (webhook body, raw event) is kept after it was
    ingested: the item holds the content and every version; the raw form only helps to
    replay or explain an ingest within the month."""
    archived_days: Count = 30
    """Days archived material is kept after the records system's receipt: the arkivar's
    month to check the import there (arkivforskrifta § 9-6: the records system is then
    the archive). Material archived without journaling stays, as somevakt is its archive."""
    remove_authors_without_data: Flag = True
    """true: an author with no item, strike, ban or question left is removed too."""
    batch_size: Count = 500
    """Conversations removed per transaction, so that a long run never holds the database."""
    run_at: TimeOfDay = datetime.time(2, 0)
    """When the nightly run starts, "HH:MM" in the working time zone: after the day's
    traffic and before the morning's moderators."""


class Replies(_Table):
    """Norwegian texts sent to authors on the municipality's behalf."""

    deletion: Text
    """Feedback to an author whose post was deleted; the broken rule is added (O2, A6)."""
    case_processing: Text
    """Reply to a question that needs case processing, naming the proper channel (D8)."""
    sensitive_post: Text
    """Message to whoever posted something sensitive in a closed group (G1)."""


class Publishing(_Table):
    """Posts the municipality writes in somevakt: where the informasjonsansvarlig, who has
    editorial responsibility (O1), approves them before they are published."""

    review_channel_types: Annotated[tuple[ChannelType, ...], AfterValidator(_distinct)] = (
        ChannelType.MAIN_PAGE,
        ChannelType.INSTAGRAM,
        ChannelType.YOUTUBE,
        ChannelType.X_ACCOUNT,
        ChannelType.MASTODON,
        ChannelType.BLOG,
    )
    """Channel types whose posts the informasjonsansvarlig approves first (O1), e.g.
    ["main_page"]; a post to several channels is reviewed if any of them is listed."""
    review_crisis_messages: Flag = True
    """true: a crisis message (K1) is approved by the informasjonsansvarlig, on every channel."""
    editor_posts_need_review: Flag = False
    """false: what the informasjonsansvarlig writes herself needs no second approval."""
    attempts: Count = 6
    """Tries of publishing on a channel (with growing pauses) before it is marked failed."""


class ArchiveTreatment(StrEnum):
    CLASSIFY = "classify"  # A1, A2: archive if case processing or documentation value
    ONE_DOCUMENT = "archive_and_journal_as_one_document"  # A3, A4
    NOT_ARCHIVED = "not_archived"  # A5


class Rule(_Table):
    section: Text
    """The heading of the policy the rule stands under."""
    title: Text
    """A short Norwegian title."""
    text: Text
    """The rule in the policy's own words."""
    immediate_hide: Flag = False
    """true: a breach may be hidden at once, before the deletion is approved."""


class Policy(_Table):
    """A whole policy file. The same model reads a file and a stored version."""

    schema_version: Literal[1]
    """The version of this file format; this somevakt reads 1."""
    policy: PolicyHeader
    """The [policy] table: name, adopted_by and source_document."""
    municipality: Municipality
    """The [municipality] table."""
    working_time: WorkingTime
    """The [working_time] table."""
    deadlines: Deadlines
    """The [deadlines] table."""
    crisis: Crisis
    """The [crisis] table."""
    reminders: Reminders = Reminders()
    """The [reminders] table; without it reminders come 60 minutes before the due time."""
    reports: Reports = Reports()
    """The [reports] table; without it no weekly report is e-mailed."""
    local_pages: LocalPages
    """The [local_pages] table."""
    guidelines: Guidelines = Guidelines()
    """The [guidelines] table; without it the version is "1" with P1–P10."""
    moderation: Moderation
    """The [moderation] table."""
    replies: Replies
    """The [replies] table."""
    publishing: Publishing = Publishing()
    """The [publishing] table; without it the main page, the municipality's accounts and
    every crisis message are approved by the informasjonsansvarlig (O1, K1)."""
    retention: Retention = Retention()
    """The [retention] table; without it the defaults of each key apply."""
    archive: dict[ChannelType, ArchiveTreatment]
    """The [archive] table: what happens to conversations, for every channel type."""
    rules: dict[RuleRef, Rule]
    """A [rules.ID] table for every id of the rule catalogue."""

    @model_validator(mode="after")
    def _moderation_outlasts_strikes(self) -> "Policy":
        # A strike is tied to its case: removing the case before the window ends would
        # let a repeated breach go uncounted (O3).
        if self.retention.moderated_months * 28 < self.moderation.strike_window_days:
            raise problem(
                "retention",
                f"[retention] moderated_months = {self.retention.moderated_months} is shorter "
                f"than [moderation] strike_window_days = {self.moderation.strike_window_days}",
                "keep moderated items at least as long as a breach counts, e.g. "
                f"moderated_months = {-(-self.moderation.strike_window_days // 28)}",
            )
        return self

    @field_validator("archive", mode="wrap")
    @classmethod
    def _archive_for_every_channel_type(
        cls, value: Any, handler: ValidatorFunctionWrapHandler
    ) -> dict[ChannelType, ArchiveTreatment]:
        missing = [t for t in ChannelType.values if isinstance(value, dict) and t not in value]
        choices = ", ".join(f'"{treatment}"' for treatment in ArchiveTreatment)
        problems = [
            InitErrorDetails(
                type=problem(
                    "archive_missing",
                    f"no archive treatment for channel type {channel_type}",
                    f"add {channel_type} = one of {choices} (A1–A5)",
                ),
                loc=(channel_type,),
                input=value,
            )
            for channel_type in missing
        ]
        return _validate_reporting_all(value, handler, problems)

    @field_validator("rules", mode="wrap")
    @classmethod
    def _every_rule_of_the_catalogue(
        cls, value: Any, handler: ValidatorFunctionWrapHandler
    ) -> dict[RuleId, Rule]:
        problems: list[InitErrorDetails] = []
        if isinstance(value, dict):
            problems += [
                InitErrorDetails(
                    type=problem(
                        "rule_missing",
                        f"rule {rule_id} is missing",
                        f"add a [rules.{rule_id}] table with section, title and text for "
                        f"{rule_id}: {rule_id.description}",
                    ),
                    loc=(rule_id.value,),
                    input=value,
                )
                for rule_id in RULE_IDS
                if rule_id not in value
            ]
            problems += [
                InitErrorDetails(
                    type=problem(
                        "immediate_hide",
                        f"only rules about what is posted ({_CONTENT_RULE_IDS}) "
                        "may allow hiding at once",
                        f"remove immediate_hide from [rules.{rule_id}] or set it to false",
                    ),
                    loc=(rule_id, "immediate_hide"),
                    input=entry["immediate_hide"],
                )
                for rule_id, entry in value.items()
                if rule_id in RULE_IDS
                and rule_id not in CONTENT_RULES
                and isinstance(entry, dict)
                and entry.get("immediate_hide") is True
            ]
        rules = _validate_reporting_all(value, handler, problems)
        return {rule_id: rules[rule_id] for rule_id in RULE_IDS}  # catalogue order

    def rule(self, rule_id: str) -> Rule:
        """The rule with this id; KeyError naming the known ids if there is none."""
        try:
            return self.rules[RuleId(rule_id)]  # type: ignore[call-arg]  # lookup by value
        except ValueError:
            raise KeyError(f"{rule_id!r} is not a rule id; the ids are {KNOWN_RULE_IDS}") from None

    def deadline_for(self, channel_type: str, slug: str = "") -> Deadline:
        """The answer deadline on a channel of this type (O5, L2), or the channel's own."""
        if slug in self.deadlines.channels:
            return self.deadlines.channels[slug]
        return self.deadlines.channel_types.get(ChannelType(channel_type), self.deadlines.default)

    def archive_rule_for(self, channel_type: str) -> ArchiveTreatment:
        """What happens to a finished conversation on a channel of this type (A1–A5)."""
        return self.archive[ChannelType(channel_type)]

    @property
    def immediate_hide_rules(self) -> tuple[RuleId, ...]:
        """The rules whose breaches may be hidden at once, in catalogue order."""
        return tuple(rule_id for rule_id, rule in self.rules.items() if rule.immediate_hide)

    def guideline_rules(self) -> list[tuple[RuleId, Rule]]:
        """The employees' guidelines in the order of the [guidelines] table (P1–P10)."""
        return [(rule_id, self.rules[rule_id]) for rule_id in self.guidelines.items]

    @property
    def guidelines_digest(self) -> str:
        """The SHA-256 of the guidelines' words: what an employee acknowledges."""
        words = [[rule_id, rule.title, rule.text] for rule_id, rule in self.guideline_rules()]
        canonical = json.dumps(words, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()

    def rules_by_section(self) -> dict[str, list[tuple[RuleId, Rule]]]:
        """The rules grouped under the policy's headings, in catalogue order."""
        sections: dict[str, list[tuple[RuleId, Rule]]] = {}
        for rule_id, rule in self.rules.items():
            sections.setdefault(rule.section, []).append((rule_id, rule))
        return sections
