"""D8, G1, S1: case processing and personal data about identifiable people.

Everything here is matched on the original text, so spans need no mapping. A number is
only a fødselsnummer or D-nummer if python-stdnum accepts its check digits.
"""

import re
from dataclasses import dataclass

import regex
from stdnum.no import fodselsnummer

from somevakt.screening.vocabulary import Vocabulary


@dataclass(frozen=True)
class Match:
    kind: str  # id_number, phone, address, health, own_case, named_case
    start: int
    end: int
    words: str


def _words(*alternatives: str) -> str:
    return "|".join(alternatives)


_ID_NUMBER = regex.compile(r"(?<![\d.,/-]|[\d][.,/-])(\d{6})[ .-]?(\d{5})(?!\d|[.,/-]\d)")
# The stdlib `re` runs this search three times as fast as `regex`.
_PHONE = re.compile(
    r"(?<![\d/.,-])(?:\+47[ ]?|0047[ ]?)?(?:[2-9]\d[ ]?\d{2}[ ]?\d{2}[ ]?\d{2}|[49]\d{2}[ ]?\d{2}[ ]?\d{3})(?!\d|[/.,-]\d)"
)
# Whose number: the writer's own or the municipality's is fine, a third person's is not.
_OWN_OR_OFFICIAL = regex.compile(
    r"(?i)(?:\b(?:meg|mig|mej|me|oss|os|us)\s+(?:på|pa|at|on)\b"
    r"|\b(?:mitt|mit|my|vårt|vores|our|mi)\s+(?:tlf|telefon\w*|mobil\w*|nummer|number|nr)\b"
    r"|\b(?:nummeret mitt|nummer mitt|mobilen min|mitt nr)\b"
    r"|\b(?:kommunen|servicekontoret|sentralbord\w*|legevakt\w*|politiet|nødnummer|"
    r"akutt\w*|vakttelefon\w*|kontoret|rådhuset|biblioteket|kinoen|vakta|barnevernvakt\w*)\b)"
)
_THIRD_PERSON = regex.compile(
    r"(?i:\b(?:naboen|naboene|han|hun|ho|hon|hans|hennes|hennar|hennar|hans|mannen|kvinnen|"
    r"fyren|dama|eieren|eigaren|his|her|neighbour|neighbor|grannen|naboen min)\b)"
    r"|\b\p{Lu}\p{Ll}+ \p{Lu}\p{Ll}+\b|(?i:\bnummeret til|nummer til|tlf til|telefonen til)\b",
)
_TWO_DIGITS = re.compile(r"\d\d")
_ROAD = r"\p{Lu}[\p{Ll}æøå]+(?:veien|vegen|gata|gate|gaten|vei|veg|vägen|gatan|vej|gade|road|street|bakken|lia|svingen|tunet|plassen)"
_ADDRESS = regex.compile(
    rf"(?:\bbor (?:i|på|pa)|\badressen? (?:til \w+ )?(?:er|e)|\bbur (?:i|på)|\bbor på|\bbor i|\blives (?:at|in|on)|\bbor (?:i|på))\s+({_ROAD}\s+\d+\s?[A-Za-z]?)\b"
)
_SELF_LIVES = regex.compile(r"(?i)\b(?:jeg|eg|jag|i|vi|me)\s+(?:bor|bur|lives?)\b")

