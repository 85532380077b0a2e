"""Copies of the default policy with one mistake each, shared by the loader and command tests."""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

DEFAULT_POLICY = Path(settings.SOMEVAKT_DEFAULT_POLICY)


def _line_of(passage: str) -> int:
    text = DEFAULT_POLICY.read_text(encoding="utf-8")
    return text[: text.index(passage)].count("\n") + 1


@dataclass(frozen=True)
class Mistake:
    old: str  # a passage of the default policy
    new: str  # what the mistake makes of it
    key: str  # where the message must point: a dotted key or a line and column
    fix: str  # part of the fix the message must give


def write_policy(directory: Path, *replacements: tuple[str, str], name: str = "p.toml") -> Path:
    """The default policy with each `old` passage replaced once; every passage must exist."""
    text = DEFAULT_POLICY.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, f"the default policy no longer contains {old!r}"
        text = text.replace(old, new, 1)
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


# The kinds of mistake the issue names; each must be refused with file, key and fix.
MISTAKES = {
    "unknown key": Mistake(
        "strike_threshold = 3",
        "strike_threshold = 3\nstrike_colour = 1",
        "moderation.strike_colour: unknown key",
        "the keys here are strike_threshold, strike_window_days",
    ),
    "missing rule": Mistake(
        '[rules.D7]\nsection = "Reglement',
        '[rules.X]\nsection = "Reglement',
        "rules.D7: rule D7 is missing",
        "add a [rules.D7] table with section, title and text",
    ),
    "time 25:00": Mistake(
        'end = "15:00"',
        'end = "25:00"',
        'working_time.office_hours.end: "25:00" is not a time of day',
        'write HH:MM between 00:00 and 23:59, e.g. "15:00"',
    ),
    "unknown rule id": Mistake(
        'rule = "O5"',
        'rule = "O6"',
        'deadlines.default.rule: "O6" is not a rule id',
        "D1–D9, O1–O5, L1–L4, G1–G2, S1–S2, A1–A6, P1–P10, K1",
    ),
    "wrong type": Mistake(
        "strike_window_days = 90",
        'strike_window_days = "90"',
        'moderation.strike_window_days: "90" is not a whole number',
        "write a whole number without quotes",
    ),
    "not a guideline": Mistake(
        'items = ["P1", "P2"',
        'items = ["D2", "P2"',
        "guidelines.items[0]: D2 is not one of the employees' guidelines",
        "list rules of the «Pass på»-plakaten only: P1–P10",
    ),
    "TOML syntax": Mistake(
        "[local_pages]",
        "[local_pages",
        f"line {_line_of('[local_pages]')}, column 13 ([local_pages): not valid TOML",
        "close the table name with ]",
    ),
    "retention shorter than the strike window": Mistake(
        "moderated_months = 12",
        "moderated_months = 2",
        "moderated_months = 2 is shorter than [moderation] strike_window_days = 90",
        "moderated_months = 4",
    ),
    "retention of zero days": Mistake(
        "raw_payload_days = 30",
        "raw_payload_days = 0",
        "retention.raw_payload_days",
        "greater than 0",
    ),
}
