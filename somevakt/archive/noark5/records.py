"""The Noark 5 records somevakt delivers and deposits, free of Django.

The archive app maps its models onto these frozen dataclasses; the writers in this
package (arkivstruktur, journals, ADDML, arkivmelding) take them and nothing else.
Each record checks on creation what the schemas and Arkade would reject later
(systemID a UUID, timezone-aware times, no empty text), so a bad value is reported
where it was made, with the field named.

Code values come from the Noark 5 metadata catalogue (the XSDs leave them as free
text, see DESIGN.md "What a valid Noark 5 deposit needs beyond the XSDs"). Each enum
value is the catalogue's text; `.code` is its short code, which KS Fiks Arkiv sends
beside the text.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from enum import StrEnum
from typing import Any, BinaryIO, Protocol


class Noark5Error(ValueError):
    """A record, a file or a message that the Noark 5 rules do not allow."""


class _Coded(StrEnum):
    """A catalogue value; `code` is its short code (Fiks Arkiv `kode`)."""

    @property
    def code(self) -> str:
        return _CODES[self]


class Journalposttype(_Coded):
    """M082."""

    INNGAAENDE = "Inngående dokument"
    UTGAAENDE = "Utgående dokument"
    ORGANINTERNT_FOR_OPPFOELGING = "Organinternt dokument for oppfølging"
    ORGANINTERNT_UTEN_OPPFOELGING = "Organinternt dokument uten oppfølging"
    SAKSFRAMLEGG = "Saksframlegg"


class Journalstatus(_Coded):
    """M053. A deposit holds only ARKIVERT and UTGAAR (DEPOSIT_JOURNALSTATUS)."""

    JOURNALFOERT = "Journalført"
    FORDELT = "Fordelt til saksbehandler"
    GODKJENT = "Godkjent av leder"
    EKSPEDERT = "Ekspedert"
    ARKIVERT = "Arkivert"
    UTGAAR = "Utgår"
    MIDLERTIDIG = "Midlertidig registrering av innkommet dokument"


class Saksstatus(_Coded):
    """M052. A deposit holds only AVSLUTTET and UTGAAR (DEPOSIT_SAKSSTATUS)."""

    UNDER_BEHANDLING = "Under behandling"
    AVSLUTTET = "Avsluttet"
    UTGAAR = "Utgår"
    OPPRETTET_AV_SAKSBEHANDLER = "Opprettet av saksbehandler"
    AVSLUTTET_AV_SAKSBEHANDLER = "Avsluttet av saksbehandler"
    UNNTATT_PROSESSTYRING = "Unntatt prosesstyring"
    FERDIG_FRA_SAKSBEHANDLER = "Ferdig fra en saksbehandler"


class Dokumentstatus(_Coded):
    """M054. A deposit holds only FERDIGSTILT."""

    UNDER_REDIGERING = "Dokumentet er under redigering"
    FERDIGSTILT = "Dokumentet er ferdigstilt"


class TilknyttetRegistreringSom(_Coded):
    """M217."""

    HOVEDDOKUMENT = "Hoveddokument"
    VEDLEGG = "Vedlegg"


class Variantformat(_Coded):
    """M700."""

    PRODUKSJONSFORMAT = "Produksjonsformat"
    ARKIVFORMAT = "Arkivformat"
    SKJERMET = "Dokument hvor deler av innholdet er skjermet"


class Korrespondanseparttype(_Coded):
    """M087."""

    AVSENDER = "Avsender"
    MOTTAKER = "Mottaker"
    KOPIMOTTAKER = "Kopimottaker"
    GRUPPEMOTTAKER = "Gruppemottaker"
    INTERN_AVSENDER = "Intern avsender"
    INTERN_MOTTAKER = "Intern mottaker"
    INTERN_KOPIMOTTAKER = "Intern kopimottaker"


class Arkivdelstatus(_Coded):
    """M051."""

    AKTIV = "Aktiv periode"
    OVERLAPPING = "Overlappingsperiode"
    AVSLUTTET = "Avsluttet periode"
    UTGAAR = "Uaktuelle mapper"


class SkjermingMetadata(_Coded):
    """M502: which metadata a skjerming hides from the public."""

    KLASSETITTEL = "Klassetittel"
    TITTEL_MAPPE = "Tittel mappe"
    TITTEL_REGISTRERING = "Tittel registrering"
    BESKRIVELSE = "Beskrivelse"
    KORRESPONDANSEPART = "Navn korrespondansepart"


class SkjermingDokument(_Coded):
    """M503."""

    HELE = "Hele dokumentet"
    DELER = "Deler av dokumentet"


_CODES: dict[StrEnum, str] = {
    Journalposttype.INNGAAENDE: "I",
    Journalposttype.UTGAAENDE: "U",
    Journalposttype.ORGANINTERNT_FOR_OPPFOELGING: "N",
    Journalposttype.ORGANINTERNT_UTEN_OPPFOELGING: "X",
    Journalposttype.SAKSFRAMLEGG: "S",
    Journalstatus.JOURNALFOERT: "J",
    Journalstatus.FORDELT: "F",
    Journalstatus.GODKJENT: "G",
    Journalstatus.EKSPEDERT: "E",
    Journalstatus.ARKIVERT: "A",
    Journalstatus.UTGAAR: "U",
    Journalstatus.MIDLERTIDIG: "M",
    Saksstatus.UNDER_BEHANDLING: "B",
    Saksstatus.AVSLUTTET: "A",
    Saksstatus.UTGAAR: "U",
    Saksstatus.OPPRETTET_AV_SAKSBEHANDLER: "R",
    Saksstatus.AVSLUTTET_AV_SAKSBEHANDLER: "S",
    Saksstatus.UNNTATT_PROSESSTYRING: "P",
    Saksstatus.FERDIG_FRA_SAKSBEHANDLER: "F",
    Dokumentstatus.UNDER_REDIGERING: "B",
    Dokumentstatus.FERDIGSTILT: "F",
    TilknyttetRegistreringSom.HOVEDDOKUMENT: "H",
    TilknyttetRegistreringSom.VEDLEGG: "V",
    Variantformat.PRODUKSJONSFORMAT: "P",
    Variantformat.ARKIVFORMAT: "A",
    Variantformat.SKJERMET: "O",
    Korrespondanseparttype.AVSENDER: "EA",
    Korrespondanseparttype.MOTTAKER: "EM",
    Korrespondanseparttype.KOPIMOTTAKER: "EK",
    Korrespondanseparttype.GRUPPEMOTTAKER: "GM",
    Korrespondanseparttype.INTERN_AVSENDER: "IA",
    Korrespondanseparttype.INTERN_MOTTAKER: "IM",
    Korrespondanseparttype.INTERN_KOPIMOTTAKER: "IK",
    Arkivdelstatus.AKTIV: "A",
    Arkivdelstatus.OVERLAPPING: "O",
    Arkivdelstatus.AVSLUTTET: "P",
    Arkivdelstatus.UTGAAR: "U",
    SkjermingMetadata.KLASSETITTEL: "KT",
    SkjermingMetadata.TITTEL_MAPPE: "TM",
    SkjermingMetadata.TITTEL_REGISTRERING: "TR",
    SkjermingMetadata.BESKRIVELSE: "B",
    SkjermingMetadata.KORRESPONDANSEPART: "KP",
    SkjermingDokument.HELE: "H",
    SkjermingDokument.DELER: "D",
}

DEPOSIT_JOURNALSTATUS = frozenset({Journalstatus.ARKIVERT, Journalstatus.UTGAAR})
DEPOSIT_SAKSSTATUS = frozenset({Saksstatus.AVSLUTTET, Saksstatus.UTGAAR})

# What the public sees in place of a screened name or title (offentleglova § 13).
SKJERMET = "*****"
# PRONOM codes for the formats somevakt writes.
PRONOM_PDFA_2B = "fmt/477"
PRONOM_PDFA_2A = "fmt/476"
PRONOM_PDFA_1B = "fmt/354"
PRONOM_XML = "fmt/101"
SHA256 = "SHA256"


_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_ID, _ENUM, _OTHER = 0, 1, 2


_PLANS: dict[type, tuple[tuple[str, int, Any], ...]] = {}


def _plan(cls: Any) -> tuple[tuple[str, int, Any], ...]:
    """Per record class, once: which check each field needs."""
    if cls in _PLANS:
        return _PLANS[cls]
    plan: list[tuple[str, int, Any]] = []
    for item in fields(cls):
        if item.name == "system_id" or item.name.endswith("_system_id"):
            plan.append((item.name, _ID, None))
        elif isinstance(item.type, type) and issubclass(item.type, StrEnum):
            plan.append((item.name, _ENUM, item.type))
        else:
            plan.append((item.name, _OTHER, None))
    _PLANS[cls] = tuple(plan)
    return _PLANS[cls]


def _check(record: Any) -> None:
    """The checks every record shares: UUIDs, aware times, no empty text, enums."""
    for name, kind, enum in _plan(type(record)):
        value = getattr(record, name)
        if value is None:
            if name == "system_id":
                raise Noark5Error(f"{type(record).__name__}.system_id is missing")
            continue
        if kind == _ID:
            if not isinstance(value, str) or not _UUID.fullmatch(value):
                raise Noark5Error(
                    f"{type(record).__name__}.{name} must be a UUID (Arkade checks systemID), "
                    f"got {value!r}"
                )
        elif isinstance(value, str) and not value.strip():
            raise Noark5Error(
                f"{type(record).__name__}.{name} is empty; Noark 5 allows no empty elements"
            )
        elif kind == _ENUM:
            if not isinstance(value, enum):
                try:
                    object.__setattr__(record, name, enum(value))
                except ValueError:
                    allowed = ", ".join(f"«{v.value}»" for v in enum)
                    raise Noark5Error(
                        f"{type(record).__name__}.{name} is {value!r}, not a catalogue value "
                        f"({allowed})"
                    ) from None
        elif isinstance(value, datetime) and value.utcoffset() is None:
            raise Noark5Error(
                f"{type(record).__name__}.{name} must carry a time zone, got {value.isoformat()}"
            )


@dataclass(frozen=True)
class Arkivskaper:
    arkivskaper_id: str  # e.g. the organisation number
    navn: str
    beskrivelse: str | None = None

    def __post_init__(self) -> None:
        _check(self)


@dataclass(frozen=True)
class Arkiv:
    system_id: str
    tittel: str
    opprettet_dato: datetime
    opprettet_av: str
    avsluttet_dato: datetime
    avsluttet_av: str
    arkivskaper: tuple[Arkivskaper, ...]
    beskrivelse: str | None = None

    def __post_init__(self) -> None:
        _check(self)
        if not self.arkivskaper:
            raise Noark5Error("Arkiv.arkivskaper needs at least one arkivskaper")


@dataclass(frozen=True)
class Arkivdel:
    system_id: str
    tittel: str
    arkivdelstatus: Arkivdelstatus
    opprettet_dato: datetime
    opprettet_av: str
    avsluttet_dato: datetime
    avsluttet_av: str
    arkivperiode_start: date | None = None
    arkivperiode_slutt: date | None = None
    beskrivelse: str | None = None

    def __post_init__(self) -> None:
        _check(self)


@dataclass(frozen=True)
class Klassifikasjonssystem:
    system_id: str
    tittel: str
    opprettet_dato: datetime
    opprettet_av: str
    klassifikasjonstype: str | None = None

    def __post_init__(self) -> None:
        _check(self)


@dataclass(frozen=True)
class Klasse:
    system_id: str
    klasse_id: str
    tittel: str
    opprettet_dato: datetime
    opprettet_av: str

    def __post_init__(self) -> None:
        _check(self)


@dataclass(frozen=True)
class Skjerming:
    """Screening by a legal basis (e.g. «Offl. § 13 jf. fvl. § 13 første ledd nr. 1»).

    `metadata` names what the public must not see; the offentlig journal and the
    arkivmelding apply it (SKJERMET in place of a screened title or name).
    """

    tilgangsrestriksjon: str  # the municipality's access code, e.g. «13»
    skjermingshjemmel: str
    metadata: tuple[SkjermingMetadata, ...]
    dokument: SkjermingDokument | None = None
    skjermingsvarighet: int | None = None  # years
    opphoerer_dato: date | None = None

    def __post_init__(self) -> None:
        _check(self)
        if not self.metadata:
            raise Noark5Error("Skjerming.metadata must name at least one screened field")
        object.__setattr__(self, "metadata", tuple(SkjermingMetadata(m) for m in self.metadata))

    def screens(self, what: SkjermingMetadata) -> bool:
        return what in self.metadata


@dataclass(frozen=True)
class Korrespondansepart:
    """`skjermet`: this party's name is screened (a private person, offl. § 13)."""

    korrespondanseparttype: Korrespondanseparttype
    navn: str
    skjermet: bool = False
    epostadresse: str | None = None
    administrativ_enhet: str | None = None
    saksbehandler: str | None = None

    def __post_init__(self) -> None:
        _check(self)


