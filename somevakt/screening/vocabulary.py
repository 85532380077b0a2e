"""A word list compiled twice: an Aho-Corasick automaton that tells in microseconds
whether a normalised text holds any of the words, and a regex that finds them, with
spans, in the original. Most comments hold none, and then the regex never runs."""

import ahocorasick
import regex

from somevakt.screening.lexicon import normalised_term, term_keys


def _regex_for(term: str) -> str:
    head = r"\w*" if term.startswith("*") else ""
    tail = r"\w*" if term.endswith("*") else ""
    return head + regex.escape(term.strip("*")).replace(r"\ ", r"\s+") + tail


class Vocabulary:
    def __init__(self, terms: str):
        """`terms` are separated by "|", written like lexicon terms: "syk" (the word),
        "sykdom*" (and its endings), "*betennelse*" (inside compounds), "vold i hjemmet"."""
        self.terms = [term.strip() for term in terms.split("|") if term.strip()]
        automaton = ahocorasick.Automaton()
        for term in self.terms:
            for key in term_keys(normalised_term(term)):
                automaton.add_word(key, term)
        automaton.make_automaton()
        self._automaton = automaton
        alternatives = sorted((_regex_for(term) for term in self.terms), key=len, reverse=True)
        self.pattern = regex.compile(r"(?i)\b(?:" + "|".join(alternatives) + r")\b")

    def occurs_in(self, normalised_text: str) -> bool:
        """Whether the normalised text (" word word ") holds any of the words."""
        return next(self._automaton.iter(normalised_text), None) is not None
