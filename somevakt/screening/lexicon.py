"""The word lists of D2, D3 and D5 and the allowlist, searched in one pass.

The data files under `data/` name each entry's category, severity and languages; see
data/README.md. All terms go into one Aho-Corasick automaton over the normalised text,
where a word boundary is a space, so "idiot*" becomes the key " idiot" and "*idiot*"
the key "idiot".
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import ahocorasick
import regex

from somevakt.screening.normalise import Normalised, normalise
from somevakt.screening.types import Severity

DATA = Path(__file__).parent / "data"
LANGUAGES = frozenset({"nb", "nn", "sv", "da", "en"})
DANO_NORWEGIAN = frozenset({"nb", "nn", "da"})
# Category -> the rule it breaks (a targeted insult is D5; the engine decides that).
CATEGORY_RULES = {
    "swearing": "D2",
    "insult": "D2",
    "name_calling": "D5",
    "threat": "D3",
    "slur": "D3",
    "hate": "D3",
    "obscenity": "D3",
}


class LexiconError(ValueError):
    """A data file has a line the loader cannot read."""


@dataclass(frozen=True)
class Entry:
    term: str
    category: str
    severity: Severity
    languages: frozenset[str]  # empty: every language

    @property
    def rule(self) -> str:
        return CATEGORY_RULES[self.category]

    def applies_to(self, language: str) -> bool:
        """Bokmål, nynorsk and Danish are told apart unreliably in short texts, so an entry
        for one of them holds for all three; in a foreign language only entries for every
        language apply ("hora" is Spanish for hour)."""
        if not self.languages:
            return True
        if language in DANO_NORWEGIAN:
            return bool(self.languages & DANO_NORWEGIAN)
        return language in self.languages


@dataclass(frozen=True)
class Hit:
    entry: Entry
    start: int  # in the normalised text
    end: int


def data_lines(path: Path) -> Iterator[tuple[int, list[str]]]:
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [field.strip() for field in line.split("\t")]
        if fields and fields[-1].startswith("#"):
            fields.pop()  # the entry's comment
        yield number, fields


def normalised_term(term: str) -> str:
    """The term as the text would look after normalisation, keeping its wildcards."""
    words = []
    for word in term.split():
        head, tail = word.startswith("*"), word.endswith("*") and len(word) > 1
        core = normalise(word.strip("*")).text.strip()
        words.append(("*" if head else "") + core + ("*" if tail else ""))
    return " ".join(words)


def term_keys(term: str) -> set[str]:
    """Automaton keys for a term, with a variant for letters doubled in the term."""
    head, tail = term.startswith("*"), term.endswith("*")
    core = term.strip("*")
    cores = {core}
    collapsed = "".join(
        c for k, c in enumerate(core) if k == 0 or c != core[k - 1] or not c.isalpha()
    )
    if collapsed != core and len(collapsed) >= 4 and not head:
        # Not for compound heads: "*kjerring" run together would hit "nedskjering".
        cores.add(collapsed)  # "drittttt" is normalised to "drit"
    return {("" if head else " ") + c + ("" if tail else " ") for c in cores}


def data_rows(
    path: Path, columns: tuple[str, ...], categories: Iterable[str]
) -> Iterator[tuple[str, list[str], Severity]]:
    """(where, fields, severity) of each entry of a data file whose columns end with
    category and severity (and may go on with languages), with every field checked."""
    categories = tuple(categories)
    for number, fields in data_lines(path):
        where = f"{path.name}:{number}"
        if len(fields) != len(columns):
            raise LexiconError(
                f"{where}: expected {len(columns)} tab-separated fields "
                f"({', '.join(columns)}), found {len(fields)}"
            )
        category = fields[columns.index("category")]
        if category not in categories:
            raise LexiconError(
                f"{where}: unknown category {category!r}; use one of {', '.join(categories)}"
            )
        try:
            level = Severity.of(fields[columns.index("severity")])
        except ValueError as error:
            raise LexiconError(f"{where}: {error}") from None
        yield where, fields, level


def _languages(where: str, languages: str) -> frozenset[str]:
    langs = frozenset() if languages == "*" else frozenset(languages.split(","))
    if not langs <= LANGUAGES:
        raise LexiconError(
            f"{where}: unknown language in {languages!r}; use * or some of "
            f"{','.join(sorted(LANGUAGES))}"
        )
    return langs


def load_entries(path: Path) -> list[Entry]:
    return [
        Entry(normalised_term(term), category, level, _languages(where, languages))
        for where, (term, category, _, languages), level in data_rows(
            path, ("term", "category", "severity", "languages"), CATEGORY_RULES
        )
    ]


def load_patterns(path: Path) -> list[tuple[regex.Pattern, Entry]]:
    patterns = []
    for where, (source, category, _, languages), level in data_rows(
        path, ("regex", "category", "severity", "languages"), CATEGORY_RULES
    ):
        try:
            compiled = regex.compile(source)
        except regex.error as error:
            raise LexiconError(f"{where}: the regex does not compile: {error}") from None
        patterns.append((compiled, Entry(source, category, level, _languages(where, languages))))
    return patterns


def load_words(path: Path) -> frozenset[str]:
    words = set()
    for _, fields in data_lines(path):
        words.add(normalise(fields[0]).text.strip())
    return frozenset(words)


def _balanced_end(pattern: str, start: int) -> int:
    """The index after the group that opens at `start`."""
    depth = 0
    for index in range(start, len(pattern)):
        if pattern[index] == "\\":
            continue
        if pattern[index] == "(" and (index == 0 or pattern[index - 1] != "\\"):
            depth += 1
        elif pattern[index] == ")" and pattern[index - 1] != "\\":
            depth -= 1
            if depth == 0:
                return index + 1
    return len(pattern)


def _first_group_words(pattern: str) -> list[str]:
    """Words one of which every match of the pattern starts with, as lexicon terms: the
    alternatives of a leading "\\b(?:a|b…)" or a leading word, each cut before its first
    regex syntax ("deserves?" becomes "deserve*"). [] if the pattern has neither."""
    if pattern.startswith("(?<"):
        pattern = pattern[_balanced_end(pattern, 0) :]
    if pattern.startswith("\\b(?:"):
        alternatives = pattern[5 : _balanced_end(pattern, 2) - 1].split("|")
    elif leading := regex.match(r"\\b(\w+)", pattern):
        alternatives = [leading.group(1)]
    else:
        return []
    words = []
    for alternative in alternatives:
        literal = regex.match(r"[\w ]*", alternative).group()
        if alternative[len(literal) : len(literal) + 1] in ("?", "*", "{"):
            literal = literal[:-1]  # the quantifier makes its letter optional
        if not literal.strip():
            return []
        words.append(literal if literal == alternative else literal.rstrip() + "*")
    return words


class Lexicon:
    def __init__(
        self,
        entries: list[Entry],
        allowlist: frozenset[str],
        patterns: list[tuple[regex.Pattern, Entry]] = (),  # type: ignore[assignment]
    ):
        self.allowlist = allowlist
        self.patterns = list(patterns)
        automaton = ahocorasick.Automaton()
        grouped: dict[str, list[Entry]] = {}
        for entry in entries:
            for key in term_keys(entry.term):
                grouped.setdefault(key, []).append(entry)
        for key, group in grouped.items():
            automaton.add_word(key, (len(key), tuple(group)))
        automaton.make_automaton()
        self._automaton = automaton
        # A pattern runs only when a word of its first group occurs: most texts hold none.
        triggers: dict[str, set[int]] = {}
        self._ungated: set[int] = set()
        for index, (pattern, _) in enumerate(self.patterns):
            words = _first_group_words(pattern.pattern)
            if not words:
                self._ungated.add(index)
            for word in words:
                for key in term_keys(word):
                    triggers.setdefault(key, set()).add(index)
        self._triggers = ahocorasick.Automaton()
        for key, indices in triggers.items():
            # A key is " word" or " word ": the word starts one after the key.
            self._triggers.add_word(key, (len(key) - 1, frozenset(indices)))
        self._triggers.make_automaton()

    @classmethod
    def bundled(cls) -> "Lexicon":
        return cls(
            load_entries(DATA / "lexicon.tsv"),
            load_words(DATA / "allowlist.txt"),
            load_patterns(DATA / "patterns.tsv"),
        )

    def hits(
        self, text: Normalised, *, language: str, also_allowed: frozenset[str] = frozenset()
    ) -> list[Hit]:
        found = []
        for last, (length, entries) in self._automaton.iter(text.text):
            start, end = last - length + 1, last + 1
            # Strip the boundary spaces the key carries.
            while text.text[start] == " ":
                start += 1
            while text.text[end - 1] == " ":
                end -= 1
            first_word, last_word = text.token_around(start), text.token_around(end - 1)
            if any(word in self.allowlist or word in also_allowed
                   for word in (first_word, last_word)):  # fmt: skip
                continue
            for entry in entries:
                if entry.applies_to(language):
                    found.append(Hit(entry, start, end))
        # A gated pattern's matches start where a word of its first group starts, so it is
        # tried there alone rather than searched for through the whole text.
        starts: dict[int, set[int]] = {index: set() for index in self._ungated}
        for last, (length, indices) in self._triggers.iter(text.text):
            for index in indices:
                starts.setdefault(index, set()).add(last - length + 1)
        for index in sorted(starts):
            pattern, entry = self.patterns[index]
            if entry.applies_to(language):
                if index in self._ungated:
                    matches = pattern.finditer(text.text)
                else:
                    matches = _matches_at(pattern, text.text, sorted(starts[index]))
                found += [Hit(entry, match.start(), match.end()) for match in matches]
        return found


def _matches_at(pattern: regex.Pattern, text: str, starts: list[int]) -> Iterator[regex.Match]:
    """What pattern.finditer(text) finds, for a pattern whose matches start only at the
    given positions: the match at each start that is not inside the previous match."""
    end = 0
    for start in starts:
        if start >= end and (match := pattern.match(text, start)) is not None:
            yield match
            end = match.end()