# Health and welfare words: the condition, an injury, treatment, child welfare, family
# crises. Stems take any ending ("sykehus" also finds "sykehuset").
_HEALTH = Vocabulary(
    "syk|sykt|syke|sjuk|sjukt|sjuke|sygdom*|sygt|ill|sick|sykdom*|sjukdom*|diagnos*|kreft*|"
    "cancer|lus|lusa|løss|lice|nits|omgangssyk*|omgangssjuk*|feber|fever|*betennelse*|"
    "*infeksjon*|*infektion*|*infection*|kikhoste|helvetesild|barnemark|ringorm|skabb|"
    "brennkopper|vannkopper|meslinger|allergi*|anafylak*|epipenn*|cøliaki|glutenallergi|astma|"
    "adhd|add|autis*|asperger*|tourette*|epilep*|diabet*|insulin*|depresjon*|depression|"
    "deprimert*|depressiv*|psykisk*|psykiatri*|psychiatric|psykose*|angst*|anxiety|"
    "spiseforstyrr*|anorek*|bulimi*|selvskad*|selvmord*|sjølvmord*|självmord*|suicid*|dement*|"
    "demens|dementia|alzheimer*|hjerneslag|slag|infarkt|hjerteinfarkt|dysleksi|utviklingshemm*|"
    "funksjonshemm*|handikap*|rullestol*|smittet|smitta|covid|korona|corona|gravid|graviditet|"
    "abort*|spontanabort|skadet|skada|skadd|brukket|brakk|brukne|brote|brotne|bröt|brækket|"
    "broke|fracture*|blåmerker|blåmerke|blåmärken|bruises|hjernerystelse|innlagt|innlagd|"
    "inlagd|indlagt|admitted|sykehus*|sjukehus*|sjukhus*|sygehus*|hospital*|legevakt*|"
    "ambulanse*|ambulans*|ambulance|operert|operasjon*|medisin*|medicin*|medication|"
    "behandling*|rusbehandl*|avrusning*|rusmisbruk*|rusproblem*|alkoholiker*|narkoman*|"
    "utredning*|utredes|utreda|barnevern*|barnvern*|socialtjänst*|child services|"
    "child protection|fosterhjem*|fosterfamilie*|plejefamilie*|anbragt|omsorgsovertak*|skilles|"
    "skilsmisse*|skiljas|skilsmässa|divorce*|barnefordeling*|vold i hjemmet|mishandl*|misbruk*|"
    "overgrep*|fengsel*|fengsla|fängelse|prison|jail|politiet var|mobbet|mobba|mobbes|bullied|"
    "døde|død|døydde|dog|died|passed away|begravelse*|gravferd*"
)
# Someone identifiable: a relative of the writer, a pupil or client described, a person
# by name (a first name from the bundled list, or a capitalised word before a verb).
_RELATIVE = regex.compile(
    r"(?i)\b(?:sønnen|sonen|datteren|dottera|dotteren|gutten|guten|jenta|jenten|"
    r"barnet|ungen|mannen|kona|samboeren|sambuaren|mora|moren|mor|far|faren|"
    r"mamma|pappa|pappaen|mammaen|mormor|morfar|farmor|farfar|mormoren|farfaren|"
    r"bestemor|bestefar|broren|bror|søsteren|syster|systern|søster|min son|min dotter|"
    r"min søn|min datter|mitt barn|mit barn|min mor|min far|min man|min fru|min kone|"
    r"my son|my daughter|my child|my kid|my wife|my husband|my mother|my father|my mum|"
    r"my mom|my dad|my neighbour|my neighbor|"
    r"naboen|eleven|pasienten|brukeren|beboeren|bebuaren|familien|familjen|foreldrene til|"
    r"foreldra til|moren til|faren til|mora til|mamman till|pappan till)\b"
)
_NAMED = regex.compile(
    r"(?-i:\b\p{Lu}\p{Ll}{2,}(?:-\p{Lu}\p{Ll}+)?\b)(?=\s+(?:er|har|fikk|fekk|ble|vart|blev|blei|är|"
    r"fick|is|has|had|got|was|i \d\w?|på|hos|fra|frå|sin|sitt|sine|si|kan|må|ligger|"
    r"ligg|sitter|sit|kom|kjem|skal|came|won|can|hadde|hade|havde)\b)"
)
_CAPITALISED = regex.compile(r"\b\p{Lu}\p{Ll}+\b")
_GENERAL = regex.compile(
    r"(?i)\b(?:alle|tilbud|tilbyr|tilgjengelig|vaksine\w*|vaksinasjon\w*|informasjon|"
    r"info|kurs|stand|dagsenter|åpent|åpningstid\w*|opningstid\w*|foreldremøte|foredrag|"
    r"pasienter|brukere|eldre|innbyggere|innbyggjarar|everyone|available|symptomer|"
    r"kampanje|tips|råd|forebygg\w*|screening|timebestilling|helsestasjon\w*)\b"
)

