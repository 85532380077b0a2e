"""Question detection for the answer clock (O5, L2): a question or request to the
municipality, in the five accepted languages, not rhetorical and not between citizens."""

import re

import regex

from somevakt.screening.vocabulary import Vocabulary

_INTERROGATIVE_START = regex.compile(
    r"(?i)^\s*(?:"
    # nb / nn
    r"når|hvor|hva|hvem|hvilke\w*|hvorfor|hvordan|kan|kunne|er det|har|blir|skal|vil|må|"
    r"går det|finnes|fins|gjelder|gjeld|kor|kva|kven|kvifor|korleis|kvar|kva tid|er|får|"
    # sv
    r"när|var|vad|vem|vilk\w+|varför|hur|finns|går det|blir|ska|kommer|"
    # da
    r"hvornår|hvad|hvem|hvilk\w+|hvorfor|hvordan|er der|findes|"
    # en
    r"when|where|what|who|which|why|how|can|could|is|are|will|would|does|do|did|should|"
    r"has|have|may"
    r")\b"
)
_REQUEST = Vocabulary(
    "lurer på|lurar på|lure på|undrer på|undres|vil gjerne vite|vil gjerne ha|ønsker svar|"
    "ønskjer svar|ber om|be om svar|trenger hjelp|treng hjelp|trenger svar|send meg|sende meg|"
    "gi beskjed|gi meg beskjed|vennligst|venligst|hjelp meg|kan noen|kan nokon|noen som vet|"
    "nokon som veit|er det mulig|går det an|jeg vil vite|jag undrar|undrar|vill veta|"
    "skulle vilja veta|behöver hjälp|snälla|jeg vil gerne vide|vil gerne vide|"
    "hvem kan jeg kontakte|i wonder|i would like to know|i'd like to know|please let me know|"
    "please advise|could you|can you|can someone|does anyone know|i need help|please help|"
    "jeg vil klage|eg vil klage|jag vill överklaga|jeg vil klage|i want to complain|"
    "vil ha et møte|vil ha eit møte|må følges opp|må fylgjast opp|må dere forklare|send gjerne|"
    "send gjerna|jeg vil gerne have|har brug for hjælp|please check|please send|please|lütfen|"
    "пожалуйста|будь ласка|proszę|prosze|bitte|por favor|s'il vous plaît|prašau|fadlan|ممكن|"
    "لو سمحت"
)
_NOT_A_REQUEST = regex.compile(
    r"(?i)\b(?:hvis|om|dersom|viss|if) (?:noen|nokon|någon|nogen|anyone|du|man) (?:lurer|lurar|undrer|undrar|wonders?)\b"
)
_RHETORICAL = regex.compile(
    r"(?i)(?:\b(?:er det bare (?:jeg|meg|eg)|er eg den einaste|er jeg den eneste|"
    r"hvem (?:tror|tenker) (?:de|dere|dei)|kven trur dei|hva (?:er|var) vitsen|kva er vitsen|"
    r"hvordan kan (?:dere|man|noen|dei|de) (?:være|tillate|finne på)|"
    r"skjønner dere ikke|forstår dere ikke|har dere (?:ikke )?(?:skjønt|forstått)|"
    r"hva (?:i all verden|faen|i helvete) (?:tenker|driver)|hva tenker dere (?:egentlig|på)|"
    r"er dere (?:helt )?(?:gale|idioter|seriøse)|seriøst|hallo|hæ|hææ|really|seriously|"
    r"are you kidding|who (?:do|does) (?:they|you) think|vad håller ni på med|"
    r"hvad tænker I på|hvem gidder|who cares|what were they thinking|kanskje|kanskje dere|"
    r"hvem i helvete|kven i helvete|vem i helvete|hvem fanden|who the hell|what the hell|"
    r"skal det virkelig|skal vi virkelig|er det rart at|er det rart|er det så rart|"
    r"var er logikken|hvor er logikken|kor er logikken|hva med å|kva med å)\b"
    r"|\bikke sant\s*\?|\beller hva\s*\?|\beller\s*\?\s*$|\bor what\s*\?)"
)
# Written to another citizen: "@Kari", "du" where the municipality is "dere"; a first
# name before a comma ("Kari, …") is checked against the bundled list of first names.
_MENTION = regex.compile(r"^\s*@(?!\S*kommune)\p{L}+")
_ADDRESSED = regex.compile(r"^\s*(\p{Lu}\p{Ll}+)(?: \p{Lu}\p{Ll}+)?\s*[,:]")
# Citizens inviting each other ("Noen som vil kjøpe …?"), and in a group the members
# asking each other rather than the municipality.
_TO_OTHERS = regex.compile(
    r"(?i)^\s*(?:(?:er det |är det )?(?:noen|nokon|någon|nogen) som (?:vil|ville|har lyst|vill|gider)|"
    r"kven vil|hvem vil|vem vill|hvem skal jeg|har noen lyst|anyone (?:want|fancy))\b"
)
_TO_MEMBERS = regex.compile(
    r"(?i)^\s*(?:er det |är det |har )?(?:noen|nokon|någon|nogen|anyone|andre)(?: som| der)?\b"
    r"|^\s*(?:kan|har) (?:noen|nokon|någon|nogen|andre)\b"
)
_TO_CITIZEN = regex.compile(
    r"(?i:\b(?:kjøpte du|fikk du|har du (?:prøvd|sett|hørt)|vet du|veit du|visste du|"
    r"hvor har du|kor har du|hvor fikk du|hvor kjøpte du|gjorde du|prøvde du|"
    r"såg du|så du|var du|köpte du|fick du|har du testat|købte du|fik du|did you|"
    r"where did you get|have you tried)\b)"
)
_SENTENCE = re.compile(r"[^.!?؟\n]+[.!?؟\n]*")  # stdlib re: twice as fast on plain classes
_URL = regex.compile(r"\S{1,100}\.\S{1,100}/\S{0,500}|https?://\S{1,500}")
_WH_START = regex.compile(
    r"(?i)^\s*(?:når|hvor|hva|hvem|hvorfor|hvordan|kor|kva|kven|kvifor|korleis|när|var|vad|"
    r"vem|varför|hur|hvornår|hvad|when|where|what|who|why|how)\b"
)
_TO_MUNICIPALITY = regex.compile(r"(?i)\b(?:dere|dykk|kommunen|kommuna|ni|jer|you)\b")
# Indignation rather than a question: "Igjen??", "4 promille?!".
_INDIGNANT = regex.compile(r"\?\s*[?!]")


