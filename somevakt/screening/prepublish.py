"""The pre-publish check of a staff post against the «Pass på»-plakaten (P4, P5, P6, P8).

Before an employee publishes, the post is read the way the screening reads a citizen's
comment, but for what an official post must not do: speak without a clear sender, process
a case, publish personal or sensitive data, or promise a decision. Warnings, never a
block: the employee decides, with the guideline cited. Pure Python and regular
expressions only, so that it can run while the post is being written.
"""

from collections.abc import Iterator
from dataclasses import dataclass

import regex

from somevakt.screening import personal
from somevakt.screening.engine import default_screener
from somevakt.screening.normalise import normalise


@dataclass(frozen=True)
class PrepublishWarning:
    guideline: str  # a rule id of the policy, e.g. "P4"
    # no_sender, unsigned, case_decision, case_details, case_number, id_number, contact,
    # health, promise
    kind: str
    span: tuple[int, int] | None  # in the text, end exclusive; None for the whole post
    why: str  # one line in Norwegian bokmål for the employee, citing the guideline


# Who speaks: a signature ("Hilsen Servicekontoret", "Med venleg helsing", "/Kari",
# "– Rakkestad kino") or a unit or office named in the post.
_SIGNATURE = regex.compile(
    r"(?im)(?:^|[.!?]\s)\s*(?:(?:med\s+)?(?:vennlig|vennleg|venleg|beste|varm|god)?\s*(?:hilsen|helsing|"
    r"hilsener|helsingar)\b|mvh\b|m\.v\.h\.|(?:kind\s+|best\s+|warm\s+)?regards\b|"
    r"sincerely\b|avsender\s*:|sendt av\b|sender\s*:|[-–—/]\s*\p{Lu})"
)
_UNIT = (
    r"(?:\w*kommune[n]?|\w*kontor(?:et)?|\w*enheten|\w*eininga|\w*etaten|\w*avdelingen|"
    r"\w*avdelinga|\w*tjenesten|\w*tenesta|\w*skolen|\w*skulen|\w*barnehagen|"
    r"bibliotek(?:et)?|kino(?:en)?|\w*sentral(?:en)?|helsestasjon(?:en)?|legevakt(?:a|en)?|"
    r"rådhuset|ordfører(?:en)?|kommunedirektør(?:en)?|brannvesen(?:et)?|\w*senteret|"
    r"sykehjemmet|sjukeheimen|office|council|municipality|department|library)"
)
# The unit speaks: "Biblioteket har åpent …", "Rakkestad kommune minner om …", "vi i
# teknisk drift", "Servicekontoret informerer".
_UNIT_SPEAKS = regex.compile(
    rf"(?i)^\W*(?:\p{{L}}+\s+)?{_UNIT}\b"
    rf"|\b{_UNIT}\s+(?:informerer|informerar|minner om|minnar om|inviterer|inviterar|ønsker|"
    r"ønskjer|opplyser|melder|meldar|varsler|varslar|orienterer|beklager|beklagar|kunngjør|"
    r"har gleden|informs|invites|reminds)\b"
    r"|\b(?:vi|oss|me|we|us)\s+(?:her\s+)?(?:i|på|ved|at|in|from)\s+\p{L}",
)
_SENDER_WORD = regex.compile(r"\p{L}{3,}")

