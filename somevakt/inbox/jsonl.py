"""Reading item events from a JSON Lines file (one normalised ItemEvent per line)."""

import json
from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError
from pydantic_core import ErrorDetails

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
            f"{error['msg'].removeprefix('Value error, ')}. Fix: {_fix(error)}."
            for error in exc.errors()
        ]
    return []


_EXAMPLE_TIME = "2026-11-23T07:45:00+01:00"


def _fix(error: ErrorDetails) -> str:
    kind = error["type"]
    if kind == "missing":
        return "add it; the README lists the fields of the normalised format"
    if kind == "extra_forbidden":
        return "correct its spelling or remove it; the README lists the fields"
    if kind.startswith(("datetime", "timezone")):
        return f"write the time as ISO 8601 with a time zone, e.g. {_EXAMPLE_TIME}"
    if kind in ("enum", "literal_error"):
        return "write one of the values listed, spelt exactly so"
    if kind == "string_type":
        return 'write it as text in double quotes, e.g. "100200300_42"'
    if kind in ("list_type", "tuple_type"):
        return 'write a JSON list, e.g. ["https://rakkestad.kommune.no"]'
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return 'write a JSON object, e.g. {"id": "5551", "name": "Kari Nordmann"}'
    if kind == "bool_type":
        return "write true or false"
    return "compare with the examples of the normalised format in the README"


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
