"""D7: which language a text is written in, and whether the policy accepts it.

Accepted are Norwegian bokmål and nynorsk, Swedish, Danish and English. A cheap first
pass counts the small function words of those five languages; clear Scandinavian or
English text is settled there and never pays for a statistical model. The rest meets
CLD3 first (about 20 µs): where it is sure of an accepted language, a small lingua model
over the four Scandinavian languages only names which. Everything else goes to lingua,
restricted to the accepted languages and the languages most often written in Norwegian
municipalities; a foreign language is flagged only when a second model agrees: CLD3
when it is sure, else lingua's full model. Too little text (under three words, emoji, links,
names) is never judged: its language is "und".
"""

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

import gcld3
import regex
from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

ACCEPTED = ("nb", "nn", "sv", "da", "en")
MAX_DETECTED_CHARS = 4000
# The accepted languages and those most used by people living in Norway (SSB's figures
# on immigrants by country of origin), plus neighbours a visitor writes in.
CANDIDATES = (
    Language.BOKMAL,
    Language.NYNORSK,
    Language.SWEDISH,
    Language.DANISH,
    Language.ENGLISH,
    Language.GERMAN,
    Language.POLISH,
    Language.LITHUANIAN,
    Language.BOSNIAN,
    Language.CROATIAN,
    Language.SERBIAN,
    Language.SOMALI,
    Language.ARABIC,
    Language.PERSIAN,
    Language.URDU,
    Language.UKRAINIAN,
    Language.RUSSIAN,
    Language.SPANISH,
    Language.FRENCH,
    Language.FINNISH,
    Language.TURKISH,
    Language.THAI,
    Language.VIETNAMESE,
    Language.TAGALOG,
    Language.DUTCH,
    Language.ROMANIAN,
    Language.PORTUGUESE,
    Language.ITALIAN,
    Language.ESTONIAN,
    Language.LATVIAN,
    Language.ICELANDIC,
)
_ACCEPTED_ORDER = CANDIDATES[:5]
# CLD3's codes for the accepted languages (it says "no" for Norwegian), and how sure it must be.
_CLD3_ACCEPTED = frozenset({"no", "nn", "da", "sv", "en"})
SURE = 0.9
SURE_NORWEGIAN = 0.5
_ACCEPTED_LANGUAGES = frozenset(_ACCEPTED_ORDER)
_CODE = {
    Language.BOKMAL: "nb",
    Language.NYNORSK: "nn",
}