# P4: a decision about someone's case, in their own case ("søknaden din er innvilget").
_DECISION = regex.compile(
    r"(?i)\b(?:innvilg\w*|avslått|avslåtte|avslag\w*|avslege|avslegen|godkjent|godkjend|"
    r"godkjente|tatt til følge|teke til følgje|ferdigbehandl\w*|behandlet|behandla|"
    r"handsama|handsamast|opphevet|oppheva|fattet vedtak|gjort vedtak|"
    r"granted|approved|refused|rejected|denied)\b"
)
_YOUR_CASE = regex.compile(
    r"(?i)\b(?:\w*søknaden|\w*søknaden?e|saken|saka|vedtaket|klagen|klaga|\w*plassen|"
    r"tilsagnet|fakturaen|regningen|gebyret|\w*stønaden|\w*støtta|\w*støtten|"
    r"\w*tillatelsen|\w*løyvet|dispensasjonen)\s+(?:din|di|ditt|dine|dykkar|deres)\b"
    r"|\b(?:din|di|ditt|dine|dykkar|deres|your)\s+(?:\w+\s+)?(?:\w*søknad\w*|sak|saka|"
    r"vedtak|klage|application|case|appeal|complaint|permit|claim)\b"
)
_YOU = regex.compile(r"(?i)\b(?:du|deg|dere|dykk|you)\b")
# "Hvis søknaden blir innvilget …", "Har du fått innvilget bostøtte, kan du …": general.
_CONDITIONAL = regex.compile(
    r"(?i)^\s*(?:har|får|fikk|fekk|er|blir) (?:du|dere|dykk|you)\b"
    r"|\b(?:hvis|dersom|viss|om du|om dere|når|etter at|før|if|when|once|before|after)\b"
)
# P4: asking for case details or personal data in the comments or a private message.
_ASK = regex.compile(
    r"(?i)\b(?:send|sende|send inn|skriv|skrive|legg inn|legg ut|legg igjen|oppgi|oppgje|"
    r"gi oss|del|fortell|fortel|beskriv|post|write|share|tell us|give us|include|leave)\b"
)
_DETAILS = regex.compile(
    r"(?i)\b(?:saksnummer\w*|saksnr|fødselsnummer\w*|fødselsnr|personnummer\w*|"
    r"fødselsdato\w*|d-nummer\w*|adresse\w*|\w*søknad\w*|detalj\w*|opplysning\w*|"
    r"saken din|saka di|situasjonen din|situasjonen di|diagnose\w*|gnr|bnr|"
    r"case number|details|address|personal information|date of birth)\b"
)
_HERE = regex.compile(
    r"(?i)(?<!\bikke\s|\bikkje\s|\baldri\s|\bnot\s|\bnever\s)\b(?:i kommentar\w*|"
    r"som kommentar|i en kommentar|i ein kommentar|under innlegget|i tråden|her på siden|"
    r"her på facebook|i innboks\w*|på messenger|i messenger|via messenger|"
    r"i en (?:privat )?melding|i ei (?:privat )?melding|i ein (?:privat )?melding|pm|dm|"
    r"in the comments|in a comment|below|by dm)\b"
)
# P4, P6: promising an outcome that only a decision can give, or any promise made for
# the municipality ("holde det du lover").
_PROMISE = regex.compile(
    r"(?i)\b(?:vi|kommunen|jeg|eg|me|we)\s+(?:lover|lovar|lovar å|garanterer|garanterar|"
    r"promise|guarantee)\s+(?:deg|dere|dykk|at|å|you|that)\b"
    r"|\b(?:du|dere|dykk|you)\s+(?:vil|skal|kommer til å|kjem til å|will)\s+(?:garantert\s+|"
    r"helt sikkert\s+|heilt sikkert\s+|definitely\s+)?(?:få|be|get)\s+(?:\w+\s+){0,2}?"
    r"(?:innvilget|innvilga|godkjent|godkjend|plass|tilsagn|ja|tillatelse|løyve|dispensasjon|"
    r"granted|approved|a place)\b"
    r"|\b(?:du|dere|dykk|you)\s+(?:får|fær|get)\s+(?:garantert\s+|helt sikkert\s+)?"
    r"(?:innvilget|innvilga|godkjent|godkjend|plass|tilsagn|ja)\b"
    r"|\b(?:kommunen|vi|me|we|the council)\s+(?:skal|vil|will)\s+(?:sørge for|syte for|sikre|"
    r"ordne det slik|make sure|ensure)\s+at\s+(?:du|dere|dykk|you)\b"
    r"|\b(?:du|dere|dykk|you)\s+(?:er|blir|vert|are)\s+(?:garantert|sikret|sikra|lovet|lova|"
    r"guaranteed|promised)\b"
)
_DECIDED_OUTCOME = regex.compile(
    r"(?i)\b(?:innvilg\w*|godkjen\w*|plass|tilsagn|tillatelse|løyve|dispensasjon|vedtak|"
    r"stønad|støtte|søknad\w*|granted|approved|permit|a place)\b"
)
# Whom P8 is about: pupils, users, patients, residents and their relatives.
_P8_PEOPLE = regex.compile(
    r"(?i)\b(?:elev\w*|bruker\w*|brukar\w*|pasient\w*|beboer\w*|bebuar\w*|pårørende|"
    r"pårørande|barnet|barna|ungen|pupil\w*|patient\w*|resident\w*)\b"
)
_SENTENCE = regex.compile(r"[^.!?\n]+")
# "stengt 24/12": a date, not the case number 24/1234.
_DAY_AND_MONTH = regex.compile(r"(?:0[1-9]|[12]\d|3[01])/(?:0[1-9]|1[0-2])")
_FIRST_NAME = regex.compile(r"\b\p{Lu}\p{Ll}+\b")


