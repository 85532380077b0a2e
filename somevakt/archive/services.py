"""Every archive change goes through here: classification (A1–A6), the arkivar's
confirmation or override, journaling into the Noark 5 structure with numbering per
year, skjerming for the offentlig journal, and the delivery outbox to the
municipality's archive system. Role checks hold for the pages, the API, the admin and
the management commands alike."""

import datetime
import re
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from somevakt.archive import classification as rules
from somevakt.archive.models import (
    ArchiveDecision,
    ArchiveDelivery,
    Arkiv,
    Arkivdel,
    DecisionState,
    DeliveryState,
    Endring,
    Journalpost,
    Klasse,
    Klassifikasjonssystem,
    Korrespondansepart,
    Outcome,
    Saksmappe,
    Sequence,
    UnitKind,
)
from somevakt.archive.noark5 import records
from somevakt.archive.noark5.arkivmelding import Kvittering
from somevakt.archive.noark5.export import ExportResult, Progress, export_arkivuttrekk
from somevakt.audit.services import Change, audit_record, audit_record_many
from somevakt.core.leases import due_ids, lease_claim
from somevakt.inbox.models import Item, ItemKind, Thread
from somevakt.moderation.models import DeletionRecord
from somevakt.organisation.models import Role
from somevakt.organisation.permissions import Action, Actor, has_role, require, user_of
from somevakt.policy.models import PolicyVersion
from somevakt.policy.selectors import policy_in_force
from somevakt.sources.models import Channel, ChannelType


class ArchiveError(Exception):
    """An archive step that cannot be taken; the message says why and what to do."""


class FourEyes(ArchiveError):
    pass


SYSTEM_NAME = "somevakt"
RETRY_PAUSES = (10, 30, 120, 600, 1800, 3600)  # seconds before the 2nd, 3rd, … attempt


def _name_of(actor: Actor) -> str:
    user = user_of(actor)
    if user is None:
        return SYSTEM_NAME
    return user.get_full_name() or user.get_username()


# --- classification (A1–A6) -------------------------------------------------------------


def _staff_ids(channel: Channel) -> set[str]:
    """Who writes for the municipality: the page itself and its employee members."""
    ids = {channel.external_id}
    ids |= set(
        channel.members.filter(is_employee=True)
        .exclude(platform_person_id="")
        .values_list("platform_person_id", flat=True)
    )
    return ids


def _by_municipality(item: Item, staff: set[str]) -> bool:
    return item.author is not None and item.author.platform_author_id in staff


def conversation_of(thread: Thread, policy: PolicyVersion) -> rules.Conversation:
    """The facts classification reads: who wrote what, and what screening found."""
    items = (
        thread.items.select_related("author")
        .prefetch_related("screenings")
        .order_by("published_at", "id")
    )
    messages = []
    staff = _staff_ids(thread.channel)
    private = False
    for item in items:
        screening = next((s for s in item.screenings.all() if s.is_current), None)
        private = private or item.kind == ItemKind.PRIVATE_MESSAGE
        messages.append(
            rules.Message(
                text=item.text,
                by_municipality=_by_municipality(item, staff),
                is_question=bool(screening and screening.is_question),
                needs_case_processing=bool(screening and screening.needs_case_processing),
            )
        )
    return rules.Conversation(
        channel_type=thread.channel.channel_type,
        platform=thread.platform,
        treatment=policy.policy.archive_rule_for(thread.channel.channel_type).value,
        messages=messages,
        is_private_message=private,
    )


def _as_fields(result: rules.Classification) -> dict:
    return {
        "unit_kind": result.unit_kind,
        "facts": result.facts,
        "rules": result.rules,
        "reasons": [{"rule": r.rule, "text": r.text} for r in result.reasons],
        "proposed_outcome": result.outcome,
        "outcome": result.outcome,
    }


def finished_threads(*, now: datetime.datetime | None = None, quiet_hours: int | None = None):
    """Threads quiet for the configured hours that have no decision yet, or whose proposal
    is older than their last activity (a new comment changes the facts)."""
    now = now or timezone.now()
    hours = settings.SOMEVAKT_ARCHIVE_QUIET_HOURS if quiet_hours is None else quiet_hours
    quiet = Thread.objects.filter(last_activity_at__lte=now - datetime.timedelta(hours=hours))
    return quiet.filter(
        Q(archive_decision__isnull=True)
        | Q(
            archive_decision__state=DecisionState.PROPOSED,
            archive_decision__proposed_at__lt=F("last_activity_at"),
        )
    ).select_related("channel")


