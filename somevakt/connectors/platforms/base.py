"""What the platform connectors here have in common: a poll returns the events found, the
cursor to continue from, and, when the platform throttled, how long to wait (not a failure)."""

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, ClassVar

from somevakt.connectors.capabilities import PlatformAction, supports, why_not
from somevakt.connectors.client import PlatformError, Target
from somevakt.inbox.events import ItemEvent
from somevakt.sources.models import Platform

Cursor = dict[str, Any]


@dataclass
class PollResult:
    events: list[ItemEvent] = field(default_factory=list)
    cursor: Cursor = field(default_factory=dict)
    wait_seconds: float | None = None  # throttled or out of quota: poll again after this
    pages: int = 0


class Unsupported(PlatformError):
    """The platform does not offer this action; the message says why."""


class Connector:
    platform: ClassVar[Platform]

    def perform(
        self, action: PlatformAction, target: Target, *, text: str = "", key: str = ""
    ) -> dict[str, Any]:
        if not supports(self.platform.value, action):
            raise Unsupported(why_not(self.platform.value, action))
        return self._perform(action, target, text)

    def _perform(self, action: PlatformAction, target: Target, text: str) -> dict[str, Any]:
        raise NotImplementedError


def parse_time(value: str | int | float | None) -> datetime | None:
    """An ISO 8601 time (with Z or +0000) or epoch seconds as an aware datetime."""
    if value is None or value == "":
        return None
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, tz=UTC)
    text = value.strip().replace("Z", "+00:00")
    if len(text) > 5 and text[-5] in "+-" and text[-3] != ":":
        text = f"{text[:-2]}:{text[-2:]}"  # +0000 -> +00:00
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
