"""Text normalisation for matching, with every character traced back to the original.

The lexicons are matched against a normalised copy of the text: Unicode NFKC, case
folded, zero-width and bidi control characters removed, leetspeak undone ("1d10t"),
letters spelt out with spaces joined ("i d i o t"), runs of three or more equal letters
collapsed ("idioooot"), and everything that is not a word reduced to one space, with a
space at both ends so that a word boundary is simply a space. Each token keeps the
original positions of its characters, so a finding always points into the original text.
"""

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import NamedTuple

import regex

# Zero-width characters, bidi controls, soft hyphen, BOM and variation selectors: they
# change nothing a reader sees but split words for a naive matcher.
INVISIBLE = frozenset(
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e"
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\u206a\u206b\u206c\u206d\u206e\u206f"
    "\u3164\ufeff\ufe00\ufe01\ufe02\ufe03\ufe04\ufe05\ufe06\ufe07\ufe08\ufe09\ufe0a\ufe0b"
    "\ufe0c\ufe0d\ufe0e\ufe0f"
)
_INVISIBLE_CLASS = "".join(sorted(INVISIBLE))
# A word: letters, digits and marks, with invisible characters inside it and leetspeak
# symbols between letters ("h@te", "$hit").
WORD = regex.compile(
    rf"(?:[\w{_INVISIBLE_CLASS}]|(?<=\w)[@$](?=\w)|[$](?=\w))+", regex.UNICODE | regex.V1
)
LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
)
_RUN = regex.compile(r"(\p{L})\1{2,}")
# Single letters spelt out with one separator: "i d i o t", "f.a.e.n", "d-r-i-t-t".
_SPACED_GAP = regex.compile(r"[ .\-_*]{1,2}")
_PLAIN_TOKEN = regex.compile(r"[\p{Ll}\p{Lu}]+|\d+")
# Plain text needs none of the undoing above: its words are its letters and digits.
_PLAIN_WORD = regex.compile(r"\p{L}+|\d+")
# What plain text must not hold; several small `re` searches beat one large `regex` one.
_UNUSUAL = re.compile(rf"[{_INVISIBLE_CLASS}\u0300-\u036f\u1ab0-\u1aff\u20d0-\u20ffß@$]")
_DIGIT = re.compile(r"\d")
_DIGIT_IN_WORD = re.compile(r"\d[^\W\d_]|[^\W\d_]\d")
_RUN_OF_THREE = re.compile(r"([^\W\d_])\1\1")
# Three equal characters of any kind: a search three times as fast, and rarely found.
_ANY_RUN_OF_THREE = re.compile(r"(.)\1\1", re.DOTALL)
_SPELT_OUT = re.compile(r"\b\w[ .\-_*]{1,2}\w[ .\-_*]{1,2}\w\b")


def _is_plain(text: str) -> bool:
    return not (
        _UNUSUAL.search(text)
        or (_DIGIT.search(text) and _DIGIT_IN_WORD.search(text))
        or (_ANY_RUN_OF_THREE.search(text) and _RUN_OF_THREE.search(text))
        or _SPELT_OUT.search(text)
    )


class _Token(NamedTuple):  # made for every word: a tuple is made far faster than a dataclass
    norm_start: int
    text: str
    # Original start and end of each character, or None when the token is the original
    # slice itself (the common case, kept cheap).
    orig_start: int
    starts: tuple[int, ...] | None
    ends: tuple[int, ...] | None

    def orig_start_of(self, k: int) -> int:
        return self.orig_start + k if self.starts is None else self.starts[k]

    def orig_end_of(self, k: int) -> int:
        return self.orig_start + k + 1 if self.ends is None else self.ends[k]


