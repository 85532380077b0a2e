"""screen(text, context) -> Screening: every check of the discussion rules in one call."""

import dataclasses
import re
from collections.abc import Callable, Iterator
from functools import cache, lru_cache

import regex

from somevakt.screening import personal, questions, relevance
from somevakt.screening.language import LanguageDetector
from somevakt.screening.lexicon import DATA, Hit, Lexicon, data_lines
from somevakt.screening.links import CATEGORY_WORDS, DomainList, Link, find_links
from somevakt.screening.normalise import Normalised, normalise
from somevakt.screening.types import Context, Finding, Screening, Severity

MAX_HITS_PER_RULE = 20
# Long texts are screened in pieces of about this size, so that the time grows with the
# length of the text and nothing else; a comment is far shorter.
CHUNK_CHARS = 4000
LANGUAGE_NAMES = {
    "nb": "norsk bokmål", "nn": "nynorsk", "sv": "svensk", "da": "dansk", "en": "engelsk",
    "de": "tysk", "pl": "polsk", "lt": "litauisk", "so": "somali", "ar": "arabisk",
    "fa": "persisk", "ur": "urdu", "uk": "ukrainsk", "ru": "russisk", "es": "spansk",
    "fr": "fransk", "fi": "finsk", "tr": "tyrkisk", "th": "thai", "vi": "vietnamesisk",
    "tl": "tagalog", "nl": "nederlandsk", "ro": "rumensk", "pt": "portugisisk",
    "it": "italiensk", "et": "estisk", "lv": "latvisk", "is": "islandsk", "bs": "bosnisk",
    "hr": "kroatisk", "sr": "serbisk",
}  # fmt: skip
_CATEGORY_REASONS = {
    "swearing": "Banning («{words}») – D2: banning og stygge ord aksepteres ikke.",
    "insult": "Skjellsord («{words}») – D2: stygge ord og kallenavn aksepteres ikke.",
    "personal": "Personangrep: skjellsord rettet mot en person («{words}») – D5: diskuter "
    "saken, ikke personen.",
    "threat": "Trussel («{words}») – D3: truende innhold slettes og kan være straffbart.",
    "slur": "Rasistisk eller nedsettende ord om en gruppe («{words}») – D3: slettes.",
    "hate": "Hat mot en gruppe («{words}») – D3: rasistisk innhold slettes.",
    "obscenity": "Uanstendig innhold («{words}») – D3: slettes.",
}
# Controls that are not line breaks or tabs become spaces; lone surrogates become U+FFFD.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_CONTROL_OR_SURROGATE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_QUOTED = regex.compile(
    r"«[^»\n]{0,200}»|\"[^\"\n]{0,200}\"|“[^”\n]{0,200}”|”[^”\n]{0,200}”|'[^'\n]{0,80}'"
)
# Who an insult is aimed at (D5): the reader, a named person, staff or politicians.
_TARGET = regex.compile(
    r"(?i)\b(?:du|deg|din|dine|ditt|dere|dykk|di|dig|ni|jer|you|your|you're|youre|ur|u|"
    r"han|hun|ho|hon|he|she|him|her|ordfører\w*|varaordfører\w*|rådmann\w*|rådmenn\w*|"
    r"kommunedirektør\w*|kommunalsjef\w*|saksbehandler\w*|sakshandsamar\w*|handläggare\w*|"
    r"sagsbehandler\w*|politiker\w*|politikar\w*|politikere|formannskap\w*|"
    r"kommunestyre\w*|sjef\w*|sjefen|leder\w*|leiar\w*|ansatt\w*|tilsett\w*|lærer\w*|"
    r"lærar\w*|rektor\w*|styrer\w*|styrar\w*|mayor|councillor\w*|officials?|staff|"
    r"kommunalråd\w*|borgmester\w*|rådmand\w*|ordförande|kommunens folk|byråkrat\w*|"
    r"mannen|kvinnen|dama|fyren|typen|gubben|kjerringa)\b"
    r"|(?-i:\b\p{Lu}\p{Ll}+ \p{Lu}\p{Ll}+\b)"
)
_SENTENCE_BREAK = regex.compile(r"[.!?\n]")
# Endings of a noun for a person: idiot, idioten, idioter, idiotene, klovnar, idiots.
_PERSON_ENDINGS = frozenset(
    {"", "en", "er", "ene", "a", "ar", "ane", "e", "s", "es", "et", "erne", "or", "orna",
     "arna", "na", "n", "ing", "inga", "ingen", "ingar"}
)  # fmt: skip
# "din idiot", "di tosk", "you idiot", "du er en idiot", "Kari er en dum gås".
_VOCATIVE = regex.compile(
    r"(?i)\b(?:din|di|ditt|dine|du|you|your|jeres|dit|dina|ni)\s+(?:\w+\s+){0,2}$"
)
_COPULA = regex.compile(
    r"(?i)(?:^|\b(?!det\b|dette\b|detta\b|den\b|this\b|that\b|it\b|alt\b|som\b)\w+\s+)"
    r"(?:er|e|är|is|are|was|var|blir|bliver|blei|vart|virker|verkar|seems|være|vere|vara|be)\s+"
    r"(?:og blir\s+)?(?:\w+\s+){0,5}$"
)
_ABOUT_PEOPLE = regex.compile(
    r"(?i)\b(?:folk|folka|people|de ansatte|dei tilsette|ledelsen|leiinga|administrasjonen|"
    r"gjeng|gjengen|gäng|gänget|bande|banden|hele kommunen|alle dere|alle i|hun|han)\b"
)
_CAPITALISED_NAME = regex.compile(r"(?<!^)(?<![.!?]\s)\b\p{Lu}\p{Ll}{2,}\b")


