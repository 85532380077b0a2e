"""Reads of the archive room: the decisions waiting for the arkivar, the offentlig journal,
the innsyn search, and the Noark 5 records the export and the arkivmelding are written
from (streamed in chunks, so memory stays flat whatever the size of the archive)."""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from django.db.models import Case, Prefetch, Q, QuerySet, When
from django.utils import timezone

from somevakt.archive.models import (
    ArchiveDecision,
    ArchiveDelivery,
    Arkivdel,
    DecisionState,
    Dokumentbeskrivelse,
    Dokumentobjekt,
    Endring,
    Journalpost,
    Klasse,
    Outcome,
    Saksmappe,
    UnitKind,
)
from somevakt.archive.noark5 import records
from somevakt.archive.storage import archive_path
from somevakt.organisation.permissions import Action, Actor, require
from somevakt.policy.selectors import policy_in_force
from somevakt.sources.selectors import channels_visible_to

CHUNK = 500
SYSTEM_NAME = "somevakt"


# --- the archive room -------------------------------------------------------------------


def _decisions_visible_to(actor: Actor) -> QuerySet[ArchiveDecision]:
    """Decisions on conversations and deletions outside secret groups the actor is not a
    member of (S1, S2): the arkivar does not read a secret group's content."""
    visible = channels_visible_to(actor)
    return ArchiveDecision.objects.filter(
        Q(thread__channel__in=visible) | Q(deletion_record__case__item__channel__in=visible)
    )


def decisions_pending(*, actor: Actor) -> QuerySet[ArchiveDecision]:
    """Proposals waiting for the arkivar: deletions (A6) and journaling first."""
    require(actor, Action.VIEW_ARCHIVE)
    return (
        _decisions_visible_to(actor)
        .filter(state=DecisionState.PROPOSED)
        .select_related("thread__channel", "deletion_record__case__item__channel", "policy_version")
        .defer("policy_version__document", "policy_version__source_text")
        .annotate(
            first=Case(
                When(unit_kind=UnitKind.DELETION, then=0),
                When(proposed_outcome=Outcome.JOURNALED, then=1),
                When(proposed_outcome=Outcome.ARCHIVED, then=2),
                default=3,
            )
        )
        .order_by("first", "-proposed_at", "-pk")
    )


def decisions_confirmed(*, actor: Actor) -> QuerySet[ArchiveDecision]:
    require(actor, Action.VIEW_ARCHIVE)
    return (
        _decisions_visible_to(actor)
        .filter(state=DecisionState.CONFIRMED)
        .select_related("thread__channel", "confirmed_by", "journalpost__saksmappe")
        .order_by("-confirmed_at", "-pk")
    )


def decision_get(*, actor: Actor, decision_id: int) -> ArchiveDecision:
    require(actor, Action.VIEW_ARCHIVE)
    return (
        _decisions_visible_to(actor)
        .select_related("thread__channel", "deletion_record", "confirmed_by", "policy_version")
        .get(pk=decision_id)
    )


def deliveries(*, actor: Actor) -> QuerySet[ArchiveDelivery]:
    require(actor, Action.VIEW_ARCHIVE)
    return ArchiveDelivery.objects.select_related("journalpost").order_by("-created_at", "-pk")


# --- offentlig journal and innsyn -------------------------------------------------------


@dataclass(frozen=True)
class PublicLine:
    """One line of the public journal as anyone may see it (offentleglova § 10)."""

    registrerings_id: str
    journaldato: datetime.date
    dokumentets_dato: datetime.date
    journalposttype: str
    tittel: str
    saksmappe: str
    parts: list[tuple[str, str]]
    skjermingshjemmel: str