# Frequent function words; a word in several lists counts for each of them.
FUNCTION_WORDS = {
    "nb": """i to jeg ikke hva hvordan hvorfor hvem hvor
        fra bare noe noen være vært et mye hele disse
        de nå kommer fikk hun hos ennå siden sammen dere deres en mer også etter eller men og som
        det er til på med for av har kan vil skal om så når litt meg deg seg vår våre hei takk
        kommunen blir ble dette den man må skulle kunne ville hadde var ut inn opp alle etter
        her der da enn mot uten under over selv får gjør går jo vel nok sin sitt sine vi oss
        du din dine ditt ingen hvis mens fordi mange flere nye ny nytt god godt bra veldig""",
    "nn": """i to eg ikkje kva korleis kvifor kven kor
        frå berre noko nokon vere vore eit mykje heile
        desse dei no kjem fekk ho hjå enno sidan saman dykk dykkar ein meir òg etter eller men og
        som det er til på med for av har kan vil skal om så når litt meg deg seg vår hei takk
        kommunen blir vart dette den ein må skulle kunne ville hadde var ut inn opp alle her der
        då enn mot utan under over sjølv får gjer går jo vel nok sin sitt sine me oss kvar
        du din dine ditt ingen viss medan fordi mange fleire nye ny nytt god godt bra veldig""",
    "da": """i to jeg ikke hvad hvordan hvorfor hvem hvor
        fra bare noget nogen være været et meget hele
        disse de nu kommer fik hun hos endnu siden sammen jer jeres en mere også efter eller men
        og som det er til på med for af har kan vil skal om så når lidt mig dig sig vores hej
        tak kommunen bliver blev dette den man må skulle kunne ville havde var ud ind op alle
        her der da end mod uden under over selv får gør går jo vel nok sin sit sine vi os hvis
        hvornår gerne nogle sådan sikke lige mange tusind venlig hilsen""",
    "sv": """i två jag inte vad hur varför vem var
        från bara något några vara varit ett mycket hela dessa
        de nu kommer fick hon hos ännu sedan tillsammans ni er en mer också efter eller men och
        som det är till på med för av har kan vill ska om så när lite mig dig sig vår hej tack
        kommunen blir blev detta den man måste skulle kunna ville hade ut in upp alla här där då
        än mot utan under över själv får gör går ju väl nog sin sitt sina vi oss""",
    "en": """i the a an and is are was were to of in on for with what how why who where when this
        that it you we they not do does can will would please thanks thank have has be there my
        your our at from about if but or me us them he she his her been no yes just so any""",
}
_WORDS = {code: frozenset(words.split()) for code, words in FUNCTION_WORDS.items()}
_ANY = frozenset().union(*_WORDS.values())
# Words that only one of the five uses: they decide between close neighbours.
_DISTINCT = {
    code: words - frozenset().union(*(w for c, w in _WORDS.items() if c != code))
    for code, words in _WORDS.items()
}
# Per word, its score for each accepted language: 1 if the language uses it, 3 if only
# that language does.
_SCORES = {
    word: tuple((word in _WORDS[code]) + 2 * (word in _DISTINCT[code]) for code in ACCEPTED)
    for word in _ANY
}
# The same scores packed into one integer, 16 bits a language, so that a text's totals are
# one sum: 4000 characters hold far fewer than 2**16 / 3 words.
_PACKED_SCORES = {
    word: sum(score << (16 * index) for index, score in enumerate(scores))
    for word, scores in _SCORES.items()
}
_COUNTED_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# Bounded repeats: an unbounded \S+ before a literal is quadratic on a long run.
_NOT_WORDS = re.compile(
    r"https?://\S{1,500}|www\.\S{1,500}|\S{1,100}\.(?:no|com|org|net|se|dk)\S{0,500}"
    r"|\S{1,100}\.[a-z]{2,6}/\S{0,500}|[@#]\w+"
)
# The dot any other match of _NOT_WORDS holds, looked for only where there is a dot.
_MAY_HOLD_NOT_WORDS = re.compile(r"\.(?<=\S\.)(?:no|com|org|net|se|dk|[a-z]{2,6}/)")
_LATIN = regex.compile(r"\p{Latin}")
# Matched word by word, which the stdlib `re` does twice as fast as `regex`.
_DANISH_SPELLING = re.compile(
    r"(?i)\b(?:\w+hed|\w+heden|\w+ligt|\w+igt|\w{2,}ede|\w*vej\w*|ej\w+|nej|hjælp\w*|"
    r"børn\w*|bøger|\w*æ[gd]\w*|ud|op|af|nu|lidt|sådan|lige|rigtig|dejlig\w*|"
    r"mig|dig|sig|hvad|meget|noget|nogen|nogle|efter|fået|været|blevet|sygehus\w*|læge\w*|"
    r"afdeling\w*|tak|tusind|forældre\w*|ældre|rabat|biograf\w*|brætspil|lørdags|morges|"
    r"træls|ærgerlig\w*|spændende|smukt|borgmester\w*)\b"
)
_BOKMAL_SPELLING = re.compile(
    r"(?i)\b(?:\w+het|\w+heten|\w*vei\w*|nei|hjelp\w*|barn\w*|bøker|ut|opp|av|nå|litt|"
    r"sånn|fortsatt|egentlig|meg|deg|seg|hva|mye|noe|etter|fått|vært|blitt|sykehus\w*|lege\w*|"
    r"avdeling\w*|takk|tusen|foreldre\w*|eldre|kino\w*|ordfører\w*)\b"
)
_NON_LATIN = regex.compile(r"[^\p{Latin}\P{L}]")
_ONLY = {(a, b): _WORDS[a] - _WORDS[b] for a in _WORDS for b in _WORDS}
_NORDIC_LETTER = regex.compile(r"[æøåÆØÅ]")
_ICELANDIC_LETTER = regex.compile(r"[þðÞÐ]")
_SWEDISH_LETTER = regex.compile(r"[äöÄÖ]")
_LETTER = regex.compile(r"\p{L}")