@transaction.atomic
def threads_classify(
    *, now: datetime.datetime | None = None, quiet_hours: int | None = None, limit: int = 500
) -> list[ArchiveDecision]:
    """Propose an outcome for each finished conversation (a system step; the arkivar
    confirms). A confirmed decision is never changed here."""
    policy = policy_in_force()
    decisions = []
    for thread in finished_threads(now=now, quiet_hours=quiet_hours)[:limit]:
        fields = _as_fields(rules.classify(conversation_of(thread, policy)))
        decision, _created = ArchiveDecision.objects.update_or_create(
            thread=thread,
            defaults={**fields, "policy_version": policy, "proposed_at": timezone.now()},
        )
        decisions.append(decision)
    audit_record_many(
        actor=None,
        changes=[
            Change("archive.decision.propose", d, data={"outcome": d.proposed_outcome})
            for d in decisions
        ],
        policy_version=policy,
    )
    return decisions


@transaction.atomic
def deletions_classify() -> list[ArchiveDecision]:
    """A6: every deletion record gets a decision to journal it (always journaled)."""
    policy = policy_in_force()
    fields = _as_fields(rules.classify_deletion())
    records_ = DeletionRecord.objects.filter(archive_decision__isnull=True).order_by("pk")
    decisions = [
        ArchiveDecision.objects.create(deletion_record=record, policy_version=policy, **fields)
        for record in records_
    ]
    audit_record_many(
        actor=None,
        changes=[Change("archive.decision.propose", d, data={"rule": "A6"}) for d in decisions],
        policy_version=policy,
    )
    return decisions


# --- the arkivar's confirmation ---------------------------------------------------------


@transaction.atomic
def decision_confirm(
    *, actor: Actor, decision: ArchiveDecision, outcome: str | None = None, reason: str = ""
) -> ArchiveDecision:
    """Confirm somevakt's proposal, or override it with a reason, in one step. An
    archived outcome stores the documents; a journaled one also makes the journalpost
    and its arkivmelding delivery, in the same transaction."""
    require(actor, Action.CLASSIFY_ARCHIVE)
    decision = ArchiveDecision.objects.select_for_update().get(pk=decision.pk)
    if decision.state == DecisionState.CONFIRMED:
        raise ArchiveError(
            _("This decision was already confirmed by %(who)s on %(when)s.")
            % {
                "who": decision.confirmed_by or SYSTEM_NAME,
                "when": f"{decision.confirmed_at:%Y-%m-%d %H:%M}",
            }
        )
    chosen = outcome or decision.proposed_outcome
    if chosen not in Outcome.values:
        raise ArchiveError(
            _("'%(outcome)s' is not an outcome; choose one of: %(allowed)s.")
            % {"outcome": chosen, "allowed": ", ".join(Outcome.values)}
        )
    if chosen != decision.proposed_outcome:
        _check_override(actor, decision, chosen, reason)
    policy = policy_in_force()
    decision.outcome = chosen
    decision.state = DecisionState.CONFIRMED
    decision.confirmed_by = user_of(actor)
    decision.confirmed_at = timezone.now()
    decision.override_reason = reason.strip() if chosen != decision.proposed_outcome else ""
    decision.save()
    audit_record(
        actor=actor,
        action="archive.decision.confirm",
        target=decision,
        reason=decision.override_reason,
        data={"proposed": decision.proposed_outcome, "outcome": chosen},
        policy_version=policy,
    )
    if chosen != Outcome.NOT_ARCHIVED:
        from somevakt.archive.documents_store import documents_store

        documents = documents_store(decision=decision, created_by=_name_of(actor))
        if chosen == Outcome.JOURNALED:
            journalpost = _journalpost_create(decision, actor=actor, policy=policy)
            for document in documents:
                document.journalpost = journalpost
                document.save(update_fields=["journalpost"])
            _delivery_enqueue(journalpost)
    if decision.deletion_record_id:
        DeletionRecord.objects.filter(pk=decision.deletion_record_id).update(
            archived_at=decision.confirmed_at
        )
    return decision


