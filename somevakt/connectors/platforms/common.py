"""What the connectors in this package share on top of the connector interface: the
capability check before acting, times in the platforms' spellings, and raw changes."""

import hashlib
import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from somevakt.connectors.base import Connector, PermanentError, RawChange, RawStatus, Target
from somevakt.connectors.capabilities import PlatformAction, supports, why_not
from somevakt.inbox.events import ItemEvent


class Unsupported(PermanentError):
    """The platform does not offer this action; the message says why."""


class PlatformConnector(Connector):
    """A connector that refuses undeclared actions before calling the platform."""

    def act(
        self, action: PlatformAction, target: Target, *, text: str = "", key: str = ""
    ) -> dict[str, Any]:
        if not supports(self.platform, action):
            raise Unsupported(why_not(self.platform, action))
        return self._act(action, target, text)

    def _act(self, action: PlatformAction, target: Target, text: str) -> dict[str, Any]:
        raise NotImplementedError


def parse_time(value: str | int | float | None) -> datetime | None:
    """An ISO 8601 time (with Z, +0000 or no zone: UTC) or epoch seconds, aware."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        try:
            return datetime.fromtimestamp(value, tz=UTC)
        except (OverflowError, OSError):  # beyond any calendar: a malformed time
            raise ValueError(f"{value} is not a time in epoch seconds") from None
    text = str(value).strip().replace("Z", "+00:00")
    if len(text) > 5 and text[-5] in "+-" and text[-3] != ":":
        text = f"{text[:-2]}:{text[-2:]}"  # +0000 -> +00:00
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def now_utc() -> datetime:
    return datetime.now(tz=UTC)


def digest(*parts: Any) -> str:
    canonical = json.dumps(parts, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def raw_change(
    *,
    platform: str,
    field: str,
    verb: str,
    payload: Any,
    external_id: str,
    build: Callable[[], ItemEvent | None],
    reason: str = "",
) -> RawChange:
    """A change as the platform sent it, with the event made of it (or why none was)."""
    raw = RawChange(
        dedup_key=digest(platform, field, verb, payload),
        field=field[:60],
        verb=verb[:60],
        payload=payload if isinstance(payload, dict) else {"value": payload},
        external_id=str(external_id)[:200],
    )
    try:
        raw.event = build()
    except (ValidationError, ValueError, KeyError, TypeError) as exc:
        raw.status, raw.reason = RawStatus.REJECTED, _reason(exc)
        return raw
    if raw.event is None:
        raw.status, raw.reason = RawStatus.UNKNOWN, reason or f"'{field}/{verb}' is not handled"
    return raw


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(
            f"{'.'.join(str(p) for p in error['loc']) or 'event'}: {error['msg']}"
            for error in exc.errors()
        )
    return f"{type(exc).__name__}: {exc}"


def events_of(changes: list[RawChange]) -> list[ItemEvent]:
    return [change.event for change in changes if change.event is not None]
