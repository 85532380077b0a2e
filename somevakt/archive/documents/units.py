"""An archival unit: one conversation (or deletion) as it goes into the archive.

Plain frozen dataclasses, independent of Django, so that rendering (PDF/A, XML, JSON),
classification and the Noark 5 export all read the same description, and a unit can be
built in tests without a database. Every instance checks itself when made: a unit that
cannot be archived (no entries, a naive time, a version list out of order...) is refused
with an `ArchivalUnitError` naming what is wrong and where.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class ArchivalUnitError(ValueError):
    """A unit that cannot be archived as given; the message says what, where and how to fix."""


class UnitKind(StrEnum):
    """What the document is, by the archive rule that makes it one document."""

    INQUIRY = "inquiry"  # A1: an inquiry with the municipality's answer, like e-mail
    NET_MEETING = "net_meeting"  # A3: the whole meeting, every question answered or not
    BLOG_POST = "blog_post"  # A4: the post with all its comments
    DELETION = "deletion"  # A6: the deleted content and the feedback sent to its author
    THREAD = "thread"  # any other conversation, kept whole


class EntryKind(StrEnum):
    POST = "post"
    COMMENT = "comment"
    REPLY = "reply"
    PRIVATE_MESSAGE = "private_message"
    FEEDBACK = "feedback"  # A6: the message to the author of deleted content


class EntryState(StrEnum):
    PUBLISHED = "published"
    HIDDEN = "hidden"  # hidden on the platform, still there
    DELETED = "deleted"  # deleted on the platform; the content is kept here


@dataclass(frozen=True, slots=True)
class Attachment:
    """What is known about an attachment; the file stays on the platform and is never
    fetched, so the document lists it by metadata only."""

    type: str
    name: str = ""
    mime_type: str = ""
    size: int | None = None
    url: str = ""

    def __post_init__(self) -> None:
        if not self.type.strip():
            raise ArchivalUnitError(
                "An attachment has no type: give its kind, e.g. 'photo', 'video' or 'file'."
            )
        if self.size is not None and self.size < 0:
            raise ArchivalUnitError(
                f"Attachment {self.name or self.type!r} has a negative size ({self.size}): "
                "give the size in bytes, or leave it unknown."
            )


@dataclass(frozen=True, slots=True)
class Version:
    """One version of an entry's content, as written on the platform at `written_at`."""

    text: str
    written_at: datetime
    links: tuple[str, ...] = ()
    attachments: tuple[Attachment, ...] = ()


@dataclass(frozen=True, slots=True)
class Entry:
    """One post, comment, reply, message or feedback, with every version it had.

    `versions` runs oldest first; the last is the content as it stands (or stood when
    deleted). `depth` is 0 for the opening post and grows with each reply level.
    """

    ref: str  # the entry's id on the platform, or a local reference
    kind: EntryKind
    author_name: str
    by_municipality: bool
    published_at: datetime | None
    versions: tuple[Version, ...]
    author_ref: str = ""
    parent_ref: str = ""
    depth: int = 0
    state: EntryState = EntryState.PUBLISHED
    state_at: datetime | None = None  # when it was hidden or deleted, if known

    def __post_init__(self) -> None:
        where = f"entry {self.ref!r}"
        if not self.ref:
            raise ArchivalUnitError("An entry has no reference: give its id on the platform.")
        if not self.versions:
            raise ArchivalUnitError(
                f"{where} has no version: give at least the content as it stands."
            )
        _require_aware(self.published_at, f"{where}, published_at")
        _require_aware(self.state_at, f"{where}, state_at")
        for number, version in enumerate(self.versions, start=1):
            _require_aware(version.written_at, f"{where}, version {number}")
        times = [version.written_at for version in self.versions]
        if times != sorted(times):
            raise ArchivalUnitError(
                f"{where} has its versions out of order: list them oldest first."
            )
        if self.depth < 0:
            raise ArchivalUnitError(f"{where} has a negative depth ({self.depth}).")

    @property
    def current(self) -> Version:
        return self.versions[-1]

    @property
    def is_edited(self) -> bool:
        return len(self.versions) > 1