def _check_override(actor: Actor, decision: ArchiveDecision, chosen: str, reason: str) -> None:
    if not reason.strip():
        raise ArchiveError(
            _("Say why you override the proposal; the reason is kept with the decision.")
        )
    if decision.unit_kind == UnitKind.DELETION and chosen != Outcome.JOURNALED:
        raise ArchiveError(
            _(
                "A6: every deletion is journaled with the feedback to its author; it cannot be "
                "left out of the journal."
            )
        )
    archives_less = rules.outcome_rank(chosen) < rules.outcome_rank(decision.proposed_outcome)
    if archives_less and not has_role(actor, Role.ARKIVAR):
        # Four eyes: the editor who speaks for the municipality does not alone decide that
        # its own communication stays out of the archive.
        raise FourEyes(
            _("Only the arkivar may archive less than proposed; ask the arkivar to decide.")
        )


# --- the Noark 5 structure and numbering ------------------------------------------------


def archive_structure(policy: PolicyVersion) -> Arkivdel:
    """The one arkiv with its arkivdel and klassifikasjonssystem, made on first use."""
    arkivdel = Arkivdel.objects.select_related("arkiv").order_by("pk").first()
    if arkivdel is not None:
        return arkivdel
    municipality = policy.policy.municipality.name
    arkiv = Arkiv.objects.create(
        tittel=f"{municipality} – sosiale medier", opprettet_av=SYSTEM_NAME
    )
    arkivdel = Arkivdel.objects.create(
        arkiv=arkiv, tittel="Henvendelser og innlegg i sosiale medier", opprettet_av=SYSTEM_NAME
    )
    Klassifikasjonssystem.objects.create(
        arkivdel=arkivdel, tittel="Kanaltyper i sosiale medier", opprettet_av=SYSTEM_NAME
    )
    return arkivdel


def _klasse(arkivdel: Arkivdel, channel_type: str) -> Klasse:
    klasse, _created = Klasse.objects.get_or_create(
        klassifikasjonssystem=arkivdel.klassifikasjonssystem,
        klasse_id=channel_type,
        defaults={"tittel": str(ChannelType(channel_type).label), "opprettet_av": SYSTEM_NAME},
    )
    return klasse


def next_number(kind: str, year: int) -> int:
    """The next number of a counter per year. The conditional UPDATE holds the row (and on
    SQLite the database) until the caller's transaction ends, so no number repeats."""
    Sequence.objects.get_or_create(kind=kind, year=year)
    Sequence.objects.filter(kind=kind, year=year).update(last=F("last") + 1)
    return Sequence.objects.get(kind=kind, year=year).last


def _saksmappe(channel: Channel, year: int, arkivdel: Arkivdel, actor: Actor) -> Saksmappe:
    found = Saksmappe.objects.filter(channel=channel, saksaar=year).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return Saksmappe.objects.create(
                arkivdel=arkivdel,
                klasse=_klasse(arkivdel, channel.channel_type),
                channel=channel,
                saksaar=year,
                sekvensnummer=next_number("saksmappe", year),
                tittel=f"Henvendelser og innlegg via {channel.name} {year}",
                saksdato=timezone.localdate(),
                administrativ_enhet=channel.unit.name,
                saksansvarlig=_name_of(actor),
                opprettet_av=_name_of(actor),
            )
    except IntegrityError:  # made by a concurrent confirmation
        return Saksmappe.objects.get(channel=channel, saksaar=year)


_FNR = re.compile(r"\b\d{6}\s?\d{5}\b")


Part = tuple[records.Korrespondanseparttype, str, bool]  # type, name, private person