def check_post(text: str, *, sender: str) -> tuple[PrepublishWarning, ...]:
    """Every warning for a staff post about to be published, in the order of the text."""
    text = str(text or "")
    warnings = _sender(text, sender)
    if text.strip():
        warnings += _case_processing(text) + _personal_data(text) + _promises(text)
    return tuple(_without_repeats(warnings))


def _sender(text: str, sender: str) -> list[PrepublishWarning]:
    sender = str(sender or "").strip()
    if not sender:
        return [
            PrepublishWarning(
                "P6",
                "no_sender",
                None,
                "Innlegget har ingen avsender – P6: i jobbsammenheng skal du opptre med "
                "tydelig avsender. Velg enheten eller kontoret som publiserer.",
            )
        ]
    if not text.strip() or _says_who_speaks(text, sender):
        return []
    return [
        PrepublishWarning(
            "P6",
            "unsigned",
            None,
            "Teksten sier ikke hvem som snakker – P6: tydelig avsender. Signer med enheten "
            f"eller kontoret (f.eks. «Hilsen {sender}»), eller nevn den i teksten.",
        )
    ]


def _says_who_speaks(text: str, sender: str) -> bool:
    folded = text.casefold()
    named = [w.casefold() for w in _SENDER_WORD.findall(sender)]
    if named and all(word in folded for word in named):
        return True
    return bool(_SIGNATURE.search(text) or _UNIT_SPEAKS.search(text))


def _sentences(text: str) -> Iterator[tuple[int, str]]:
    for sentence in _SENTENCE.finditer(text):
        yield sentence.start(), sentence.group()


def _case_processing(text: str) -> list[PrepublishWarning]:
    warnings = []
    first_names = default_screener().first_names
    for offset, sentence in _sentences(text):
        decision = _DECISION.search(sentence)
        # A promised decision is warned of as a promise (_promises).
        if decision and not _CONDITIONAL.search(sentence) and not _PROMISE.search(sentence):
            whose = _YOUR_CASE.search(sentence)
            if whose is None and personal.CASE_WORD.pattern.search(sentence):
                whose = _YOU.search(sentence) or _named_person(sentence, first_names)
            if whose is not None:
                start = offset + min(whose.start(), decision.start())
                end = offset + max(whose.end(), decision.end())
                warnings.append(
                    PrepublishWarning(
                        "P4",
                        "case_decision",
                        (start, end),
                        f"Avgjørelse i en enkeltsak («{text[start:end]}») – P4: "
                        "saksbehandling foregår ikke i sosiale medier. Vedtaket sendes "
                        "til den det gjelder, ikke i et innlegg.",
                    )
                )
                continue
        ask = _ASK.search(sentence)
        if ask:
            details = _DETAILS.search(sentence, ask.end())
            here = _HERE.search(sentence)
            if details and here:
                start = offset + ask.start()
                end = offset + max(details.end(), here.end())
                warnings.append(
                    PrepublishWarning(
                        "P4",
                        "case_details",
                        (start, end),
                        f"Ber om saksopplysninger i sosiale medier («{text[start:end]}») – "
                        "P4: saksbehandling foregår ikke i sosiale medier. Vis til e-post, "
                        "Servicekontoret eller sikker digital post.",
                    )
                )
    for match in personal.own_cases(text):
        if any(c.isdigit() for c in match.words) and not _DAY_AND_MONTH.fullmatch(match.words):
            warnings.append(
                PrepublishWarning(
                    "P4",
                    "case_number",
                    (match.start, match.end),
                    f"Saksnummer eller eiendom i en enkeltsak («{match.words}») – P4: "
                    "saksbehandling foregår ikke i sosiale medier.",
                )
            )
    return warnings