@dataclass(frozen=True, slots=True)
class Deletion:
    """A6: why and by whose decision an entry was deleted, and what its author was told."""

    rules: tuple[str, ...]
    reason: str
    proposed_at: datetime
    approved_at: datetime
    feedback_text: str
    proposed_by: str = ""
    approved_by: str = ""
    executed_at: datetime | None = None
    feedback_route: str = ""
    feedback_sent_at: datetime | None = None

    def __post_init__(self) -> None:
        for name in ("proposed_at", "approved_at", "executed_at", "feedback_sent_at"):
            _require_aware(getattr(self, name), f"deletion, {name}")
        if not self.feedback_text.strip():
            raise ArchivalUnitError(
                "The deletion has no feedback text: A6 journals the deletion together with "
                "the feedback sent to its author."
            )


@dataclass(frozen=True, slots=True)
class Producer:
    """What made the unit: the software and its version, and the record it was read from."""

    software: str
    software_version: str
    source: str  # e.g. "inbox.Thread 12" or "moderation.DeletionRecord 3"


@dataclass(frozen=True, slots=True)
class ArchivalUnit:
    """One document for the archive: a conversation kept whole, or a deletion (A1–A6).

    `created_at` is the document's own date, taken from its content (the newest time in
    it) and never from the clock, so the same unit always renders to the same bytes.
    """

    kind: UnitKind
    title: str
    municipality: str
    platform: str
    channel_name: str
    channel_address: str
    entries: tuple[Entry, ...]
    policy_version: str  # the SHA-256 of the policy in force (D9)
    produced_by: Producer
    channel_type: str = ""
    deletion: Deletion | None = None
    language: str = "nb"
    metadata: tuple[tuple[str, str], ...] = field(default=())  # extra key/value facts

    def __post_init__(self) -> None:
        if not self.title.strip():
            raise ArchivalUnitError("The unit has no title: give it one, e.g. the post's start.")
        if not self.municipality.strip():
            raise ArchivalUnitError(
                "The unit names no municipality: it is the author of every archival document."
            )
        if not self.entries:
            raise ArchivalUnitError(
                f"The unit {self.title!r} has no entries: an archival document needs at least "
                "one post, comment or message."
            )
        refs = [entry.ref for entry in self.entries]
        if len(set(refs)) != len(refs):
            duplicate = next(ref for ref in refs if refs.count(ref) > 1)
            raise ArchivalUnitError(
                f"The unit {self.title!r} has entry {duplicate!r} twice: list each entry once."
            )
        if self.kind == UnitKind.DELETION and self.deletion is None:
            raise ArchivalUnitError(
                "A deletion unit (A6) needs its deletion: the rules, the decision and the "
                "feedback sent to the author."
            )
        if self.kind != UnitKind.DELETION and self.deletion is not None:
            raise ArchivalUnitError(
                f"Only a deletion unit carries a deletion; this one is {self.kind.value!r}."
            )

    @property
    def times(self) -> list[datetime]:
        found: list[datetime] = []
        for entry in self.entries:
            found += [version.written_at for version in entry.versions]
            found += [t for t in (entry.published_at, entry.state_at) if t is not None]
        if self.deletion is not None:
            deletion = self.deletion
            found += [deletion.proposed_at, deletion.approved_at]
            found += [t for t in (deletion.executed_at, deletion.feedback_sent_at) if t]
        return found

    @property
    def started_at(self) -> datetime:
        return min(self.times)

    @property
    def created_at(self) -> datetime:
        return max(self.times)

    def as_dict(self) -> dict[str, Any]:
        """The unit as plain JSON-ready values (times in ISO 8601 with their offset)."""
        return _plain(self)


def _require_aware(value: datetime | None, where: str) -> None:
    if value is not None and (value.tzinfo is None or value.utcoffset() is None):
        raise ArchivalUnitError(
            f"{where}: the time {value.isoformat()} has no time zone; give an aware time "
            "(e.g. in UTC) so that it means one moment."
        )


def _plain(value: Any) -> Any:
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        out = {name: _plain(getattr(value, name)) for name in value.__dataclass_fields__}
        if isinstance(value, ArchivalUnit):
            out["metadata"] = dict(value.metadata)
            out["started_at"] = value.started_at.isoformat()
            out["created_at"] = value.created_at.isoformat()
        return out
    return value