def _title(decision: ArchiveDecision) -> tuple[str, Channel, datetime.datetime, list[Part]]:
    """Title, channel, document date and korrespondanseparter of a decision's unit."""
    record, thread = decision.deletion_record, decision.thread
    if record is not None:
        item = record.case.item
        author = record.content.get("author", {}).get("name") or _("unknown author")
        title = f"Sletting av innlegg på {item.channel.name} med tilbakemelding til forfatteren"
        return (
            title,
            item.channel,
            record.approved_at,
            [
                (records.Korrespondanseparttype.MOTTAKER, author, True),
                (records.Korrespondanseparttype.INTERN_AVSENDER, item.channel.unit.name, False),
            ],
        )
    if thread is None:
        raise ArchiveError(_("Decision %(number)s has no conversation.") % {"number": decision.pk})
    channel = thread.channel
    items = list(thread.items.select_related("author").order_by("published_at", "id"))
    staff = _staff_ids(channel)
    citizens = [i for i in items if not _by_municipality(i, staff)]
    whole = decision.unit_kind in (UnitKind.NET_MEETING, UnitKind.BLOG_POST)
    first = items[0] if whole else (citizens or items)[0]  # A3, A4: named by the post
    words = " ".join(first.text.split())
    excerpt = words[:80] + ("…" if len(words) > 80 else "")
    kinds = {UnitKind.NET_MEETING: "Nettmøte", UnitKind.BLOG_POST: "Blogginnlegg med kommentarer"}
    kind = kinds.get(UnitKind(decision.unit_kind), "Henvendelse")
    title = f"{kind} via {channel.name}: {excerpt}" if excerpt else f"{kind} via {channel.name}"
    parts: list[Part] = []
    if decision.unit_kind in (UnitKind.NET_MEETING, UnitKind.BLOG_POST):
        parts.append((records.Korrespondanseparttype.INTERN_AVSENDER, channel.unit.name, False))
        parts.append((records.Korrespondanseparttype.MOTTAKER, "Allmennheten", False))
    else:
        for name in dict.fromkeys(
            i.author.display_name or i.author.platform_author_id for i in citizens if i.author
        ):
            parts.append((records.Korrespondanseparttype.AVSENDER, name, True))
        parts.append((records.Korrespondanseparttype.INTERN_MOTTAKER, channel.unit.name, False))
    return title, channel, thread.last_activity_at, parts


def public_title(title: str, private_names: Iterable[str]) -> str:
    """The title as the public sees it: private persons' names and national identity
    numbers replaced by SKJERMET."""
    for name in sorted(set(private_names), key=len, reverse=True):
        if name.strip():
            title = re.sub(re.escape(name), records.SKJERMET, title, flags=re.IGNORECASE)
    return _FNR.sub(records.SKJERMET, title)


def _journalpost_create(
    decision: ArchiveDecision, *, actor: Actor, policy: PolicyVersion
) -> Journalpost:
    title, channel, dated, parts = _title(decision)
    now = timezone.now()
    year = timezone.localdate(now).year
    arkivdel = archive_structure(policy)
    saksmappe = _saksmappe(channel, year, arkivdel, actor)
    sequence = next_number("journalpost", year)
    saksmappe = Saksmappe.objects.select_for_update().get(pk=saksmappe.pk)
    in_case = (saksmappe.journalposter.aggregate(n=Max("journalpostnummer"))["n"] or 0) + 1
    outgoing = decision.unit_kind in (UnitKind.NET_MEETING, UnitKind.BLOG_POST, UnitKind.DELETION)
    journalpost = Journalpost.objects.create(
        saksmappe=saksmappe,
        decision=decision,
        thread=decision.thread,
        deletion_record=decision.deletion_record,
        journalaar=year,
        journalsekvensnummer=sequence,
        journalpostnummer=in_case,
        journalposttype=(
            records.Journalposttype.UTGAAENDE if outgoing else records.Journalposttype.INNGAAENDE
        ).value,
        journalstatus=records.Journalstatus.ARKIVERT.value,
        journaldato=timezone.localdate(now),
        dokumentets_dato=dated,
        tittel=title[:500],
        offentlig_tittel=public_title(title, [name for _t, name, private in parts if private])[
            :500
        ],
        opprettet_av=_name_of(actor),
        arkivert_av=_name_of(actor),
    )
    Korrespondansepart.objects.bulk_create(
        Korrespondansepart(
            journalpost=journalpost,
            korrespondanseparttype=kind.value,
            navn=name[:300],
            is_private_person=private,
            administrativ_enhet="" if private else channel.unit.name,
        )
        for kind, name, private in parts
    )
    audit_record(
        actor=actor,
        action="archive.journalpost.create",
        target=journalpost,
        data={"registreringsID": journalpost.registrerings_id, "mappeID": saksmappe.mappe_id},
        policy_version=policy,
    )
    return journalpost


# --- skjerming (offentleglova) ----------------------------------------------------------

SKJERMING_CHOICES = (
    ("13", "Offl. § 13 jf. fvl. § 13 første ledd nr. 1"),
    ("13", "Offl. § 13 jf. fvl. § 13 første ledd nr. 2"),
    ("14", "Offl. § 14"),
    ("15", "Offl. § 15"),
    ("23", "Offl. § 23 første ledd"),
    ("24", "Offl. § 24 andre ledd"),
    ("26", "Offl. § 26 femte ledd"),
)