class Screener:
    def __init__(
        self,
        *,
        lexicon: Lexicon | None = None,
        domains: DomainList | None = None,
        detector: LanguageDetector | None = None,
        first_names: frozenset[str] | None = None,
    ):
        self.lexicon = lexicon or Lexicon.bundled()
        self.domains = domains or DomainList.bundled()
        self.detector = detector or LanguageDetector()
        self.first_names = first_names if first_names is not None else bundled_first_names()

    def screen(self, text: str, context: Context | None = None) -> Screening:
        context = context or Context()
        original = str(text or "")
        # One character for one: spans found in the cleaned text hold for the original.
        text = original
        if _CONTROL_OR_SURROGATE.search(original):
            text = _SURROGATE.sub("\ufffd", _CONTROL.sub(" ", original))
        findings: list[Finding] = []
        if not text.strip():
            return Screening((), "und", False, False)

        guess = self.detector.detect(text)
        links: list[Link] = []
        for offset, chunk in _chunks(text):
            chunk_links = find_links(chunk)
            normalised = normalise(chunk)
            found = self._words(chunk, normalised, guess.code, context)
            found += self._links(chunk_links) + self._personal(chunk, normalised.text, context)
            if offset:
                chunk_links = [
                    dataclasses.replace(k, start=k.start + offset, end=k.end + offset)
                    for k in chunk_links
                ]
                found = [dataclasses.replace(f, start=f.start + offset, end=f.end + offset)
                         for f in found]  # fmt: skip
            links += chunk_links
            findings += found
        first = normalise(text[:CHUNK_CHARS]).text if len(text) > CHUNK_CHARS else normalised.text
        findings += self._relevance(text[:CHUNK_CHARS], first, context)
        if not guess.accepted:
            name = LANGUAGE_NAMES.get(guess.code, guess.code)
            findings.append(
                Finding(
                    "D7",
                    0,
                    len(text),
                    "",
                    Severity.REVIEW,
                    guess.confidence,
                    f"Skrevet på {name} – D7: innlegg skal være på et skandinavisk språk "
                    "eller engelsk.",
                )  # fmt: skip
            )
        findings = [_within_policy(finding, context, original) for finding in findings]
        needs_case = any(f.rule == "D8" and f.severity >= Severity.REVIEW for f in findings)
        reply = ""
        if any(f.rule == "G1" for f in findings):
            reply = context.sensitive_post_reply
        elif needs_case:
            reply = context.case_processing_reply
        return Screening(
            findings=tuple(sorted(findings, key=lambda f: (-f.severity, f.start, f.rule))),
            language=guess.code,
            is_question=needs_case
            or (
                not any(f.rule in ("D3", "D6") for f in findings)
                and questions.is_question(
                    text[:CHUNK_CHARS],
                    by_staff=context.by_staff,
                    channel_type=context.channel_type,
                    first_names=self.first_names,
                    normalised_text=first,
                )
            ),
            needs_case_processing=needs_case,
            links=tuple(link.url for link in links),
            suggested_reply=reply,
        )

    def _words(
        self, text: str, normalised: Normalised, language: str, context: Context
    ) -> list[Finding]:
        places = _normalised_names(context.place_names)
        hits = self.lexicon.hits(normalised, language=language, also_allowed=places)
        if not hits:
            return []  # most texts: the searches below are for placing hits
        quoted = [m.span() for m in _QUOTED.finditer(text)]

        @cache
        def names_people() -> bool:  # looked for once an insult needs it, then kept
            return bool(
                _TARGET.search(text)
                or _ABOUT_PEOPLE.search(text)
                or any(name and name in text for name in context.person_names)
            )

        findings = []
        seen: set[tuple[int, int, str]] = set()
        for hit in _longest(hits):
            # Show the whole word: "faens", not the "faen" that matched.
            word_start = normalised.text.rfind(" ", 0, hit.start) + 1
            word_end = normalised.text.find(" ", hit.end)
            start, end = normalised.original_span(word_start, word_end)
            words = text[start:end]
            category = hit.entry.category
            rule, severity = hit.entry.rule, hit.entry.severity
            if category == "name_calling":
                if not _calls_someone(text, start):
                    continue
                category = "personal"
            elif category == "insult" and _aimed_at_person(
                text, start, _ending(normalised, hit), names_people
            ):
                rule, category = "D5", "personal"
            reason = _CATEGORY_REASONS[category].format(words=words)
            confidence = 0.9 if words.lower() == hit.entry.term.replace("*", "") else 0.8
            if any(q_start <= start and end <= q_end for q_start, q_end in quoted):
                severity, confidence = Severity.NOTE, 0.5
                reason = f"Sitat: {reason}"
            if (start, end, rule) in seen:
                continue
            seen.add((start, end, rule))
            findings.append(Finding(rule, start, end, words, severity, confidence, reason))
        return findings

    def _links(self, links) -> list[Finding]:
        findings = []
        for hit in self.domains.hits(links):
            what = CATEGORY_WORDS[hit.entry.category]
            if hit.entry.category == "shortener":
                reason = (f"Forkortet lenke ({hit.link.domain}): målet kan ikke kontrolleres "
                          "uten å åpne den – D6: sjekk lenken.")  # fmt: skip
                confidence = 0.6
            else:
                reason = f"Lenke til nettsted med {what} ({hit.link.domain}) – D6."
                confidence = 0.95
            findings.append(
                Finding(
                    "D6",
                    hit.link.start,
                    hit.link.end,
                    hit.link.url,
                    hit.entry.severity,
                    confidence,
                    reason,
                )  # fmt: skip
            )
        return findings

    def _personal(self, text: str, normalised_text: str, context: Context) -> list[Finding]:
        sensitive = (
            [(m, "Fødselsnummer eller D-nummer") for m in personal.id_numbers(text)]
            + [(m, "Kontaktopplysninger om en annen person") for m in
               personal.third_person_contacts(text)]
            + [(m, "Helseopplysninger om en person som kan identifiseres") for m in
               personal.health_of_identifiable(text, self.first_names, normalised_text)]
        )  # fmt: skip
        findings = []
        channel = context.channel_type
        for match, what in _merged(sensitive):
            words = match.words
            if channel == "closed_group":
                findings.append(Finding("G1", match.start, match.end, words, Severity.HIDE_NOW,
                                        0.8, f"{what} («{words}») – G1: sensitive innlegg "
                                        "slettes så raskt som mulig."))  # fmt: skip
            elif channel == "secret_group":
                findings.append(Finding("S1", match.start, match.end, words, Severity.HIDE_NOW,
                                        0.8, f"{what} («{words}») – S1: sensitiv informasjon "
                                        "deles aldri."))  # fmt: skip
            else:
                findings.append(Finding("D8", match.start, match.end, words, Severity.REVIEW,
                                        0.8, f"{what} («{words}») – D8: hører hjemme i "
                                        "saksbehandling, ikke i sosiale medier."))  # fmt: skip
        if channel == "secret_group":
            named = personal.named_cases(text, self.first_names)
            for match in named + personal.own_cases(text, normalised_text):
                findings.append(Finding("S1", match.start, match.end, match.words,
                                        Severity.REVIEW, 0.6, f"Enkeltperson eller sak nevnt "
                                        f"(«{match.words}») – S1: enkeltpersoner og saker "
                                        "diskuteres ikke her."))  # fmt: skip
        elif channel != "closed_group" or not findings:
            for match in personal.own_cases(text, normalised_text):
                findings.append(Finding("D8", match.start, match.end, match.words,
                                        Severity.REVIEW, 0.75, f"Gjelder en enkeltsak "
                                        f"(«{match.words}») – D8: krever saksbehandling, som "
                                        "ikke skjer i sosiale medier."))  # fmt: skip
        return findings

    def _relevance(self, text: str, normalised_text: str, context: Context) -> list[Finding]:
        if context.is_top_level and context.channel_type != "secret_group":
            match = relevance.answers_another_post(text)
            if match is not None:
                return [Finding("D1", match.start(), match.end(), match.group(), Severity.NOTE,
                                0.6, "Ser ut som et svar på et annet innlegg – D1: kommenter "
                                "under innlegget, ikke med ny veggmelding.")]  # fmt: skip
        elif not context.is_top_level:
            match = relevance.off_topic(text, context.parent_text, normalised_text)
            if match is not None:
                return [Finding("D1", match.start(), match.end(), match.group(), Severity.NOTE,
                                0.5, "Kommentaren ser ikke ut til å handle om innlegget – D1: "
                                "kommentarer skal ha relevans til innlegget.")]  # fmt: skip
        return []