# D8: the writer's own case, or a case number.
_OWN_CASE = regex.compile(
    r"(?i)"
    r"\b(?:min|mi|mitt|vår|vårt)\s+(?:bygge|dele|dispensasjons|rammes|søknad|sak|klage|"
    r"vedtak|faktura|regning|eiendomsskatt|søknaden|saka?)\w*"
    r"|\b(?:bygge|dele|dispensasjons|ramme|utslipps|skjenke|barnehage|sfo|"
    r"startlån|bostøtte|avlastnings|omsorgsstønads|parkerings)?(?:søknaden|søknaden|søknaden|"
    r"saka|saken|klagen|vedtaket|fakturaen|regningen|gebyret|tilsagnet|avslaget|"
    r"eiendomsskatten|barnehageplassen|plassen)\s+(?:min|mi|mitt|mine|vår|vårt|"
    r"til (?:sønnen|datteren|guten|gutten|jenta|dottera|barnet|mor|far|meg|oss)\w*)\b"
    r"|\b(?:klage|klager|klaga|klagar|anke)\s+(?:på|over)\s+(?:vedtaket|avgjørelsen|"
    r"avslaget|beslutningen|gebyret|fakturaen|eiendomsskatten|taksten)\b"
    r"|\b(?:fått|fikk|fekk|fått et|fikk et|fekk eit|har fått)\s+avslag\b"
    r"|\bavslag på\s+(?:søknaden|søknad)\b"
    r"|\b(?:saks?(?:nummer|nr\.?|id)|sak nr\.?|ref\.? ?nr\.?|referansenummer|"
    r"ärendenummer|diarienummer|sagsnummer|journalnummer|case number|case no\.?)\s*:?\s*\d[\d/-]*"
    r"|\b\d{2}/\d{2,6}(?:-\d+)?\b"
    r"|\b(?:min|mitt)\s+(?:ansökan|ärende|bygglov|beslut)\w*"
    r"|\b(?:överklaga|överklagar)\s+(?:beslutet|beslut)\w*"
    r"|\b(?:min|mit)\s+(?:ansøgning|sag|byggetilladelse|afgørelse)\w*"
    r"|\bklage over afgørelsen\b"
    r"|\bmy\s+(?:application|case|building permit|planning application|complaint|appeal)\b"
    r"|\bappeal (?:the|your) decision\b"
    r"|\b(?:ansøgningen|ansökan|sagen|ärendet)\s+(?:min|mitt|mit)\b"
)
# S1: an individual or a case named in a secret group.
_NAMED_CASE = regex.compile(
    r"(?i)\b(?:saken til|saka til|saken med|saka med|saken om|klagen fra|klaga frå|"
    r"familien|familjen|brukeren i|brukaren i|brukeren på|eleven i|eleven på|pasienten i|"
    r"beboeren i|bebuaren i|bruker nr|elev i)\s+\p{L}+"
    r"|(?-i:\b\p{Lu}\p{Ll}{2,} (?:i|på) \d\s?[A-Da-d]\b)"
    r"|(?-i:\b\p{Lu}\p{Ll}{2,} \p{Lu}\p{Ll}{2,}\b)"
)


_SENTENCE = regex.compile(r"[^.!?\n]+")


def id_numbers(text: str) -> list[Match]:
    if not _TWO_DIGITS.search(text):
        return []  # most texts: no run of digits to check
    found = []
    for match in _ID_NUMBER.finditer(text):
        digits = match.group(1) + match.group(2)
        if fodselsnummer.is_valid(digits):
            found.append(Match("id_number", match.start(), match.end(), match.group()))
    return found


def sentence_around(text: str, start: int, end: int) -> str:
    left = max(text.rfind(mark, 0, start) for mark in ".!?\n")
    rights = [i for i in (text.find(mark, end) for mark in ".!?\n") if i != -1]
    return text[left + 1 : min(rights) if rights else len(text)]