@dataclass(frozen=True)
class Dokumentobjekt:
    """One file of a document. `referanse_dokumentfil` is relative to the deposit root
    (e.g. «DOKUMENT/2025/…pdf»); `sjekksum` is the lower-case SHA-256 hex digest."""

    system_id: str
    versjonsnummer: int
    variantformat: Variantformat
    format: str  # PRONOM code
    opprettet_dato: datetime
    opprettet_av: str
    referanse_dokumentfil: str
    sjekksum: str
    filstoerrelse: int
    mime_type: str = "application/pdf"
    format_detaljer: str | None = None
    sjekksum_algoritme: str = SHA256

    def __post_init__(self) -> None:
        _check(self)
        if len(self.sjekksum) != 64 or set(self.sjekksum) - set("0123456789abcdef"):
            raise Noark5Error(
                f"Dokumentobjekt.sjekksum must be a lower-case SHA-256 hex digest, "
                f"got {self.sjekksum!r}"
            )
        if self.filstoerrelse < 0 or self.versjonsnummer < 1:
            raise Noark5Error("Dokumentobjekt: filstoerrelse ≥ 0 and versjonsnummer ≥ 1")
        path = self.referanse_dokumentfil
        if path.startswith("/") or ".." in path.split("/") or "\\" in path:
            raise Noark5Error(
                f"Dokumentobjekt.referanse_dokumentfil must be a relative path inside the "
                f"deposit, got {path!r}"
            )

    @property
    def filnavn(self) -> str:
        return self.referanse_dokumentfil.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Dokumentbeskrivelse:
    system_id: str
    dokumenttype: str  # e.g. «Henvendelse i sosiale medier»
    dokumentstatus: Dokumentstatus
    tittel: str
    opprettet_dato: datetime
    opprettet_av: str
    tilknyttet_registrering_som: TilknyttetRegistreringSom
    dokumentnummer: int
    tilknyttet_dato: datetime
    tilknyttet_av: str
    dokumentobjekter: tuple[Dokumentobjekt, ...] = ()
    beskrivelse: str | None = None
    forfatter: tuple[str, ...] = ()
    skjerming: Skjerming | None = None

    def __post_init__(self) -> None:
        _check(self)