def _chunks(text: str) -> Iterator[tuple[int, str]]:
    """(offset, piece) of at most about CHUNK_CHARS, cut at a line break or space."""
    start = 0
    while start < len(text):
        end = min(len(text), start + CHUNK_CHARS)
        if end < len(text):
            cut = max(text.rfind("\n", start, end), text.rfind(" ", start, end))
            end = cut + 1 if cut > start + CHUNK_CHARS // 2 else end
        yield start, text[start:end]
        start = end


def _merged(matches: list[tuple[personal.Match, str]]) -> list[tuple[personal.Match, str]]:
    """Overlapping matches of one kind become one ("Sønnen min … diagnosen ADHD")."""
    merged: list[tuple[personal.Match, str]] = []
    for match, what in sorted(matches, key=lambda pair: (pair[1], pair[0].start)):
        if merged and merged[-1][1] == what and match.start < merged[-1][0].end:
            last = merged[-1][0]
            end = max(last.end, match.end)
            words = last.words + match.words[max(0, last.end - match.start) :]
            merged[-1] = (personal.Match(last.kind, last.start, end, words), what)
        else:
            merged.append((match, what))
    return merged


def _longest(hits: list[Hit]) -> list[Hit]:
    """Drop a hit inside a longer hit of the same rule ("fy faen" holds "faen"), and keep
    at most MAX_HITS_PER_RULE: a moderator needs the first few, not a hundred thousand."""
    kept: list[Hit] = []
    reach: dict[str, int] = {}  # per rule, the furthest end of a kept hit
    counts: dict[str, int] = {}
    for hit in sorted(hits, key=lambda h: (h.start, -(h.end - h.start))):
        rule = hit.entry.rule
        if hit.end <= reach.get(rule, -1) or counts.get(rule, 0) >= MAX_HITS_PER_RULE:
            continue
        kept.append(hit)
        reach[rule] = max(reach.get(rule, -1), hit.end)
        counts[rule] = counts.get(rule, 0) + 1
    return kept