def is_question(
    text: str,
    *,
    by_staff: bool = False,
    channel_type: str = "main_page",
    first_names: frozenset[str] = frozenset(),
    normalised_text: str | None = None,
) -> bool:
    """A question or request to the municipality that its answer clock should start for.

    With the normalised text, the request phrases are only looked for where one occurs.
    Most sentences ask nothing: whether one is rhetorical or to another citizen is only
    looked at once it asks.
    """
    if by_staff or channel_type == "secret_group" or not text.strip():
        return False
    if "/" in text:  # every _URL holds one
        text = _URL.sub(" ", text)
    may_request = normalised_text is None or _REQUEST.occurs_in(normalised_text)
    asks = any(
        _asks(stripped, may_request) and not _not_to_municipality(stripped, channel_type)
        for stripped in (sentence.strip() for sentence in _SENTENCE.findall(text))
        if stripped
    )
    return asks and not _to_citizen(text, first_names)


def _asks(sentence: str, may_request: bool) -> bool:
    if sentence.endswith(("?", "؟")):
        return bool(
            _INTERROGATIVE_START.match(sentence)
            or _TO_MUNICIPALITY.search(sentence)
            or (may_request and _REQUEST.pattern.search(sentence))
            or len(sentence.split()) >= 5
        )
    if may_request and _REQUEST.pattern.search(sentence) and not _NOT_A_REQUEST.search(sentence):
        return True
    return bool(
        _WH_START.match(sentence)
        and not sentence.endswith("!")
        and "," not in sentence
        and 3 <= len(sentence.split()) <= 12
    )


def _not_to_municipality(sentence: str, channel_type: str) -> bool:
    """Rhetorical, indignant, or asking other citizens or members."""
    return bool(
        _RHETORICAL.search(sentence)
        or _INDIGNANT.search(sentence)
        or _TO_OTHERS.match(sentence)
        or (channel_type == "closed_group" and _TO_MEMBERS.match(sentence))
    )


def _to_citizen(text: str, first_names: frozenset[str]) -> bool:
    """Written to another citizen: "@Kari …", "Kari, …", "kjøpte du …"."""
    if _MENTION.match(text) or _TO_CITIZEN.search(text):
        return True
    addressed = _ADDRESSED.match(text)
    return addressed is not None and addressed.group(1) in first_names
