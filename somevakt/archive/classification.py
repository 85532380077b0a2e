"""A1–A6: whether a finished conversation is archived, and whether it is also journaled.

Pure Python over plain facts, so every rule can be tested on its own. The reasons are
written in the words of arkivforskrifta and the policy (the policy's language), because
they are what the arkivar confirms and what the journal shows.

A2 (arkivforskriften § 2-6 første ledd andre punktum, as the policy cites it): a
saksdokument is archived if it is subject to case processing OR has documentation
value; if both, it is also journaled. A simple communication (thanks, greetings,
opening hours already published, a question fully answered by a link) is neither.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

NOT_ARCHIVED = "not_archived"
ARCHIVED = "archived"
JOURNALED = "journaled"

# The policy's [archive] treatments (somevakt.policy.schema.ArchiveTreatment).
CLASSIFY = "classify"
ONE_DOCUMENT = "archive_and_journal_as_one_document"
TREATMENT_NOT_ARCHIVED = "not_archived"

# A formal request: a complaint, an application, an appeal, an own case.
_CASE_WORDS = re.compile(
    r"\b(klag\w*|søknad\w*|søkn\w*|søk(?:er|e) om|vedtak\w*|avslag\w*|saksn(?:umme)?r\.?|"
    r"byggesøknad\w*|uakseptab\w*|skuffet|fiks det|må skjerpe seg|complaint|appeal)\b",
    re.IGNORECASE,
)
# An answer that commits the municipality to something, or gives advice or information.
_COMMITMENT = re.compile(
    r"\b(meldt (?:saken|det) videre|vi (?:skal|vil|sørger|følger opp|oppdaterer|sender|"
    r"retter|fikser)|blir (?:fikset|brøytet|hentet|reparert)|er (?:i|på vei))\b",
    re.IGNORECASE,
)
_INFORMATION = re.compile(
    r"(\d|\b(?:gjelder|trolig|i løpet av|til vi|inntil|fristen|åpningstid\w*|"
    r"du kan|du må|vi anbefaler|anbefaler)\b)",
    re.IGNORECASE,
)
_THANKS = re.compile(
    r"^\W*(hei\W*)?(tusen )?(takk|tack|tak|thanks|thank you|great job|flott|så fint)\b",
    re.IGNORECASE,
)
_LINK = re.compile(r"(https?://\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:no|com|org|net)(?:/\S*)?)")
_GREETING = re.compile(
    r"\b(hei|hej|hi|mvh|med vennlig hilsen|rakkestad kommune|lykke til|takk for spørsmålet)\b"
    r"[!.,]*",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Message:
    """One item of a conversation, as classification needs it."""

    text: str
    by_municipality: bool
    is_question: bool = False
    needs_case_processing: bool = False


@dataclass(frozen=True)
class Conversation:
    channel_type: str
    platform: str
    treatment: str  # the policy's [archive] entry for the channel type
    messages: Sequence[Message]
    is_private_message: bool = False


@dataclass(frozen=True)
class Reason:
    rule: str
    text: str


@dataclass
class Classification:
    unit_kind: str
    outcome: str
    case_processing: bool = False
    documentation_value: bool = False
    simple_communication: bool = False
    reasons: list[Reason] = field(default_factory=list)

    @property
    def rules(self) -> list[str]:
        return list(dict.fromkeys(reason.rule for reason in self.reasons))

    @property
    def facts(self) -> dict[str, bool]:
        return {
            "case_processing": self.case_processing,
            "documentation_value": self.documentation_value,
            "simple_communication": self.simple_communication,
        }


def answer_substance(text: str) -> str:
    """What an answer says beyond greetings, thanks and links."""
    rest = _LINK.sub(" ", text)
    rest = _GREETING.sub(" ", rest)
    return re.sub(r"[\W_]+", " ", rest).strip()


def is_link_only(text: str) -> bool:
    """An answer whose only content is where to find it: simple communication."""
    if not _LINK.search(text):
        return False
    substance = answer_substance(text)
    return not _COMMITMENT.search(substance) and not re.search(r"\d", substance)


def is_thanks(text: str) -> bool:
    return bool(_THANKS.search(text)) and "?" not in text


def gives_information(text: str) -> bool:
    """The municipality's answer gives information, advice or a commitment (A2)."""
    if is_link_only(text) or (is_thanks(text) and not _COMMITMENT.search(text)):
        return False
    substance = answer_substance(text)
    return bool(_COMMITMENT.search(substance) or _INFORMATION.search(substance))


def _unit_kind(conversation: Conversation) -> str:
    if conversation.channel_type == "net_meeting":
        return "net_meeting"
    if conversation.channel_type == "blog":
        return "blog_post"
    if conversation.platform == "facebook" or conversation.is_private_message:
        return "inquiry"
    return "thread"


