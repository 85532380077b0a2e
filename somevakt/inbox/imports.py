"""File imports beside the normalised format: net meeting transcripts (A3) and posts of
closed and secret Facebook groups.

Meta has offered no API for groups since April 2024, so a group's posts come in from a
file: the group is registered as a channel and its posts imported (JSON lines). A net
meeting transcript (CSV or JSON) becomes one thread: the meeting itself as the post,
every question as a comment, answered or not, and every answer as a reply to its
question, so that A3 can journal the whole meeting as one document.

Every row is checked before anything is stored; the errors name the file, the row or
line, the column or field, and how to fix it. Reading makes ItemEvents only; storing is
inbox.services.file_import, through the ingestion service like every other source.
"""

import csv
import hashlib
import io
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.text import slugify
from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
)

from somevakt.inbox.events import Attachment, EventAuthor, EventType, ItemEvent
from somevakt.inbox.jsonl import MAX_REPORTED, _fix
from somevakt.inbox.models import ItemKind
from somevakt.sources.models import Channel, ChannelType, Platform

NET_MEETING_COLUMNS = ("question", "asker", "time", "answer", "answerer")
OPTIONAL_COLUMNS = ("answered_at",)
GROUP_TYPES = (ChannelType.CLOSED_GROUP, ChannelType.SECRET_GROUP)
LOCAL_FORMATS = ("%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S", "%d.%m.%Y kl. %H:%M", "%d.%m.%Y kl. %H.%M")
EXAMPLE_TIME = "2026-11-23 19:05 or 23.11.2026 19:05"


class FileFormat(StrEnum):
    NET_MEETING_CSV = "net_meeting_csv"
    NET_MEETING_JSON = "net_meeting_json"
    GROUP_POSTS = "group_posts"


class ImportFileError(ValueError):
    """The file cannot be imported; `problems` lists every problem found."""

    def __init__(self, problems: list[str]):
        shown = problems[:MAX_REPORTED]
        if len(problems) > MAX_REPORTED:
            shown.append(f"… and {len(problems) - MAX_REPORTED} more problems")
        super().__init__("\n".join(shown))
        self.problems = shown


@dataclass
class Meeting:
    """The net meeting a transcript belongs to: its short name (the thread's id) and title."""

    short_name: str
    title: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def external_id(self) -> str:
        return f"meeting-{slugify(self.short_name)}"


def _text(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            [f"{name}: not UTF-8 text (byte {exc.start}); save the file as UTF-8"]
        ) from None


def parse_time(value: str) -> datetime | None:
    """ISO 8601 (a time without zone is Norwegian time) or 23.11.2026 19:05."""
    text = value.strip()
    zone = ZoneInfo(settings.TIME_ZONE)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        for pattern in LOCAL_FORMATS:
            try:
                moment = datetime.strptime(text, pattern)  # noqa: DTZ007 (zone set below)
                break
            except ValueError:
                continue
        else:
            return None
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


# --- net meetings (A3) ------------------------------------------------------------------


def net_meeting_rows(data: bytes, name: str, file_format: FileFormat) -> list[tuple[str, dict]]:
    """(where, row) pairs: 'FILE:row N' for CSV (the header is row 1), 'FILE:[N]' for JSON."""
    text = _text(data, name)
    if file_format == FileFormat.NET_MEETING_CSV:
        return _csv_rows(text, name)
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFileError(
            [f"{name}:{exc.lineno}: not valid JSON ({exc.msg} at column {exc.colno})"]
        ) from None
    if isinstance(payload, dict) and isinstance(payload.get("questions"), list):
        payload = payload["questions"]
    if not isinstance(payload, list):
        raise ImportFileError(
            [f"{name}: write a JSON list of questions, or an object with a 'questions' list"]
        )
    return [(f"{name}: question [{n}]", row) for n, row in enumerate(payload)]


def _csv_rows(text: str, name: str) -> list[tuple[str, dict]]:
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    # newline="": the csv module reads \r, \n and \r\n line ends, and line breaks in cells.
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    try:
        return _csv_read(reader, name, dialect.delimiter)
    except csv.Error as exc:  # e.g. a NUL character, or a cell beyond the field size limit
        raise ImportFileError(
            [
                f"{name}:row {reader.line_num + 1}: not readable as CSV ({exc}); save it from the "
                "spreadsheet as CSV UTF-8"
            ]
        ) from None


