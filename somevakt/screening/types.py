"""What goes into screening and what comes out: plain values, no Django."""

from dataclasses import dataclass, field
from enum import IntEnum


class Severity(IntEnum):
    """How urgently a moderator should look; ordered so that max() picks the worst."""

    NOTE = 1  # worth knowing, never hidden (D1 relevance, quoted words)
    REVIEW = 2  # a moderator decides
    HIDE_NOW = 3  # may be hidden at once where the policy allows it (O2, G1)

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def of(cls, label: str) -> "Severity":
        try:
            return cls[label.upper()]
        except KeyError:
            raise ValueError(
                f"unknown severity {label!r}; use one of note, review, hide_now"
            ) from None


@dataclass(frozen=True)
class Context:
    """What the screening needs to know besides the text.

    `immediate_hide_rules` comes from the policy: a finding of another rule is never
    hide-now, whatever the lexicon says.
    """

    channel_type: str = "main_page"
    is_top_level: bool = False  # a post on the wall rather than a comment
    parent_text: str = ""
    place_names: tuple[str, ...] = ()
    # Staff and politicians a personal attack may name (D5).
    person_names: tuple[str, ...] = ()
    immediate_hide_rules: frozenset[str] = frozenset({"D2", "D3", "D6", "G1"})
    case_processing_reply: str = ""
    sensitive_post_reply: str = ""
    # The author is staff: staff answer questions, they do not ask the municipality.
    by_staff: bool = False


@dataclass(frozen=True)
class Finding:
    rule: str  # a rule id of the policy, e.g. "D5"
    start: int  # span in the original text, end exclusive
    end: int
    words: str  # the original text of the span
    severity: Severity
    confidence: float  # 0..1
    reason: str  # one line in Norwegian for the moderator

    def as_dict(self) -> dict:
        return {
            "rule": self.rule,
            "start": self.start,
            "end": self.end,
            "words": self.words,
            "severity": self.severity.label,
            "confidence": round(self.confidence, 2),
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Screening:
    findings: tuple[Finding, ...]
    language: str  # nb, nn, sv, da, en, another ISO 639-1 code, or "und"
    is_question: bool
    needs_case_processing: bool
    links: tuple[str, ...] = ()
    # The reply the policy prescribes, when a finding calls for one (D8, G1).
    suggested_reply: str = ""
    rules: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "rules", frozenset(f.rule for f in self.findings))

    @property
    def severity(self) -> Severity | None:
        return max((f.severity for f in self.findings), default=None)

    @property
    def needs_moderation(self) -> bool:
        """A moderator must look: any finding above a note."""
        severity = self.severity
        return severity is not None and severity >= Severity.REVIEW