@dataclass(frozen=True)
class Journalpost:
    """A journalpost; `registrerings_id` is «journalaar/journalsekvensnummer»."""

    system_id: str
    journalaar: int
    journalsekvensnummer: int
    journalpostnummer: int  # the number within its saksmappe
    journalposttype: Journalposttype
    journalstatus: Journalstatus
    journaldato: date
    tittel: str
    opprettet_dato: datetime
    opprettet_av: str
    arkivert_dato: datetime | None = None
    arkivert_av: str | None = None
    offentlig_tittel: str | None = None  # the title with screened words as SKJERMET
    beskrivelse: str | None = None
    dokumentets_dato: date | None = None
    mottatt_dato: datetime | None = None
    sendt_dato: datetime | None = None
    offentlighetsvurdert_dato: date | None = None
    administrativ_enhet: str | None = None
    saksbehandler: str | None = None
    korrespondanseparter: tuple[Korrespondansepart, ...] = ()
    dokumentbeskrivelser: tuple[Dokumentbeskrivelse, ...] = ()
    skjerming: Skjerming | None = None

    def __post_init__(self) -> None:
        _check(self)
        if self.journalsekvensnummer < 1 or self.journalpostnummer < 1:
            raise Noark5Error("Journalpost: journalsekvensnummer and journalpostnummer ≥ 1")

    @property
    def registrerings_id(self) -> str:
        return f"{self.journalaar}/{self.journalsekvensnummer}"