def _csv_read(reader: csv.DictReader, name: str, delimiter: str) -> list[tuple[str, dict]]:
    header = [column.strip().lower() for column in reader.fieldnames or []]
    missing = [column for column in NET_MEETING_COLUMNS if column not in header]
    unknown = [c for c in header if c not in NET_MEETING_COLUMNS + OPTIONAL_COLUMNS and c]
    problems = []
    if missing:
        problems.append(
            f"{name}:row 1: the header lacks {', '.join(missing)}; the first row must name "
            f"the columns {', '.join(NET_MEETING_COLUMNS)} (answered_at may follow)"
        )
    if unknown:
        problems.append(
            f"{name}:row 1: unknown columns {', '.join(unknown)}; correct their spelling or "
            "remove them"
        )
    if problems:
        raise ImportFileError(problems)
    reader.fieldnames = header
    rows = []
    for row in reader:
        if None in row:  # more cells than columns
            problems.append(
                f"{name}:row {reader.line_num}: more cells than columns; put text with "
                f"'{delimiter}' in double quotes"
            )
            continue
        if any((value or "").strip() for value in row.values()):
            rows.append((f"{name}:row {reader.line_num}", row))
    if problems:
        raise ImportFileError(problems)
    return rows


def net_meeting_events(
    *, rows: list[tuple[str, dict]], channel: Channel, meeting: Meeting, answerers: dict[str, str]
) -> list[ItemEvent]:
    """The meeting as a post, each question as a comment, each answer as a reply.

    `answerers` maps an answerer's name (case-folded) to their id on the channel; an
    answerer not in it answers as the channel itself, i.e. for the municipality.
    """
    problems: list[str] = []
    if channel.channel_type != ChannelType.NET_MEETING:
        problems.append(
            f"channel '{channel.slug}' is a {channel.get_channel_type_display()}; import a "
            "transcript into a channel of type net meeting"
        )
    if not meeting.short_name.strip() or not slugify(meeting.short_name):
        problems.append("the meeting needs a short name, e.g. budsjett-2026")
    seen: Counter[tuple[str, str]] = Counter()
    events: list[ItemEvent] = []
    first: datetime | None = None
    for where, row in rows:
        if not isinstance(row, dict):
            problems.append(f"{where}: write an object with {', '.join(NET_MEETING_COLUMNS)}")
            continue
        # A JSON question may leave out the columns it has no value for.
        values = dict.fromkeys(NET_MEETING_COLUMNS, "") | {
            key.strip().lower(): str(value or "").strip() for key, value in row.items()
        }
        found = _question_problems(where, values)
        if found:
            problems += found
            continue
        asked = parse_time(values["time"])
        answered = parse_time(values.get("answered_at") or "") or asked
        assert asked is not None and answered is not None
        first = min(first or asked, asked)
        seen[(values["asker"], values["time"])] += 1
        key = f"{values['asker']}|{asked.isoformat()}|{seen[(values['asker'], values['time'])]}"
        question_id = f"{meeting.external_id}-q{hashlib.sha256(key.encode()).hexdigest()[:12]}"
        events.append(
            ItemEvent(
                platform=Platform.NET_MEETING,
                channel=channel.external_id,
                external_id=question_id,
                kind=ItemKind.COMMENT,
                thread_external_id=meeting.external_id,
                parent_external_id=meeting.external_id,
                author=_asker(values["asker"]),
                text=values["question"],
                published_at=asked,
                occurred_at=asked,
            )
        )
        if values.get("answer"):
            answerer = values.get("answerer", "")
            events.append(
                ItemEvent(
                    platform=Platform.NET_MEETING,
                    channel=channel.external_id,
                    external_id=f"{question_id}-answer",
                    kind=ItemKind.REPLY,
                    thread_external_id=meeting.external_id,
                    parent_external_id=question_id,
                    author=EventAuthor(
                        id=answerers.get(answerer.casefold(), channel.external_id),
                        name=answerer or channel.name,
                    ),
                    text=values["answer"],
                    published_at=answered,
                    occurred_at=answered,
                )
            )
    if not rows:
        problems.append("the transcript has no questions")
    if problems:
        raise ImportFileError(problems)
    assert first is not None
    post = ItemEvent(
        platform=Platform.NET_MEETING,
        channel=channel.external_id,
        external_id=meeting.external_id,
        kind=ItemKind.POST,
        author=EventAuthor(id=channel.external_id, name=channel.name),
        text=meeting.title or meeting.short_name,
        published_at=first,
        occurred_at=first,
    )
    return [post, *events]