def classify(conversation: Conversation) -> Classification:
    """The proposed outcome for one finished conversation, with the reasons."""
    kind = _unit_kind(conversation)
    if conversation.treatment == ONE_DOCUMENT:
        rule = "A3" if kind == "net_meeting" else "A4"
        text = (
            "A3: Hele nettmøtet, det vil si alle spørsmål (også spørsmål som ikke besvares) "
            "og svar, journalføres som ett dokument."
            if rule == "A3"
            else "A4: Bloggposter med tilhørende kommentarer arkiveres og journalføres som "
            "ett dokument."
        )
        return Classification(
            unit_kind=kind,
            outcome=JOURNALED,
            case_processing=True,
            documentation_value=True,
            reasons=[
                Reason(rule, text),
                Reason(
                    rule,
                    "Omfattes av forvaltningens plikt til å føre journal etter arkivloven med "
                    "forskrifter og innsynsretten etter offentlighetsloven.",
                ),
            ],
        )
    if conversation.treatment == TREATMENT_NOT_ARCHIVED:
        return Classification(
            unit_kind=kind,
            outcome=NOT_ARCHIVED,
            simple_communication=True,
            reasons=[
                Reason(
                    "A5",
                    "A5: Spørsmål og svar på Twitter/X er kortfattede og enkle og kan normalt "
                    "ikke anses som dokumenter som har dokumentasjonsverdi eller er gjenstand "
                    "for saksbehandling; de verken arkiveres eller journalføres. Arkivaren kan "
                    "overstyre.",
                )
            ],
        )
    return _classify_by_content(conversation, kind)


def _classify_by_content(conversation: Conversation, kind: str) -> Classification:
    """A1, A2: the content decides, not the channel."""
    citizens = [m for m in conversation.messages if not m.by_municipality]
    # The municipality's own post is published information, not an answer to anyone.
    messages = list(conversation.messages)
    answers = [m for m in messages[1:] if m.by_municipality]
    if messages and not messages[0].by_municipality:
        answers = [m for m in messages if m.by_municipality]
    result = Classification(unit_kind=kind, outcome=NOT_ARCHIVED)
    reasons = result.reasons
    requests = [m for m in citizens if m.needs_case_processing or _CASE_WORDS.search(m.text)]
    questions = [m for m in citizens if m.is_question]
    informative = [m for m in answers if gives_information(m.text)]
    link_only = [m for m in answers if is_link_only(m.text)]

    if requests:
        result.case_processing = True
        reasons.append(
            Reason(
                "A2",
                "Gjenstand for saksbehandling: en henvendelse som er en klage, en søknad "
                "eller et krav som starter eller hører til en sak.",
            )
        )
    elif questions and not (link_only and not informative):
        result.case_processing = True
        reasons.append(
            Reason(
                "A2",
                "Gjenstand for saksbehandling: en henvendelse som krever et realitetssvar "
                "fra kommunen.",
            )
        )
    if informative:
        result.documentation_value = True
        reasons.append(
            Reason(
                "A2",
                "Verdi som dokumentasjon: kommunens svar gir informasjon, råd eller et tilsagn.",
            )
        )
    if not (result.case_processing or result.documentation_value):
        result.simple_communication = True
        what = (
            "spørsmålet er fullt ut besvart med en lenke"
            if questions and link_only
            else "takk, hilsener eller allerede publisert informasjon"
        )
        reasons.append(
            Reason(
                "A2",
                f"Enkel kommunikasjon ({what}): verken gjenstand for saksbehandling eller "
                "verdi som dokumentasjon, jf. arkivforskriften § 2-6 første ledd "
                "(arkivbegrensning, § 3-18 første ledd); arkiveres ikke.",
            )
        )
        return result
    if result.case_processing and result.documentation_value:
        result.outcome = JOURNALED
        reasons.append(
            Reason(
                "A2",
                "Begge kriteriene er oppfylt: arkiveres og journalføres (arkivforskriften "
                "§ 2-6 første ledd andre punktum).",
            )
        )
    else:
        result.outcome = ARCHIVED
        reasons.append(
            Reason(
                "A2",
                "Ett av kriteriene er oppfylt: arkiveres, men journalføres ikke "
                "(arkivforskriften § 2-6 første ledd).",
            )
        )
    if kind == "inquiry" and result.outcome != NOT_ARCHIVED:
        reasons.insert(
            0,
            Reason(
                "A1",
                "A1: Henvendelser og svar sendt via Facebook behandles på lik linje med "
                "e-post, fordi de ikke kan klassifiseres som enkel kommunikasjon.",
            ),
        )
    return result


def classify_deletion() -> Classification:
    """A6: every deletion is journaled with the feedback sent to its author (O2)."""
    return Classification(
        unit_kind="deletion",
        outcome=JOURNALED,
        case_processing=True,
        documentation_value=True,
        reasons=[
            Reason(
                "A6",
                "A6: Sletting skal alltid gjøres i overensstemmelse med informasjonsansvarlig "
                "og skal journalføres sammen med tilbakemeldingen til den som har fått "
                "innlegget sitt slettet.",
            )
        ],
    )


def outcome_rank(outcome: str) -> int:
    """How much an outcome records: an override downwards archives less."""
    return {NOT_ARCHIVED: 0, ARCHIVED: 1, JOURNALED: 2}[outcome]
