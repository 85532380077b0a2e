"""The normalised item event: what every source hands to the ingestion service.

Connectors, file imports and the demo simulator all turn their input into ItemEvent;
the format is documented in the README (one JSON object per line for imports).
"""

from enum import StrEnum
from typing import Annotated

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from somevakt.core.json import storable_text
from somevakt.inbox.models import ItemKind
from somevakt.sources.models import Platform

ExternalId = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
# Text from outside, made storable in every database (no NUL, no half surrogate pairs).
StorableText = Annotated[str, AfterValidator(storable_text)]


class EventType(StrEnum):
    UPSERT = "upsert"  # created or edited
    DELETE = "delete"  # removed on the platform
    HIDE = "hide"
    UNHIDE = "unhide"


class EventAuthor(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: ExternalId
    name: Annotated[StorableText, StringConstraints(max_length=300)] = ""


class Attachment(BaseModel):
    """What is known about an attachment; the file itself stays on the platform."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    type: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    url: str = ""
    mime_type: str = ""
    name: str = ""
    size: int | None = Field(default=None, ge=0)


class ItemEvent(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)

    platform: Platform
    channel: ExternalId  # the channel's id on the platform
    event: EventType = EventType.UPSERT
    external_id: ExternalId
    kind: ItemKind = ItemKind.COMMENT
    thread_external_id: ExternalId | None = None
    parent_external_id: ExternalId | None = None
    author: EventAuthor | None = None
    text: Annotated[StorableText, StringConstraints(max_length=1_000_000)] = ""
    links: list[str] = Field(default_factory=list, max_length=500)
    attachments: list[Attachment] = Field(default_factory=list, max_length=100)
    published_at: AwareDatetime | None = None
    # When this version or action happened on the platform; decides which edit is newest.
    occurred_at: AwareDatetime
    is_demo: bool = False

    @model_validator(mode="after")
    def _check_thread(self) -> "ItemEvent":
        if self.kind == ItemKind.POST:
            if self.parent_external_id:
                raise ValueError("a post has no parent_external_id; use kind 'comment' or 'reply'")
        elif not self.thread_external_id:
            raise ValueError(
                f"a {self.kind.value} needs thread_external_id: the id of the post or "
                "conversation it belongs to"
            )
        return self

    @property
    def thread_id(self) -> str:
        """A post starts its own thread; everything else names the thread it belongs to."""
        return self.thread_external_id or self.external_id