def _named_person(sentence: str, first_names: frozenset[str]) -> regex.Match | None:
    for word in _FIRST_NAME.finditer(sentence):
        if word.group() in first_names:
            return word
    return None


def _personal_data(text: str) -> list[PrepublishWarning]:
    normalised = normalise(text).text
    first_names = default_screener().first_names
    warnings = []
    for match in personal.id_numbers(text):
        warnings.append(
            PrepublishWarning(
                "P5",
                "id_number",
                (match.start, match.end),
                f"Fødselsnummer eller D-nummer («{match.words}») – P5: sosiale medier er en "
                "åpen kanal der alt kan bli lest og delt av mange; fjern nummeret.",
            )
        )
    for match in personal.third_person_contacts(text):
        what = "Telefonnummer" if match.kind == "phone" else "Adresse"
        warnings.append(
            PrepublishWarning(
                "P5",
                "contact",
                (match.start, match.end),
                f"{what} til en privatperson («{match.words}») – P5: det du skriver kan bli "
                "delt av mange til mange. Bruk kommunens eget nummer, eller sjekk at "
                "personen har sagt ja.",
            )
        )
    for match in personal.health_of_identifiable(text, first_names, normalised):
        sentence = personal.sentence_around(text, match.start, match.end)
        guideline = "P8" if _P8_PEOPLE.search(sentence) else "P5"
        about = (
            "P8: vis varsomhet overfor elever, brukere og pårørende"
            if guideline == "P8"
            else "P5: sosiale medier er en åpen kanal"
        )
        warnings.append(
            PrepublishWarning(
                guideline,
                "health",
                (match.start, match.end),
                f"Helse-, barnevern- eller familieopplysninger om en person som kan "
                f"identifiseres («{match.words}») – {about}; slike opplysninger publiseres "
                "ikke.",
            )
        )
    return warnings


def _promises(text: str) -> list[PrepublishWarning]:
    warnings = []
    for offset, sentence in _sentences(text):
        promises = list(_PROMISE.finditer(sentence))
        if promises:  # one warning per sentence: "Vi lover at du vil få plass"
            start, end = offset + promises[0].start(), offset + promises[-1].end()
            if _DECIDED_OUTCOME.search(sentence):
                guideline = "P4"
                why = (
                    f"Lover et utfall som bare et vedtak kan gi («{text[start:end]}») – P4: "
                    "saksbehandling foregår ikke i sosiale medier, og P6: hold det du lover."
                )
            else:
                guideline = "P6"
                why = (
                    f"Et løfte på kommunens vegne («{text[start:end]}») – P6: presise "
                    "tilbakemeldinger, og hold det du lover. Lov bare det kommunen kan holde."
                )
            warnings.append(PrepublishWarning(guideline, "promise", (start, end), why))
    return warnings


def _without_repeats(warnings: list[PrepublishWarning]) -> list[PrepublishWarning]:
    """One warning per kind and place, sorted by where it is (the whole post first)."""
    kept: list[PrepublishWarning] = []
    for warning in sorted(warnings, key=lambda w: (w.span or (-1, -1), w.guideline, w.kind)):
        if any(_overlaps(warning, other) for other in kept):
            continue
        kept.append(warning)
    return kept


def _overlaps(a: PrepublishWarning, b: PrepublishWarning) -> bool:
    if a.kind != b.kind or a.span is None or b.span is None:
        return a.kind == b.kind and a.span == b.span
    return a.span[0] < b.span[1] and b.span[0] < a.span[1]