def public_journal(*, start: datetime.date, end: datetime.date) -> Iterator[PublicLine]:
    """The journalposter of a period with private persons' names and exempt content
    screened. Open to everyone: it shows nothing the law lets the municipality withhold."""
    posts = (
        Journalpost.objects.filter(journaldato__range=(start, end))
        .select_related("saksmappe")
        .prefetch_related("korrespondanseparter")
        .order_by("journaldato", "journalsekvensnummer")
    )
    for post in posts.iterator(chunk_size=CHUNK):
        parts = [
            (
                part.korrespondanseparttype,
                records.SKJERMET if part.is_private_person or post.skjermingshjemmel else part.navn,
            )
            for part in post.korrespondanseparter.all()
        ]
        yield PublicLine(
            registrerings_id=post.registrerings_id,
            journaldato=post.journaldato,
            dokumentets_dato=timezone.localdate(post.dokumentets_dato),
            journalposttype=post.journalposttype,
            tittel=post.offentlig_tittel,
            saksmappe=post.saksmappe.mappe_id,
            parts=parts,
            skjermingshjemmel=post.skjermingshjemmel,
        )


def innsyn_search(*, actor: Actor, query: str, limit: int = 50) -> list[ArchiveDecision]:
    """Staff search across archived conversations: titles, parties and every word written
    in the conversation, so a request for access (innsyn) can be answered."""
    require(actor, Action.VIEW_ARCHIVE)
    query = query.strip()
    if not query:
        return []
    archived = (
        _decisions_visible_to(actor)
        .filter(state=DecisionState.CONFIRMED)
        .exclude(outcome=Outcome.NOT_ARCHIVED)
    )
    matches = archived.filter(
        Q(thread__items__text__icontains=query)
        | Q(thread__items__versions__text__icontains=query)
        | Q(thread__items__author__display_name__icontains=query)
        | Q(journalpost__tittel__icontains=query)
        | Q(journalpost__korrespondanseparter__navn__icontains=query)
        | Q(deletion_record__feedback_text__icontains=query)
    )
    ids = list(matches.values_list("pk", flat=True).distinct()[:limit])
    return list(
        ArchiveDecision.objects.filter(pk__in=ids)
        .select_related("thread__channel", "journalpost__saksmappe")
        .prefetch_related("dokumentbeskrivelser__dokumentobjekter")
        .order_by("-confirmed_at")
    )


# --- Noark 5 records (for the export and the arkivmelding) ------------------------------


def _dokumentobjekt(objekt: Dokumentobjekt) -> records.Dokumentobjekt:
    return records.Dokumentobjekt(
        system_id=str(objekt.system_id),
        versjonsnummer=objekt.versjonsnummer,
        variantformat=records.Variantformat(objekt.variantformat),
        format=objekt.format,
        opprettet_dato=objekt.opprettet_dato,
        opprettet_av=objekt.opprettet_av,
        referanse_dokumentfil=f"DOKUMENT/{objekt.path}",
        sjekksum=objekt.sjekksum,
        filstoerrelse=objekt.filstoerrelse,
        mime_type=objekt.mime_type,
    )


def _dokumentbeskrivelse(
    beskrivelse: Dokumentbeskrivelse, post: Journalpost
) -> records.Dokumentbeskrivelse:
    return records.Dokumentbeskrivelse(
        system_id=str(beskrivelse.system_id),
        dokumenttype=beskrivelse.dokumenttype,
        dokumentstatus=records.Dokumentstatus(beskrivelse.dokumentstatus),
        tittel=beskrivelse.tittel,
        opprettet_dato=beskrivelse.opprettet_dato,
        opprettet_av=beskrivelse.opprettet_av,
        tilknyttet_registrering_som=records.TilknyttetRegistreringSom(
            beskrivelse.tilknyttet_registrering_som
        ),
        dokumentnummer=beskrivelse.dokumentnummer,
        tilknyttet_dato=post.opprettet_dato,
        tilknyttet_av=post.opprettet_av,
        dokumentobjekter=tuple(_dokumentobjekt(o) for o in beskrivelse.dokumentobjekter.all()),
    )


def _skjerming(post: Journalpost) -> records.Skjerming | None:
    if not post.skjermingshjemmel:
        return None
    return records.Skjerming(
        tilgangsrestriksjon=post.tilgangsrestriksjon or post.skjermingshjemmel,
        skjermingshjemmel=post.skjermingshjemmel,
        metadata=tuple(records.SkjermingMetadata(m) for m in post.skjerming_metadata),
    )