def _question_problems(where: str, values: dict[str, str]) -> list[str]:
    problems = []
    if not values.get("question"):
        problems.append(f"{where}: column 'question' is empty; write the question asked")
    if not values.get("time"):
        problems.append(
            f"{where}: column 'time' is empty; write when it was asked, e.g. {EXAMPLE_TIME}"
        )
    elif parse_time(values["time"]) is None:
        problems.append(
            f"{where}: column 'time': '{values['time']}' is not a time; write e.g. {EXAMPLE_TIME}"
        )
    if values.get("answered_at") and parse_time(values["answered_at"]) is None:
        problems.append(
            f"{where}: column 'answered_at': '{values['answered_at']}' is not a time; "
            f"write e.g. {EXAMPLE_TIME}"
        )
    if values.get("answerer") and not values.get("answer"):
        problems.append(
            f"{where}: an answerer without an answer; write the answer or clear 'answerer'"
        )
    if len(values.get("answerer", "")) > 300:
        problems.append(f"{where}: column 'answerer': a name longer than 300 characters")
    if len(values.get("question", "")) > 100_000 or len(values.get("answer", "")) > 100_000:
        problems.append(f"{where}: a text longer than 100,000 characters; shorten it")
    return problems


def _asker(name: str) -> EventAuthor | None:
    """Askers in a net meeting are known only by the name they gave."""
    if not name:
        return None
    return EventAuthor(id=f"name:{name.casefold()}"[:200], name=name[:300])


# --- group posts (closed and secret Facebook groups) -----------------------------------

Id = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class GroupAuthor(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: Id
    name: Annotated[str, StringConstraints(max_length=300)] = ""


class GroupAttachment(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    url: str = ""
    name: str = ""


class GroupPost(BaseModel):
    """One post, comment or reply of a group, with Graph's field names."""

    model_config = ConfigDict(extra="forbid")

    id: Id
    created_time: AwareDatetime
    updated_time: AwareDatetime | None = None
    from_: GroupAuthor | None = Field(default=None, alias="from")
    message: Annotated[str, StringConstraints(max_length=1_000_000)] = ""
    post_id: Id | None = None  # a comment or reply: the post it is under
    parent_id: Id | None = None  # a reply: the comment it answers
    attachments: list[GroupAttachment] = Field(default_factory=list, max_length=100)
    deleted: bool = False  # removed in the group before the export


def group_post_events(*, data: bytes, name: str, channel: Channel) -> list[ItemEvent]:
    problems: list[str] = []
    if channel.channel_type not in GROUP_TYPES or channel.platform != Platform.FACEBOOK:
        problems.append(
            f"channel '{channel.slug}' is a {channel.get_channel_type_display()}; group posts "
            "go into a closed or secret Facebook group registered as a channel"
        )
    events: list[ItemEvent] = []
    lines = [(n, line) for n, line in enumerate(_text(data, name).splitlines(), 1) if line.strip()]
    for number, line in lines:
        where = f"{name}:{number}"
        try:
            payload = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(
                f"{where}: not valid JSON ({exc.msg} at column {exc.colno}); write one JSON "
                "object per line"
            )
            continue
        try:
            post = GroupPost.model_validate(payload)
        except ValidationError as exc:
            problems += [
                f"{where}: field '{'.'.join(str(p) for p in error['loc']) or '(line)'}': "
                f"{error['msg']}. Fix: {_fix(error)}."
                for error in exc.errors()
            ]
            continue
        if post.parent_id and not post.post_id:
            problems.append(f"{where}: a reply (parent_id) needs post_id, the post it is under")
            continue
        events += _group_events(post, channel)
    if not lines:
        problems.append(f"{name}: the file has no posts")
    if problems:
        raise ImportFileError(problems)
    return events


def _group_events(post: GroupPost, channel: Channel) -> list[ItemEvent]:
    placement: dict[str, Any] = {"kind": ItemKind.POST}
    if post.post_id:
        placement = {
            "kind": ItemKind.REPLY if post.parent_id else ItemKind.COMMENT,
            "thread_external_id": post.post_id,
            "parent_external_id": post.parent_id or post.post_id,
        }
    author = post.from_
    event = ItemEvent(
        platform=Platform.FACEBOOK,
        channel=channel.external_id,
        external_id=post.id,
        author=EventAuthor(id=author.id, name=author.name) if author else None,
        text=post.message,
        attachments=[Attachment(type=a.type, url=a.url, name=a.name) for a in post.attachments],
        published_at=post.created_time,
        occurred_at=post.updated_time or post.created_time,
        **placement,
    )
    if not post.deleted:
        return [event]
    removed = event.model_copy(update={"event": EventType.DELETE})
    return [event, removed]