def third_person_contacts(text: str) -> list[Match]:
    if not _TWO_DIGITS.search(text) and " bor " not in text and "adresse" not in text:
        return []  # no number and no address: nothing to look for
    found = []
    for match in _PHONE.finditer(text):
        before = text[max(0, match.start() - 40) : match.start()]
        sentence = sentence_around(text, match.start(), match.end())
        if _OWN_OR_OFFICIAL.search(before) or not _THIRD_PERSON.search(sentence):
            continue
        found.append(Match("phone", match.start(), match.end(), match.group()))
    for match in _ADDRESS.finditer(text):
        sentence = sentence_around(text, match.start(), match.end())
        if _SELF_LIVES.search(text[max(0, match.start() - 12) : match.end()]):
            continue
        if _THIRD_PERSON.search(sentence) or "bor" in sentence:
            start, end = match.span(1)
            found.append(Match("address", start, end, match.group(1)))
    return found


def _person_in(sentence: str, first_names: frozenset[str]) -> tuple[int, int, bool] | None:
    """Where someone identifiable is named, and whether that is only a guess."""
    for word in _CAPITALISED.finditer(sentence):
        if word.group() in first_names:
            return word.start(), word.end(), False
    relative = _RELATIVE.search(sentence)
    if relative is not None:
        return relative.start(), relative.end(), False
    for named in _NAMED.finditer(sentence):
        if sentence[: named.start()].strip():  # any noun is capitalised first in a sentence
            return named.start(), named.end(), True
    return None


def health_of_identifiable(
    text: str, first_names: frozenset[str] = frozenset(), normalised_text: str | None = None
) -> list[Match]:
    """Health or welfare information next to someone identifiable, in one sentence.

    With the normalised text, a text without any health word is passed over at once.
    """
    if normalised_text is not None and not _HEALTH.occurs_in(normalised_text):
        return []
    found = []
    for match in _HEALTH.pattern.finditer(text):
        sentence_start = max(text.rfind(mark, 0, match.start()) for mark in ".!?\n") + 1
        sentence = sentence_around(text, match.start(), match.end())
        person = _person_in(sentence, first_names)
        if person is None:
            continue
        if person[2] and _GENERAL.search(sentence):
            continue  # "Pasienter får tilbud …": general information, not about someone
        start = min(match.start(), sentence_start + person[0])
        end = max(match.end(), sentence_start + person[1])
        found.append(Match("health", start, end, text[start:end]))
    return found


