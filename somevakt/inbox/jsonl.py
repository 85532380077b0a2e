"""Reading item events from a JSON Lines file (one normalised ItemEvent per line)."""

import json
from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError

from somevakt.inbox.events import ItemEvent

MAX_REPORTED = 20


class EventFileError(ValueError):
    """The file cannot be imported; the message lists every problem found (file:line: …)."""


def _problems(path: Path, number: int, line: str) -> list[str]:
    try:
        payload = json.loads(line)
    except json.JSONDecodeError as exc:
        return [
            f"{path}:{number}: not valid JSON ({exc.msg} at column {exc.colno}); "
            "write one JSON object per line"
        ]
    if not isinstance(payload, dict):
        return [f"{path}:{number}: a line must be a JSON object, not {type(payload).__name__}"]
    try:
        ItemEvent.model_validate(payload)
    except ValidationError as exc:
        return [
            f"{path}:{number}: field '{'.'.join(str(p) for p in error['loc']) or '(line)'}': "
            f"{error['msg']}"
            for error in exc.errors()
        ]
    return []


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    try:
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if line.strip():
                    yield number, line
    except FileNotFoundError:
        raise EventFileError(f"{path}: no such file") from None
    except UnicodeDecodeError as exc:
        raise EventFileError(f"{path}: not UTF-8 text ({exc.reason}); save it as UTF-8") from None


def check_event_file(path: Path) -> int:
    """Validate every line before anything is stored; returns the number of events."""
    problems: list[str] = []
    count = 0
    for number, line in _lines(path):
        count += 1
        problems += _problems(path, number, line)
    if problems:
        shown = problems[:MAX_REPORTED]
        if len(problems) > MAX_REPORTED:
            shown.append(f"… and {len(problems) - MAX_REPORTED} more problems")
        raise EventFileError("\n".join(shown))
    return count


def read_event_file(path: Path) -> Iterator[ItemEvent]:
    for _, line in _lines(path):
        yield ItemEvent.model_validate_json(line)