@dataclass(frozen=True)
class Saksmappe:
    """A saksmappe; `mappe_id` is «saksaar/sakssekvensnummer». A deposit needs it closed
    (avsluttet_dato set, saksstatus in DEPOSIT_SAKSSTATUS)."""

    system_id: str
    saksaar: int
    sakssekvensnummer: int
    tittel: str
    saksdato: date
    opprettet_dato: datetime
    opprettet_av: str
    administrativ_enhet: str
    saksansvarlig: str
    saksstatus: Saksstatus
    avsluttet_dato: datetime | None = None
    avsluttet_av: str | None = None
    offentlig_tittel: str | None = None
    beskrivelse: str | None = None
    skjerming: Skjerming | None = None

    def __post_init__(self) -> None:
        _check(self)

    @property
    def mappe_id(self) -> str:
        return f"{self.saksaar}/{self.sakssekvensnummer}"


@dataclass(frozen=True)
class Endring:
    """One change log entry: `referanse_metadata` names the changed element (e.g.
    «tittel»); `referanse_arkivenhet` is the systemID of the changed unit. The schema
    allows no empty value: a value that was empty before is given as «(tom)»."""

    referanse_arkivenhet: str
    referanse_metadata: str
    endret_dato: datetime
    endret_av: str
    tidligere_verdi: str
    ny_verdi: str

    def __post_init__(self) -> None:
        _check(self)
        if not _UUID.fullmatch(self.referanse_arkivenhet):
            raise Noark5Error(
                f"Endring.referanse_arkivenhet must be a systemID (UUID), "
                f"got {self.referanse_arkivenhet!r}"
            )