@dataclass(frozen=True)
class LanguageGuess:
    code: str  # ISO 639-1 (nb and nn for Norwegian), or "und"
    confidence: float
    words: int
    by_model: bool  # False: settled by the first pass

    @property
    def accepted(self) -> bool:
        return self.code in ACCEPTED or self.code == "und"


class LanguageDetector:
    def __init__(self, *, min_words: int = 3):
        self.min_words = min_words

    @cached_property
    def _quick_model(self):
        # Trusted when it finds an accepted language; a foreign one is confirmed.
        return _trigram_model(*CANDIDATES)

    @cached_property
    def _second_opinion(self):
        # CLD3, a small neural network in C++: about 20 µs a text, a tenth of lingua's quick
        # model. Trusted alone only where it is sure of an accepted language.
        return gcld3.NNetLanguageIdentifier(min_num_bytes=0, max_num_bytes=4 * MAX_DETECTED_CHARS)

    @cached_property
    def _scandinavian(self):
        # Tells bokmål, nynorsk, Danish and Swedish apart, which CLD3 does not do well:
        # lingua's quick model over 4 languages instead of all the candidates.
        return _trigram_model(*_ACCEPTED_ORDER[:4])

    def warm_up(self) -> None:
        """Load the language models (a few seconds) before traffic arrives."""
        self._quick_model.compute_language_confidence_values("hei")
        self._scandinavian.compute_language_confidence_values("hei")
        self._second_opinion.FindLanguage("hei")
        # lingua keeps loaded models for every detector built later, so this one can go.
        LanguageDetectorBuilder.from_languages(*CANDIDATES).with_preloaded_language_models().build()

    def detect(self, text: str) -> LanguageGuess:
        # The majority language shows in the first few thousand characters.
        prose = text[:MAX_DETECTED_CHARS]
        if (
            "@" in prose or "#" in prose or "://" in prose or "www." in prose
            or ("." in prose and _MAY_HOLD_NOT_WORDS.search(prose))
        ):  # fmt: skip
            prose = _NOT_WORDS.sub(" ", prose)
        words = _COUNTED_WORD.findall(prose)
        if len(words) < self.min_words or _names_only(words):
            return LanguageGuess("und", 1.0, len(words), by_model=False)
        lowered = list(map(str.lower, words))
        first = _first_pass(lowered, prose)
        if first is not None:
            return LanguageGuess(first[0], first[1], len(words), by_model=False)
        nordic = sum(1 for word in lowered if _NORDIC_LETTER.search(word))
        if nordic >= max(2, 0.15 * len(words)) and not _ICELANDIC_LETTER.search(prose):
            # æ, ø and å in several words are Norwegian, Danish or Swedish (Icelandic has þ
            # and ð too); one such word may be a place name in a foreign sentence.
            return LanguageGuess("sv" if _SWEDISH_LETTER.search(prose) else "nb", 0.6,
                                 len(words), by_model=False)  # fmt: skip
        second = self._second_opinion.FindLanguage(prose)
        sure = second.is_reliable and second.probability >= SURE
        # Norwegian is what CLD3 finds most often without being sure: its "no" is trusted
        # from a lower probability (no foreign text of the development set gets it).
        if second.language in _CLD3_ACCEPTED and (
            sure or (second.language == "no" and second.probability >= SURE_NORWEGIAN)
        ):
            if second.language != "en":
                best = self._scandinavian.compute_language_confidence_values(prose)[0]
            code = "en" if second.language == "en" else _code(best.language)
            return LanguageGuess(code, round(second.probability, 2), len(words), by_model=True)
        foreign = _lingua_language(second.language) if sure else None
        if foreign is not None:
            # CLD3 is sure of a foreign language: lingua weighs it against the accepted
            # ones only. Two models of different kinds agreeing confirm it.
            best = _check_model(foreign).compute_language_confidence_values(prose)[0]
            return LanguageGuess(_code(best.language), best.value, len(words), by_model=True)
        values = self._quick_model.compute_language_confidence_values(prose)
        best = values[0]
        if best.language not in _ACCEPTED_LANGUAGES:
            guesses = [value.language for value in values
                       if value.language not in _ACCEPTED_LANGUAGES][:2]  # fmt: skip
            best = _full_model(*guesses).compute_language_confidence_values(prose)[0]
        code = _code(best.language)
        # A text mostly in an accepted language with some foreign words: judge the majority.
        return LanguageGuess(code, best.value, len(words), by_model=True)