@transaction.atomic
def journalpost_screen(
    *, actor: Actor, journalpost: Journalpost, hjemmel: str, words: Iterable[str] = ()
) -> Journalpost:
    """Screen a journalpost in the offentlig journal by the hjemmel the arkivar chooses:
    the title is shown with the exempt words replaced, the parties' names hidden. An
    empty hjemmel lifts the screening (names of private persons stay hidden)."""
    require(actor, Action.SCREEN_JOURNAL)
    journalpost = Journalpost.objects.select_for_update().get(pk=journalpost.pk)
    hjemmel = hjemmel.strip()
    codes = {text: code for code, text in SKJERMING_CHOICES}
    if hjemmel and hjemmel not in codes:
        raise ArchiveError(
            _("'%(hjemmel)s' is not a hjemmel somevakt knows; choose one of: %(allowed)s.")
            % {"hjemmel": hjemmel, "allowed": "; ".join(codes)}
        )
    before = (journalpost.skjermingshjemmel, journalpost.offentlig_tittel)
    private = journalpost.korrespondanseparter.filter(is_private_person=True)
    title = public_title(journalpost.tittel, private.values_list("navn", flat=True))
    exempt = [w.strip() for w in words if w.strip()]
    if hjemmel:
        title = public_title(title, exempt) if exempt else records.SKJERMET
    journalpost.skjermingshjemmel = hjemmel
    journalpost.tilgangsrestriksjon = codes.get(hjemmel, "")
    journalpost.skjerming_metadata = (
        [
            records.SkjermingMetadata.TITTEL_REGISTRERING.value,
            records.SkjermingMetadata.KORRESPONDANSEPART.value,
        ]
        if hjemmel
        else []
    )
    journalpost.offentlig_tittel = title[:500]
    journalpost.save()
    name = _name_of(actor)
    for field, old, new in (
        ("skjermingshjemmel", before[0], hjemmel),
        ("offentligTittel", before[1], journalpost.offentlig_tittel),
    ):
        if old != new:
            Endring.objects.create(
                journalpost=journalpost,
                referanse_metadata=field,
                endret_av=name,
                tidligere_verdi=old or "(tom)",  # Noark 5 allows no empty element
                ny_verdi=new or "(tom)",
            )
    audit_record(
        actor=actor,
        action="archive.journalpost.screen",
        target=journalpost,
        reason=hjemmel,
        data={"words": exempt},
    )
    return journalpost


# --- delivery of arkivmeldinger (the outbox) --------------------------------------------


def _deliver_after_commit(delivery: ArchiveDelivery, when: datetime.datetime | None = None):
    from somevakt.archive.tasks import delivery_deliver  # the task module imports this one

    task = delivery_deliver.using(run_after=when) if when else delivery_deliver
    transaction.on_commit(lambda: task.enqueue(delivery.pk))


def _delivery_enqueue(journalpost: Journalpost) -> ArchiveDelivery:
    """Stored in the journalpost's transaction; sent once that commits."""
    delivery = ArchiveDelivery.objects.create(
        key=f"journalpost-{journalpost.system_id}",
        journalpost=journalpost,
        transport=settings.SOMEVAKT_ARCHIVE_TRANSPORT,
    )
    _deliver_after_commit(delivery)
    return delivery


def delivery_claim(delivery_id: int, *, lease: datetime.timedelta) -> bool:
    """Take it if it is due (or its runner died); two workers never run it at once."""
    return lease_claim(ArchiveDelivery, delivery_id, lease=lease)


def delivery_due_ids(limit: int = 500) -> list[int]:
    return due_ids(ArchiveDelivery, limit)


@transaction.atomic
def delivery_sent(delivery_id: int, *, message: str) -> None:
    """Dropped into the folder; the archive writes its receipt later (receipts_collect)."""
    delivery = ArchiveDelivery.objects.select_for_update().get(pk=delivery_id)
    if delivery.state != DeliveryState.RUNNING:
        return
    delivery.state, delivery.message = DeliveryState.SENT, message
    delivery.attempts += 1
    delivery.last_error = ""
    delivery.save()