# A case word and the writer's stake in it in one sentence: "Jeg sendte byggesøknad for
# garasjen i mars", "Når kommer vedtaket om avlastning for sønnen min?".
CASE_WORD = Vocabulary(
    "*søknad*|*søknaden|*ansøgning*|*ansökan|vedtak*|vedtaket|afgørelse*|beslut*|avslag*|"
    "afslag*|klage*|klaga*|*stønad*|sosialhjelp*|økonomisk hjelp|bostøtte*|bostöd*|"
    "boligstøtte*|avlastning*|hjemmehjelp*|heimehjelp*|ferdigattest*|igangsettingstillatelse*|"
    "erstatning*|takst*|taksering*|dispensasjon*|byggetillatelse*|bygglov*|eiendomsskatt*|"
    "faktura*|regning*|gebyr*|refusjon*|tilskudd*|barnehageplass*|sfo-plass*|skoleskyss*|"
    "parkeringstillatelse*|handicapparkering*|tt-kort*|omsorgslønn*|omsorgsstønad*|application|"
    "permit|benefit|decision|appeal|invoice"
)
_OWNER = regex.compile(
    r"(?i)\b(?:min|mi|mitt|mine|vår|vårt|våre|mit|my|our|"
    r"jeg|eg|jag|vi|me|i|we)\s+(?:\w+\s+){0,1}(?:sendte|sende|sendt|søkte|søkt|søker|søkje|"
    r"sökte|ansøgte|applied|sent|venter|ventar|väntar|waiting|mottok|fått|klaget|klagde|"
    r"klagar)\b"
    r"|\b\w+(?:en|et|a|na) (?:min|mi|mitt|mine)\b"
    r"|\b(?:sønnen|datteren|dottera|sonen|moren|mora|faren|far|mor|mannen|kona|barnet) (?:min|mi|mitt)\b"
    r"|\b(?:min|mi|mitt|mine|my|mit) (?:sønn|son|datter|dotter|mor|far|barn|son|daughter|mother|father)\b"
)
# Further words _OWN_CASE looks for, so that a text without any of them is passed over.
_CASE_MARKERS = Vocabulary(
    "sak|saka|saken|sakene|saks*|sag|sagen|sags*|ärende*|diarienummer|journalnummer|"
    "referansenummer|case|complaint|plassen|tilsagn*|gnr|gårdsnummer|gardsnummer|ansökan|"
    "bygglov*|ansøgningen"
)
_DIGIT = re.compile(r"\d")
# Every branch of _OWN_CASE but the case numbers holds one of these words: without them
# the long pattern cannot match, and only _CASE_NUMBER is searched.
_OWN_CASE_ANCHORS = Vocabulary(
    "min|mi|mitt|mine|vår|vårt|mit|my|sønnen|datteren|guten|gutten|jenta|dottera|barnet|mor|"
    "far|meg|oss|klage|klager|klaga|klagar|anke|avslag*|saks*|sak|ref*|ärendenummer|"
    "diarienummer|sagsnummer|journalnummer|case|överklaga*|appeal|ansøgningen|ansökan|sagen|"
    "ärendet"
)
# The branches of _OWN_CASE that need no word of CASE_WORD or _CASE_MARKERS.
_CASE_NUMBER = re.compile(
    r"(?i)\b(?:ref\.? ?nr\.?|referansenummer)\s*:?\s*\d[\d/-]*|\b\d{2}/\d{2,6}(?:-\d+)?\b"
)
# "på vår regning": at our (the taxpayers') expense, not an invoice.
_IDIOMS = regex.compile(r"(?i)\bpå (?:vår|min|mi) (?:regning|bekostning|kostnad)\b")
_PROPERTY = regex.compile(
    r"(?i)\b(?:gnr|gårdsnummer|gardsnummer)\.?\s*\d+\s*(?:,|/)?\s*(?:bnr|bruksnummer)\.?\s*\d+"
)


def own_cases(text: str, normalised_text: str | None = None) -> list[Match]:
    case_word = normalised_text is None or CASE_WORD.occurs_in(normalised_text)
    if (
        normalised_text is not None
        and not case_word
        and not _CASE_MARKERS.occurs_in(normalised_text)
    ):
        # No word of a case: only a case number can be one, e.g. "23/0456" or "ref nr 12".
        if not _DIGIT.search(text):
            return []
        return [
            Match("own_case", m.start(), m.end(), m.group()) for m in _CASE_NUMBER.finditer(text)
        ]
    lowered = text.lower()
    if "på " in lowered:
        text = _IDIOMS.sub(lambda m: " " * len(m.group()), text)  # same length: spans hold
    own_case = (
        _OWN_CASE
        if normalised_text is None or _OWN_CASE_ANCHORS.occurs_in(normalised_text)
        else _CASE_NUMBER
    )
    found = [Match("own_case", m.start(), m.end(), m.group()) for m in own_case.finditer(text)]
    if "gnr" in lowered or "rdsnummer" in lowered:
        found += [Match("own_case", m.start(), m.end(), m.group())
                  for m in _PROPERTY.finditer(text)]  # fmt: skip
    if not found and case_word:
        for sentence in _SENTENCE.finditer(text):
            case = CASE_WORD.pattern.search(sentence.group())
            if case and _OWNER.search(sentence.group()):
                start = sentence.start() + case.start()
                found.append(Match("own_case", start, start + len(case.group()), case.group()))
                break
    return found


def named_cases(text: str, first_names: frozenset[str] = frozenset()) -> list[Match]:
    found = [Match("named_case", m.start(), m.end(), m.group()) for m in _NAMED_CASE.finditer(text)]
    if not found:
        found = [
            Match("named_case", m.start(), m.end(), m.group())
            for m in _CAPITALISED.finditer(text)
            if m.group() in first_names
        ]
    return found