@dataclass(frozen=True)
class JournalEntry:
    """One line of a journal: a journalpost with its saksmappe and klasse."""

    klasse: Klasse | None
    saksmappe: Saksmappe
    journalpost: Journalpost


class DepositSource(Protocol):
    """What an export reads, in order, streaming: the archive app implements it over
    its models (querysets with .iterator()); tests and the bench over generators.

    Each method may be called more than once (one pass per file); each call must yield
    the same records in the same order.
    """

    arkiv: Arkiv
    arkivdel: Arkivdel
    klassifikasjonssystem: Klassifikasjonssystem

    def klasser(self) -> Iterable[Klasse]: ...

    def saksmapper(self, klasse: Klasse) -> Iterable[Saksmappe]: ...

    def journalposter(self, saksmappe: Saksmappe) -> Iterable[Journalpost]: ...

    def endringer(self) -> Iterable[Endring]: ...

    def count_journalposter(self) -> int: ...


class DocumentWriter(Protocol):
    """Writes the bytes of one dokumentobjekt's file into `target`."""

    def __call__(self, dokumentobjekt: Dokumentobjekt, target: BinaryIO) -> None: ...


@dataclass
class ExportCounts:
    """What an export wrote; ADDML states these and Arkade recounts them."""

    mapper: int = 0
    registreringer: int = 0
    dokumentbeskrivelser: int = 0
    dokumentobjekter: int = 0
    korrespondanseparter: int = 0
    endringer: int = 0
    journalregistreringer: int = 0
    offentlige_journalregistreringer: int = 0
    dokumentfiler: int = 0
    files: dict[str, str] = field(default_factory=dict)  # relative path → SHA-256