@transaction.atomic
def delivery_succeeded(delivery_id: int, *, message: str, kvittering: Kvittering) -> None:
    """The archive's receipt is stored with the archive's own journal number."""
    delivery = ArchiveDelivery.objects.select_for_update().get(pk=delivery_id)
    if delivery.state not in (DeliveryState.RUNNING, DeliveryState.SENT):
        return  # an earlier run finished it
    if delivery.state == DeliveryState.RUNNING:
        delivery.attempts += 1
    registrering = kvittering.registrering
    reference = (registrering.registrerings_id or "") if registrering else ""
    delivery.state, delivery.done_at = DeliveryState.DONE, timezone.now()
    delivery.message, delivery.receipt = message, kvittering.xml.decode()
    delivery.receipt_reference, delivery.last_error = reference, ""
    delivery.save()
    audit_record(
        actor=None,
        action="archive.delivery.done",
        target=delivery.journalpost,
        data={"reference": reference, "transport": delivery.transport},
    )


@transaction.atomic
def delivery_failed(
    delivery_id: int, error: str, *, retryable: bool, message: str = "", receipt: str = ""
) -> None:
    """Try again later with a growing pause; after the configured attempts (or a permanent
    error) the delivery waits as failed until the arkivar retries it. Nothing is lost."""
    delivery = ArchiveDelivery.objects.select_for_update().get(pk=delivery_id)
    if delivery.state not in (DeliveryState.RUNNING, DeliveryState.SENT):
        return
    if delivery.state == DeliveryState.RUNNING:
        delivery.attempts += 1
    delivery.last_error = error
    delivery.message = message or delivery.message
    delivery.receipt = receipt or delivery.receipt
    if retryable and delivery.attempts < settings.SOMEVAKT_ARCHIVE_ATTEMPTS:
        pause = RETRY_PAUSES[min(delivery.attempts, len(RETRY_PAUSES)) - 1]
        delivery.state = DeliveryState.PENDING
        delivery.next_attempt_at = timezone.now() + datetime.timedelta(seconds=pause)
        delivery.save()
        _deliver_after_commit(delivery, when=delivery.next_attempt_at)
        return
    delivery.state = DeliveryState.FAILED
    delivery.save()
    audit_record(
        actor=None, action="archive.delivery.failed", target=delivery.journalpost, reason=error
    )


@transaction.atomic
def delivery_retry(*, actor: Actor, delivery: ArchiveDelivery) -> ArchiveDelivery:
    require(actor, Action.EXPORT_ARCHIVE)
    delivery = ArchiveDelivery.objects.select_for_update().get(pk=delivery.pk)
    if delivery.state != DeliveryState.FAILED:
        raise ArchiveError(_("Only a failed delivery can be tried again."))
    delivery.state, delivery.attempts = DeliveryState.PENDING, 0
    delivery.next_attempt_at, delivery.last_error = timezone.now(), ""
    delivery.save()
    _deliver_after_commit(delivery)
    audit_record(actor=actor, action="archive.delivery.retry", target=delivery.journalpost)
    return delivery


# --- the arkivuttrekk ---------------------------------------------------------------------


def archive_export(
    *,
    actor: Actor,
    start: datetime.date,
    end: datetime.date,
    directory: Path,
    progress: Progress | None = None,
) -> ExportResult:
    """Write the Noark 5 deposit of the journalposter of [start, end] into `directory`,
    streaming from the database; a non-empty folder is refused."""
    from somevakt.archive.selectors import DatabaseSource

    require(actor, Action.EXPORT_ARCHIVE)
    if end < start:
        raise records.Noark5Error(
            f"The period ends ({end}) before it starts ({start}); swap --from and --to."
        )
    directory = Path(directory)
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise records.Noark5Error(
            f"{directory} is not an empty folder; choose a new or empty folder so that no "
            "earlier deposit is overwritten"
        )
    source = DatabaseSource(start=start, end=end)
    result = export_arkivuttrekk(
        directory,
        source,
        period_start=start,
        period_end=end,
        write_document=source.write_document,
        progress=progress,
    )
    audit_record(
        actor=actor,
        action="archive.export",
        target=Arkivdel.objects.get(system_id=source.arkivdel.system_id),
        data={
            "from": start.isoformat(),
            "to": end.isoformat(),
            "directory": str(directory),
            "journalposter": result.counts.registreringer,
        },
    )
    return result