@dataclass(frozen=True)
class Normalised:
    original: str
    text: str  # " word word … " — lower case, single spaces, a space at both ends
    # Built while normalising, or (plain text, the common case) only when a span is needed.
    built_tokens: tuple[_Token, ...] | None = None

    @cached_property
    def tokens(self) -> tuple[_Token, ...]:
        if self.built_tokens is not None:
            return self.built_tokens
        tokens, position = [], 1
        for match in _PLAIN_WORD.finditer(self.original):
            tokens.append(_Token(position, match.group().lower(), match.start(), None, None))
            position += len(match.group()) + 1
        return tuple(tokens)

    @cached_property
    def _starts(self) -> list[int]:
        return [token.norm_start for token in self.tokens]

    @property
    def words(self) -> list[str]:
        return [token.text for token in self.tokens]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span in the original text of normalised text[start:end]."""
        if not self.tokens:
            return 0, 0
        first = self._token_at(start, forward=True)
        last = self._token_at(end - 1, forward=False)
        k_first = max(0, start - first.norm_start)
        k_last = min(len(last.text) - 1, end - 1 - last.norm_start)
        return first.orig_start_of(k_first), last.orig_end_of(k_last)

    def _token_at(self, position: int, *, forward: bool) -> _Token:
        index = bisect_right(self._starts, position) - 1
        if index < 0:
            return self.tokens[0]
        token = self.tokens[index]
        inside = position < token.norm_start + len(token.text)
        if not inside and forward and index + 1 < len(self.tokens):
            return self.tokens[index + 1]
        return token

    def token_around(self, position: int) -> str:
        """The normalised word that holds `position` (empty on a space)."""
        index = bisect_right(self._starts, position) - 1
        if index < 0:
            return ""
        token = self.tokens[index]
        return token.text if position < token.norm_start + len(token.text) else ""


@lru_cache(maxsize=4096)
def _fold(char: str) -> str:
    if char in INVISIBLE:
        return ""
    return unicodedata.normalize("NFKC", char).casefold()


def _slow_token(original: str, start: int, end: int) -> tuple[list[str], list[int], list[int]]:
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for position in range(start, end):
        char = original[position]
        if unicodedata.combining(char) and chars:
            # Recompose "a" + ring into "å" so that Norwegian letters stay letters.
            composed = unicodedata.normalize("NFC", chars[-1] + char)
            if len(composed) == 1:
                chars[-1] = composed
                ends[-1] = position + 1
                continue
        folded = _fold(char)
        if not folded and unicodedata.category(char) in ("Mn", "Me") and chars:
            ends[-1] = position + 1
            continue
        for piece in folded:
            if unicodedata.category(piece) == "Mn":
                continue  # a mark NFKC left over (on an unusual base): ignore it
            chars.append(piece)
            starts.append(position)
            ends.append(position + 1)
    return chars, starts, ends


def _raw_tokens(
    original: str,
) -> list[tuple[list[str] | str, int, list[int] | None, list[int] | None]]:
    tokens: list = []
    for match in WORD.finditer(original):
        start, end = match.span()
        word = match.group()
        lowered = word.lower()
        if (
            len(lowered) == len(word)
            and _PLAIN_TOKEN.fullmatch(word)
            and unicodedata.is_normalized("NFKC", lowered)
        ):
            tokens.append((lowered, start, None, None))
        else:
            chars, starts, ends = _slow_token(original, start, end)
            if chars:
                tokens.append((chars, start, starts, ends))
    return tokens


def _join_spaced(original: str, tokens: list) -> list:
    """Join three or more single letters spelt out with separators into one word."""
    joined: list = []
    index = 0
    while index < len(tokens):
        run_end = index
        while (
            run_end < len(tokens)
            and len(tokens[run_end][0]) == 1
            and (
                run_end == index
                or _SPACED_GAP.fullmatch(
                    original, _token_end(tokens[run_end - 1]), tokens[run_end][1]
                )
            )
        ):
            run_end += 1
        if run_end - index >= 3:
            chars, starts, ends = [], [], []
            for text, start, _, token_ends in tokens[index:run_end]:
                chars.append(text[0])
                starts.append(start)
                ends.append(token_ends[0] if token_ends else start + 1)
            joined.append((chars, starts[0], starts, ends))
            index = run_end
        else:
            joined.append(tokens[index])
            index += 1
    return joined


def _token_end(token: tuple) -> int:
    text, start, _, ends = token
    return ends[-1] if ends else start + len(text)


def _finish(
    text: list[str] | str, start: int, starts, ends
) -> tuple[str, tuple | None, tuple | None]:
    word = "".join(text)
    if (
        any(char.isdigit() for char in word)
        and not word.isdigit()
        and any(c.isalpha() for c in word)
    ):
        word = word.translate(LEET)
    elif "$" in word or "@" in word:
        word = word.translate(LEET)
    if _RUN.search(word):
        if starts is None:
            starts = list(range(start, start + len(word)))
            ends = [position + 1 for position in starts]
        return _collapse_runs(word, starts, ends)
    if starts is None:
        return word, None, None
    return word, tuple(starts), tuple(ends)


def normalise(original: str) -> Normalised:
    if unicodedata.is_normalized("NFKC", original) and _is_plain(original):
        lowered = original.lower()
        if len(lowered) == len(original):
            return Normalised(original, " " + " ".join(_PLAIN_WORD.findall(lowered)) + " ")
    tokens = _raw_tokens(original)
    if len(tokens) >= 3:
        tokens = _join_spaced(original, tokens)
    parts: list[str] = [" "]
    finished: list[_Token] = []
    position = 1
    for text, start, starts, ends in tokens:
        word, word_starts, word_ends = _finish(text, start, starts, ends)
        finished.append(_Token(position, word, start, word_starts, word_ends))
        parts.append(word)
        parts.append(" ")
        position += len(word) + 1
    return Normalised(original, "".join(parts), tuple(finished))


def _collapse_runs(word: str, starts, ends) -> tuple[str, tuple, tuple]:
    """A run of three or more equal letters becomes one ("idioooot" -> "idiot")."""
    chars: list[str] = []
    new_starts: list[int] = []
    new_ends: list[int] = []
    k = 0
    while k < len(word):
        last = k
        while last + 1 < len(word) and word[last + 1] == word[k]:
            last += 1
        if last - k >= 2 and word[k].isalpha():
            chars.append(word[k])
            new_starts.append(starts[k])
            new_ends.append(ends[last])
        else:
            for m in range(k, last + 1):
                chars.append(word[m])
                new_starts.append(starts[m])
                new_ends.append(ends[m])
        k = last + 1
    return "".join(chars), tuple(new_starts), tuple(new_ends)