@lru_cache(maxsize=128)
def _lingua_language(cld3_code: str) -> Language | None:
    """lingua's language for a CLD3 code, if lingua knows it and it is not accepted."""
    try:
        language = Language.from_iso_code_639_1(IsoCode639_1.from_str(cld3_code))
    except ValueError:
        return None
    return None if language in _ACCEPTED_LANGUAGES or cld3_code == "no" else language


def _check_model(foreign: Language):
    return _trigram_model(*_ACCEPTED_ORDER, foreign)


@lru_cache(maxsize=128)
def _trigram_model(*languages: Language):
    """lingua's low-accuracy mode: trigram models only, about four times faster."""
    return (
        LanguageDetectorBuilder.from_languages(*languages)
        .with_preloaded_language_models()
        .with_low_accuracy_mode()
        .build()
    )


@lru_cache(maxsize=1 << 16)
def _spelling(word: str) -> int:
    """+1 for a Danish spelling, -1 for a bokmål one. Kept per word: a language's common
    words make up most of any text, so most words are looked up, not matched."""
    return bool(_DANISH_SPELLING.fullmatch(word)) - bool(_BOKMAL_SPELLING.fullmatch(word))


def _code(language: Language) -> str:
    return _CODE.get(language) or language.iso_code_639_1.name.lower()


@lru_cache(maxsize=256)
def _full_model(*foreign: Language):
    """The full model confirms a foreign language before D7 is flagged. It weighs the
    accepted languages against the quick model's two foreign guesses only: a quarter of
    the candidates, in about a third of the time."""
    return LanguageDetectorBuilder.from_languages(*_ACCEPTED_ORDER, *foreign).build()


def _names_only(words: list[str]) -> bool:
    return (
        len(words) <= 5
        and all(word[:1].isupper() for word in words)
        and not any(word.lower() in _ANY for word in words)
    )


def _first_pass(words: list[str], prose: str) -> tuple[str, float] | None:
    # Below U+0250 the only letter outside the Latin script is the micro sign.
    if (max(prose) >= "\u0250" or "µ" in prose) and _NON_LATIN.search(prose):
        letters = len(_LETTER.findall(prose))
        if letters and len(_LATIN.findall(prose)) < 0.7 * letters:
            return None  # another script: the model names it
    # map and filter over C functions: no Python call for each word.
    known = list(filter(_SCORES.__contains__, words))
    if len(known) < 2 or len(known) < 0.3 * len(words):
        return None
    packed = sum(map(_PACKED_SCORES.__getitem__, known))
    totals = [packed >> (16 * index) & 0xFFFF for index in range(len(ACCEPTED))]
    if "å" in prose.lower() and totals[ACCEPTED.index("en")] >= max(totals):
        return None  # Norwegian letters in "English": let the model decide
    # Highest score first, ties in the order of ACCEPTED (the sort is stable).
    ranked = sorted(range(len(ACCEPTED)), key=totals.__getitem__, reverse=True)
    code, runner_up = ACCEPTED[ranked[0]], ACCEPTED[ranked[1]]
    best, second = totals[ranked[0]], totals[ranked[1]]
    # Close neighbours (bokmål and Danish) are told apart by the words only one of them uses;
    # those are all known words.
    own = sum(map(_ONLY[code, runner_up].__contains__, known))
    other = sum(map(_ONLY[runner_up, code].__contains__, known))
    if other > own:
        code, best, second = runner_up, second, best
    if own == other and code in ("nb", "da") and "da" in (code, runner_up):
        # Spelling tells Danish from bokmål where the small words do not.
        leaning = sum(map(_spelling, words))
        if leaning:
            code = "da" if leaning > 0 else "nb"
    margin = (best - second) / max(best, 1)
    return code, round(0.6 + 0.4 * margin, 2)
