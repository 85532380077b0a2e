"""Measure the screening against a labelled set: precision, recall and F1 per rule and
for "needs moderation", question detection, and the confusion between languages.

The set is a CSV file with the columns id, lang, channel_type, kind, parent_text, text,
rules (semicolon separated), severity (none/note/review/hide_now) and question (0/1);
data/devset.csv is the team's own.
"""

import csv
import dataclasses
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from somevakt.screening.engine import Screener
from somevakt.screening.language import ACCEPTED
from somevakt.screening.lexicon import DATA
from somevakt.screening.types import Context, Severity

DATA_DEVSET = DATA / "devset.csv"
RULES = ("D1", "D2", "D3", "D5", "D6", "D7", "D8", "G1", "S1")
COLUMNS = ("id", "lang", "channel_type", "kind", "parent_text", "text", "rules", "severity",
           "question")  # fmt: skip
# Rules whose findings are notes by design: a note counts as predicting them.
NOTE_RULES = frozenset({"D1"})


class DevSetError(ValueError):
    """The labelled file cannot be read."""


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, expected: bool, predicted: bool) -> None:
        self.tp += expected and predicted
        self.fp += predicted and not expected
        self.fn += expected and not predicted

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def support(self) -> int:
        return self.tp + self.fn


@dataclass
class Miss:
    row_id: str
    text: str
    expected: frozenset[str]
    predicted: frozenset[str]


@dataclass
class Report:
    rows: int = 0
    rules: dict[str, Score] = field(default_factory=lambda: {rule: Score() for rule in RULES})
    needs_moderation: Score = field(default_factory=Score)
    questions: Score = field(default_factory=Score)
    languages: Counter = field(default_factory=Counter)  # (expected, detected) -> count
    d7_checked: int = 0  # accepted-language rows of three words or more
    d7_flagged: int = 0  # ... wrongly flagged as D7
    misses: list[Miss] = field(default_factory=list)

    @property
    def d7_false_flag_rate(self) -> float:
        return self.d7_flagged / self.d7_checked if self.d7_checked else 0.0


def read_devset(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = set(COLUMNS) - set(reader.fieldnames or ())
            if missing:
                raise DevSetError(
                    f"{path}: missing column(s) {', '.join(sorted(missing))}; the header must "
                    f"be {','.join(COLUMNS)}"
                )
            rows = list(reader)
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise DevSetError(f"{path}: cannot be read: {error}") from None
    for number, row in enumerate(rows, start=2):
        unknown = set(_rules(row)) - set(RULES)
        if unknown:
            raise DevSetError(
                f"{path}:{number}: unknown rule(s) {', '.join(sorted(unknown))}; use "
                f"{', '.join(RULES)} separated by ';'"
            )
        if row["severity"] not in ("none", "note", "review", "hide_now"):
            raise DevSetError(
                f"{path}:{number}: severity {row['severity']!r}; use none, note, review or hide_now"
            )
    return rows


def _rules(row: dict[str, str]) -> frozenset[str]:
    return frozenset(rule.strip() for rule in row["rules"].split(";") if rule.strip())


def _language_group(code: str) -> str:
    return code if code in ACCEPTED or code == "und" else "other"


def evaluate(rows: list[dict[str, str]], screener: Screener, base: Context) -> Report:
    report = Report()
    for row in rows:
        context = dataclasses.replace(
            base,
            channel_type=row["channel_type"] or "main_page",
            is_top_level=row["kind"] == "post",
            parent_text=row["parent_text"],
        )
        result = screener.screen(row["text"], context)
        expected = _rules(row)
        predicted = frozenset(
            f.rule for f in result.findings if f.severity >= Severity.REVIEW or f.rule in NOTE_RULES
        )
        report.rows += 1
        for rule in RULES:
            report.rules[rule].add(rule in expected, rule in predicted)
        report.needs_moderation.add(row["severity"] in ("review", "hide_now"),
                                    result.needs_moderation)  # fmt: skip
        report.questions.add(row["question"] == "1", result.is_question)
        report.languages[(_language_group(row["lang"]), _language_group(result.language))] += 1
        if row["lang"] in ACCEPTED and len(row["text"].split()) >= 3:
            report.d7_checked += 1
            report.d7_flagged += "D7" in predicted
        if expected != predicted:
            report.misses.append(Miss(row["id"], row["text"], expected, predicted))
    return report


def format_report(report: Report) -> str:
    header = "".join(
        f"{name:>{width}}"
        for name, width in [("precision", 10), ("recall", 8), ("F1", 7), ("support", 9),
                            ("tp", 6), ("fp", 5), ("fn", 5)]
    )  # fmt: skip
    lines = [f"{report.rows} labelled comments", "", f"{'rule':<18}{header}"]
    scored = [*report.rules.items(), ("needs moderation", report.needs_moderation),
              ("question", report.questions)]  # fmt: skip
    for name, score in scored:
        lines.append(
            f"{name:<18}{score.precision:>10.3f}{score.recall:>8.3f}{score.f1:>7.3f}"
            f"{score.support:>9}{score.tp:>6}{score.fp:>5}{score.fn:>5}"
        )
    groups = [*ACCEPTED, "other", "und"]
    lines += ["", "language (rows: labelled, columns: detected)",
              f"{'':<8}" + "".join(f"{g:>7}" for g in groups)]  # fmt: skip
    for expected in groups:
        counts = [report.languages.get((expected, detected), 0) for detected in groups]
        if any(counts):
            lines.append(f"{expected:<8}" + "".join(f"{c:>7}" for c in counts))
    lines += [
        "",
        "D7 flags on Scandinavian or English comments of three words or more: "
        f"{report.d7_flagged} of {report.d7_checked} ({report.d7_false_flag_rate:.2%})",
    ]
    return "\n".join(lines)