def journalpost_record(post: Journalpost) -> records.Journalpost:
    """One journalpost as the Noark 5 writers take it; expects the prefetches of
    JOURNALPOST_PREFETCH (else it queries per relation)."""
    outgoing = post.journalposttype == records.Journalposttype.UTGAAENDE
    return records.Journalpost(
        system_id=str(post.system_id),
        journalaar=post.journalaar,
        journalsekvensnummer=post.journalsekvensnummer,
        journalpostnummer=post.journalpostnummer,
        journalposttype=records.Journalposttype(post.journalposttype),
        journalstatus=records.Journalstatus(post.journalstatus),
        journaldato=post.journaldato,
        tittel=post.tittel,
        opprettet_dato=post.opprettet_dato,
        opprettet_av=post.opprettet_av,
        arkivert_dato=post.arkivert_dato,
        arkivert_av=post.arkivert_av,
        offentlig_tittel=post.offentlig_tittel,
        dokumentets_dato=timezone.localdate(post.dokumentets_dato),
        mottatt_dato=None if outgoing else post.dokumentets_dato,
        sendt_dato=post.dokumentets_dato if outgoing else None,
        administrativ_enhet=post.saksmappe.administrativ_enhet,
        saksbehandler=post.opprettet_av,
        korrespondanseparter=tuple(
            records.Korrespondansepart(
                korrespondanseparttype=records.Korrespondanseparttype(part.korrespondanseparttype),
                navn=part.navn,
                skjermet=part.is_private_person,
                administrativ_enhet=part.administrativ_enhet or None,
            )
            for part in post.korrespondanseparter.all()
        ),
        dokumentbeskrivelser=tuple(
            _dokumentbeskrivelse(b, post) for b in post.dokumentbeskrivelser.all()
        ),
        skjerming=_skjerming(post),
    )


JOURNALPOST_PREFETCH = (
    "korrespondanseparter",
    Prefetch(
        "dokumentbeskrivelser",
        queryset=Dokumentbeskrivelse.objects.order_by("dokumentnummer").prefetch_related(
            Prefetch("dokumentobjekter", queryset=Dokumentobjekt.objects.order_by("pk"))
        ),
    ),
)


def _closing(moment: datetime.datetime, fallback: datetime.datetime) -> datetime.datetime:
    return min(moment, fallback)


def saksmappe_record(
    mappe: Saksmappe, *, closed_at: datetime.datetime | None = None
) -> records.Saksmappe:
    """The saksmappe as it stands; in a deposit (`closed_at` given) it stands closed at
    the end of the period (Arkade)."""
    record = records.Saksmappe(
        system_id=str(mappe.system_id),
        saksaar=mappe.saksaar,
        sakssekvensnummer=mappe.sekvensnummer,
        tittel=mappe.tittel,
        saksdato=mappe.saksdato,
        opprettet_dato=mappe.opprettet_dato,
        opprettet_av=mappe.opprettet_av,
        administrativ_enhet=mappe.administrativ_enhet,
        saksansvarlig=mappe.saksansvarlig,
        saksstatus=records.Saksstatus(mappe.saksstatus),
    )
    if closed_at is None:
        return record
    return replace(
        record,
        saksstatus=records.Saksstatus.AVSLUTTET,
        avsluttet_dato=max(mappe.avsluttet_dato or closed_at, mappe.opprettet_dato),
        avsluttet_av=mappe.saksansvarlig,
    )