def _ending(normalised, hit: Hit) -> str:
    """What follows the matched term inside its word: "" for idiot, "ene" for idiotene,
    "vedtak" for idiotvedtak."""
    word_end = hit.end
    while word_end < len(normalised.text) and normalised.text[word_end] != " ":
        word_end += 1
    return normalised.text[hit.end : word_end]


@lru_cache(maxsize=64)
def _normalised_names(names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(normalise(name).text.strip() for name in names)


def _sentence_before(text: str, start: int) -> str:
    """The sentence up to `start`, at most 200 characters back."""
    window = max(0, start - 200)
    breaks = [m.end() for m in _SENTENCE_BREAK.finditer(text, window, start)]
    return text[breaks[-1] if breaks else window : start]


def _calls_someone(text: str, start: int) -> bool:
    """ "du er en …", "Kari er en …", "din …": the words before call someone something."""
    before = _sentence_before(text, start)
    return bool(_VOCATIVE.search(before) or _COPULA.search(before))


def _aimed_at_person(text: str, start: int, ending: str, names_people: Callable[[], bool]) -> bool:
    """An insult is a personal attack (D5) when it calls a person something.

    A word for a person ("idiot", "idiotene", "kommuneidiot") is aimed at whoever the
    text is about; a compound with a thing ("idiotvedtak") or an adjective ("idiotisk")
    is aimed at a person only in "du er …" or "ordføreren er …".
    """
    if _calls_someone(text, start):
        return True
    if ending not in _PERSON_ENDINGS:
        return False
    return names_people() or bool(_CAPITALISED_NAME.search(_sentence_before(text, start)))


def _within_policy(finding: Finding, context: Context, original: str) -> Finding:
    """The policy decides which rules may be hidden at once (O2); others wait for review.

    The words are taken from the original text, not the cleaned copy.
    """
    severity = finding.severity
    if severity == Severity.HIDE_NOW and finding.rule not in context.immediate_hide_rules:
        severity = Severity.REVIEW
    words = original[finding.start : finding.end] if finding.words else ""
    if severity == finding.severity and words == finding.words:
        return finding
    return dataclasses.replace(finding, severity=severity, words=words)


def bundled_first_names() -> frozenset[str]:
    """Common given names: a capitalised word among them names a person (G1, S1, D8)."""
    return frozenset(fields[0] for _, fields in data_lines(DATA / "first_names.txt"))


@cache
def default_screener() -> Screener:
    return Screener()


def screen(text: str, context: Context | None = None) -> Screening:
    return default_screener().screen(text, context)