class DatabaseSource:
    """The archive's journalposter of one period as a Noark 5 DepositSource. Every pass
    reads the database again in chunks (QuerySet.iterator), in the same order."""

    def __init__(self, *, start: datetime.date, end: datetime.date):
        arkivdel = Arkivdel.objects.select_related("arkiv", "klassifikasjonssystem").first()
        if arkivdel is None:
            raise records.Noark5Error(
                "Nothing has been journaled yet: the archive has no arkiv. Confirm a "
                "conversation as journaled in the archive room first."
            )
        self.start, self.end = start, end
        end_of_period = datetime.datetime.combine(
            end, datetime.time(23, 59, 59), tzinfo=timezone.get_current_timezone()
        )
        self.closed_at = _closing(end_of_period, timezone.now())
        municipality = policy_in_force().policy.municipality.name
        arkiv = arkivdel.arkiv
        closed = max(self.closed_at, arkiv.opprettet_dato)
        self.arkiv = records.Arkiv(
            system_id=str(arkiv.system_id),
            tittel=arkiv.tittel,
            opprettet_dato=arkiv.opprettet_dato,
            opprettet_av=arkiv.opprettet_av,
            avsluttet_dato=closed,
            avsluttet_av=SYSTEM_NAME,
            arkivskaper=(records.Arkivskaper(arkivskaper_id=municipality, navn=municipality),),
        )
        self.arkivdel = records.Arkivdel(
            system_id=str(arkivdel.system_id),
            tittel=arkivdel.tittel,
            arkivdelstatus=records.Arkivdelstatus.AVSLUTTET,
            opprettet_dato=arkivdel.opprettet_dato,
            opprettet_av=arkivdel.opprettet_av,
            avsluttet_dato=max(self.closed_at, arkivdel.opprettet_dato),
            avsluttet_av=SYSTEM_NAME,
            arkivperiode_start=start,
            arkivperiode_slutt=end,
        )
        system = arkivdel.klassifikasjonssystem
        self.klassifikasjonssystem = records.Klassifikasjonssystem(
            system_id=str(system.system_id),
            tittel=system.tittel,
            opprettet_dato=system.opprettet_dato,
            opprettet_av=system.opprettet_av,
            klassifikasjonstype=system.klassifikasjonstype,
        )

    def _posts(self) -> QuerySet[Journalpost]:
        return Journalpost.objects.filter(journaldato__range=(self.start, self.end))

    def count_journalposter(self) -> int:
        return self._posts().count()

    def klasser(self) -> Iterator[records.Klasse]:
        used = Klasse.objects.filter(saksmapper__journalposter__in=self._posts()).distinct()
        for klasse in used.order_by("klasse_id").iterator(chunk_size=CHUNK):
            yield records.Klasse(
                system_id=str(klasse.system_id),
                klasse_id=klasse.klasse_id,
                tittel=klasse.tittel,
                opprettet_dato=klasse.opprettet_dato,
                opprettet_av=klasse.opprettet_av,
            )

    def saksmapper(self, klasse: records.Klasse) -> Iterator[records.Saksmappe]:
        mapper = Saksmappe.objects.filter(
            klasse__system_id=klasse.system_id, journalposter__in=self._posts()
        ).distinct()
        for mappe in mapper.order_by("saksaar", "sekvensnummer").iterator(chunk_size=CHUNK):
            yield saksmappe_record(mappe, closed_at=self.closed_at)

    def journalposter(self, saksmappe: records.Saksmappe) -> Iterator[records.Journalpost]:
        posts = (
            self._posts()
            .filter(saksmappe__system_id=saksmappe.system_id)
            .select_related("saksmappe")
            .prefetch_related(*JOURNALPOST_PREFETCH)
            .order_by("journalpostnummer")
        )
        for post in posts.iterator(chunk_size=CHUNK):
            yield journalpost_record(post)

    def endringer(self) -> Iterator[records.Endring]:
        changes = (
            Endring.objects.filter(journalpost__in=self._posts())
            .select_related("journalpost")
            .order_by("endret_dato", "pk")
        )
        for change in changes.iterator(chunk_size=CHUNK):
            yield records.Endring(
                referanse_arkivenhet=str(change.journalpost.system_id),
                referanse_metadata=change.referanse_metadata,
                endret_dato=change.endret_dato,
                endret_av=change.endret_av,
                tidligere_verdi=change.tidligere_verdi,
                ny_verdi=change.ny_verdi,
            )

    def write_document(self, dokumentobjekt: records.Dokumentobjekt, target: BinaryIO) -> None:
        write_document(dokumentobjekt, target)


def write_document(dokumentobjekt: records.Dokumentobjekt, target: BinaryIO) -> None:
    """Copy a stored document into a deposit or a message package, in blocks."""
    stored = archive_path(dokumentobjekt.referanse_dokumentfil.removeprefix("DOKUMENT/"))
    with Path(stored).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            target.write(block)
