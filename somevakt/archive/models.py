"""The archive room: the classification of each conversation (A1–A6) and a Noark 5
structure inside somevakt (arkiv → arkivdel → klassifikasjonssystem → klasse → saksmappe
→ journalpost → dokumentbeskrivelse → dokumentobjekt), as Arkivverket's schemas name it."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from somevakt.archive.noark5 import records


def _user(verbose_name, related_name: str = "+") -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name=related_name,
    )


def _system_id() -> models.UUIDField:
    return models.UUIDField(_("systemID"), default=uuid.uuid4, unique=True, editable=False)


# --- classification (A1–A6) -------------------------------------------------------------


class Outcome(models.TextChoices):
    NOT_ARCHIVED = "not_archived", _("Not archived (simple communication)")
    ARCHIVED = "archived", _("Archived")
    JOURNALED = "journaled", _("Archived and journaled")


class UnitKind(models.TextChoices):
    """What the archival unit is; archive-docs renders each kind as one document."""

    INQUIRY = "inquiry", _("Inquiry and answer")  # A1
    THREAD = "thread", _("Conversation")  # A2 on other channels
    NET_MEETING = "net_meeting", _("Whole net meeting")  # A3
    BLOG_POST = "blog_post", _("Blog post with comments")  # A4
    DELETION = "deletion", _("Deletion with feedback to the author")  # A6


class DecisionState(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    CONFIRMED = "confirmed", _("Confirmed")


class ArchiveDecision(models.Model):
    """Whether one finished conversation (or one deletion, A6) is archived: the facts that
    decide, somevakt's proposal with reasons, and the arkivar's confirmation or override."""

    thread = models.OneToOneField(
        "inbox.Thread",
        verbose_name=_("conversation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="archive_decision",
    )
    deletion_record = models.OneToOneField(
        "moderation.DeletionRecord",
        verbose_name=_("deletion record"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="archive_decision",
    )
    unit_kind = models.CharField(_("unit"), max_length=15, choices=UnitKind.choices)
    state = models.CharField(
        _("state"), max_length=10, choices=DecisionState.choices, default=DecisionState.PROPOSED
    )
    # The facts: case_processing, documentation_value, simple_communication (booleans).
    facts = models.JSONField(_("facts"), default=dict)
    rules = models.JSONField(_("rules applied"), default=list)
    reasons = models.JSONField(_("reasons"), default=list)
    proposed_outcome = models.CharField(
        _("proposed outcome"), max_length=15, choices=Outcome.choices
    )
    outcome = models.CharField(_("outcome"), max_length=15, choices=Outcome.choices)
    policy_version = models.ForeignKey(
        "policy.PolicyVersion",
        verbose_name=_("policy version"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposed"), default=timezone.now)
    confirmed_by = _user(_("confirmed by"))
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    override_reason = models.TextField(_("reason for the override"), blank=True)

    class Meta:
        verbose_name = _("archive decision")
        verbose_name_plural = _("archive decisions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(thread__isnull=False) | models.Q(deletion_record__isnull=False),
                name="archive_decision_has_subject",
            ),
        ]
        indexes = [models.Index(fields=["state", "-proposed_at"])]

    def __str__(self) -> str:
        return f"{_('Decision')} {self.pk}: {self.get_outcome_display()}"

    @property
    def is_overridden(self) -> bool:
        return self.state == DecisionState.CONFIRMED and self.outcome != self.proposed_outcome


# --- the Noark 5 structure --------------------------------------------------------------


class Arkiv(models.Model):
    system_id = _system_id()
    tittel = models.CharField(_("title"), max_length=300)
    arkivstatus = models.CharField(_("status"), max_length=50, default="Opprettet")
    opprettet_dato = models.DateTimeField(_("created"), default=timezone.now)
    opprettet_av = models.CharField(_("created by"), max_length=200)

    class Meta:
        verbose_name = _("arkiv")
        verbose_name_plural = _("arkiv")

    def __str__(self) -> str:
        return self.tittel


class Arkivdel(models.Model):
    system_id = _system_id()
    arkiv = models.ForeignKey(Arkiv, on_delete=models.PROTECT, related_name="arkivdeler")
    tittel = models.CharField(_("title"), max_length=300)
    arkivdelstatus = models.CharField(_("status"), max_length=50, default="Aktiv periode")
    opprettet_dato = models.DateTimeField(_("created"), default=timezone.now)
    opprettet_av = models.CharField(_("created by"), max_length=200)

    class Meta:
        verbose_name = _("arkivdel")
        verbose_name_plural = _("arkivdeler")

    def __str__(self) -> str:
        return self.tittel


class Klassifikasjonssystem(models.Model):
    system_id = _system_id()
    arkivdel = models.OneToOneField(
        Arkivdel, on_delete=models.PROTECT, related_name="klassifikasjonssystem"
    )
    klassifikasjonstype = models.CharField(max_length=100, default="Emnebasert, ett nivå")
    tittel = models.CharField(_("title"), max_length=300)
    opprettet_dato = models.DateTimeField(_("created"), default=timezone.now)
    opprettet_av = models.CharField(_("created by"), max_length=200)

    class Meta:
        verbose_name = _("klassifikasjonssystem")
        verbose_name_plural = _("klassifikasjonssystemer")

    def __str__(self) -> str:
        return self.tittel


class Klasse(models.Model):
    system_id = _system_id()
    klassifikasjonssystem = models.ForeignKey(
        Klassifikasjonssystem, on_delete=models.PROTECT, related_name="klasser"
    )
    klasse_id = models.CharField(_("class id"), max_length=50)
    tittel = models.CharField(_("title"), max_length=300)
    opprettet_dato = models.DateTimeField(_("created"), default=timezone.now)
    opprettet_av = models.CharField(_("created by"), max_length=200)

    class Meta:
        verbose_name = _("klasse")
        verbose_name_plural = _("klasser")
        constraints = [
            models.UniqueConstraint(
                fields=["klassifikasjonssystem", "klasse_id"], name="klasse_unique_id"
            )
        ]

    def __str__(self) -> str:
        return f"{self.klasse_id} {self.tittel}"


class Sequence(models.Model):
    """A counter per kind and year (saksmappe, journalpost); taken with a conditional
    UPDATE inside the caller's transaction, so two writers never get the same number."""

    kind = models.CharField(max_length=20)
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "year"], name="archive_sequence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.year}: {self.last}"


class SaksmappeStatus(models.TextChoices):
    OPEN = "Under behandling", _("Under behandling")
    CLOSED = "Avsluttet", _("Avsluttet")


class Saksmappe(models.Model):
    """One case folder per channel and year: «Henvendelser via <kanal> <år>»."""

    system_id = _system_id()
    arkivdel = models.ForeignKey(Arkivdel, on_delete=models.PROTECT, related_name="saksmapper")
    klasse = models.ForeignKey(Klasse, on_delete=models.PROTECT, related_name="saksmapper")
    channel = models.ForeignKey(
        "sources.Channel", on_delete=models.PROTECT, related_name="saksmapper"
    )
    saksaar = models.PositiveIntegerField(_("case year"))
    sekvensnummer = models.PositiveIntegerField(_("sequence number"))
    tittel = models.CharField(_("title"), max_length=300)
    saksdato = models.DateField(_("case date"))
    administrativ_enhet = models.CharField(_("administrative unit"), max_length=200)
    saksansvarlig = models.CharField(_("case officer"), max_length=200)
    saksstatus = models.CharField(
        _("case status"),
        max_length=30,
        choices=SaksmappeStatus.choices,
        default=SaksmappeStatus.OPEN,
    )
    opprettet_dato = models.DateTimeField(_("created"), default=timezone.now)
    opprettet_av = models.CharField(_("created by"), max_length=200)
    avsluttet_dato = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("saksmappe")
        verbose_name_plural = _("saksmapper")
        constraints = [
            models.UniqueConstraint(fields=["saksaar", "sekvensnummer"], name="saksmappe_number"),
            models.UniqueConstraint(fields=["channel", "saksaar"], name="saksmappe_per_channel"),
        ]

    def __str__(self) -> str:
        return f"{self.mappe_id} {self.tittel}"

    @property
    def mappe_id(self) -> str:
        return f"{self.saksaar}/{self.sekvensnummer}"


class Journalpost(models.Model):
    """One journal entry; numbered per year (journalaar/journalsekvensnummer) and within
    its saksmappe (journalpostnummer)."""

    system_id = _system_id()
    saksmappe = models.ForeignKey(Saksmappe, on_delete=models.PROTECT, related_name="journalposter")
    decision = models.OneToOneField(
        ArchiveDecision, on_delete=models.PROTECT, related_name="journalpost"
    )
    thread = models.ForeignKey(
        "inbox.Thread", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    deletion_record = models.ForeignKey(
        "moderation.DeletionRecord",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    journalaar = models.PositiveIntegerField(_("journal year"))
    journalsekvensnummer = models.PositiveIntegerField(_("journal sequence number"))
    journalpostnummer = models.PositiveIntegerField(_("number in the case"))
    journalposttype = models.CharField(
        _("journalpost type"),
        max_length=50,
        choices=[(t.value, t.value) for t in records.Journalposttype],
    )
    journalstatus = models.CharField(_("journal status"), max_length=30, default="Arkivert")
    journaldato = models.DateField(_("journal date"))
    dokumentets_dato = models.DateTimeField(_("document date"))
    tittel = models.CharField(_("title"), max_length=500)
    # The title with private persons' names and exempt words screened, for the public.
    offentlig_tittel = models.CharField(_("public title"), max_length=500)
    # Skjerming: the hjemmel the arkivar chose ("Offl. § 13 jf. fvl. § 13"), or empty.
    tilgangsrestriksjon = models.CharField(_("access restriction"), max_length=50, blank=True)
    skjermingshjemmel = models.CharField(_("legal basis for screening"), max_length=200, blank=True)
    skjerming_metadata = models.JSONField(_("screened metadata"), default=list, blank=True)
    opprettet_dato = models.DateTimeField(_("created"), default=timezone.now)
    opprettet_av = models.CharField(_("created by"), max_length=200)
    arkivert_dato = models.DateTimeField(_("archived"), default=timezone.now)
    arkivert_av = models.CharField(_("archived by"), max_length=200)

    class Meta:
        ordering = ["journalaar", "journalsekvensnummer"]
        verbose_name = _("journalpost")
        verbose_name_plural = _("journalposter")
        constraints = [
            models.UniqueConstraint(
                fields=["journalaar", "journalsekvensnummer"], name="journalpost_number"
            ),
            models.UniqueConstraint(
                fields=["saksmappe", "journalpostnummer"], name="journalpost_number_in_case"
            ),
        ]
        indexes = [models.Index(fields=["journaldato"])]

    def __str__(self) -> str:
        return f"{self.registrerings_id} {self.tittel}"

    @property
    def registrerings_id(self) -> str:
        return f"{self.journalaar}/{self.journalsekvensnummer}"

    @property
    def is_screened(self) -> bool:
        return bool(self.skjermingshjemmel)


class Korrespondansepart(models.Model):
    system_id = _system_id()
    journalpost = models.ForeignKey(
        Journalpost, on_delete=models.CASCADE, related_name="korrespondanseparter"
    )
    korrespondanseparttype = models.CharField(
        _("type"),
        max_length=30,
        choices=[(t.value, t.value) for t in records.Korrespondanseparttype],
    )
    navn = models.CharField(_("name"), max_length=300)
    # offentleglova § 26 femte ledd: a private person's name is screened in the public list.
    is_private_person = models.BooleanField(_("private person"), default=False)
    administrativ_enhet = models.CharField(_("administrative unit"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("korrespondansepart")
        verbose_name_plural = _("korrespondanseparter")

    def __str__(self) -> str:
        return f"{self.korrespondanseparttype}: {self.navn}"


class Dokumentbeskrivelse(models.Model):
    """A document of an archived unit; tied to its journalpost once journaled (an archived
    but not journaled unit keeps its documents in somevakt's archive only)."""

    system_id = _system_id()
    decision = models.ForeignKey(
        ArchiveDecision, on_delete=models.PROTECT, related_name="dokumentbeskrivelser"
    )
    journalpost = models.ForeignKey(
        Journalpost,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dokumentbeskrivelser",
    )
    dokumentnummer = models.PositiveIntegerField(_("document number"))
    dokumenttype = models.CharField(
        _("document type"), max_length=50, default="Henvendelse i sosiale medier"
    )
    dokumentstatus = models.CharField(
        _("document status"), max_length=50, default="Dokumentet er ferdigstilt"
    )
    tittel = models.CharField(_("title"), max_length=500)
    tilknyttet_registrering_som = models.CharField(max_length=30, default="Hoveddokument")
    opprettet_dato = models.DateTimeField(_("created"), default=timezone.now)
    opprettet_av = models.CharField(_("created by"), max_length=200)

    class Meta:
        ordering = ["dokumentnummer"]
        verbose_name = _("dokumentbeskrivelse")
        verbose_name_plural = _("dokumentbeskrivelser")

    def __str__(self) -> str:
        return self.tittel


class Dokumentobjekt(models.Model):
    """One stored file of a document, with the checksum Arkade compares to the file."""

    system_id = _system_id()
    dokumentbeskrivelse = models.ForeignKey(
        Dokumentbeskrivelse, on_delete=models.CASCADE, related_name="dokumentobjekter"
    )
    versjonsnummer = models.PositiveIntegerField(default=1)
    variantformat = models.CharField(max_length=50, default="Arkivformat")
    format = models.CharField(_("format (PRONOM)"), max_length=30)
    mime_type = models.CharField(max_length=100)
    # Relative to settings.SOMEVAKT_ARCHIVE_DIR.
    path = models.CharField(_("file"), max_length=500)
    sjekksum = models.CharField(_("SHA-256"), max_length=64)
    filstoerrelse = models.PositiveBigIntegerField(_("size in bytes"))
    opprettet_dato = models.DateTimeField(_("created"), default=timezone.now)
    opprettet_av = models.CharField(_("created by"), max_length=200)

    class Meta:
        verbose_name = _("dokumentobjekt")
        verbose_name_plural = _("dokumentobjekter")

    def __str__(self) -> str:
        return self.path


class Endring(models.Model):
    """One entry of the change log (endringslogg.xml): a changed metadata value."""

    system_id = _system_id()
    journalpost = models.ForeignKey(Journalpost, on_delete=models.CASCADE, related_name="endringer")
    referanse_metadata = models.CharField(max_length=100)
    endret_dato = models.DateTimeField(default=timezone.now)
    endret_av = models.CharField(max_length=200)
    tidligere_verdi = models.TextField(blank=True)
    ny_verdi = models.TextField(blank=True)

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("changes")

    def __str__(self) -> str:
        return f"{self.journalpost}: {self.referanse_metadata}"


# --- delivery to the municipality's archive system --------------------------------------


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    SENT = "sent", _("Sent, waiting for the receipt")
    DONE = "done", _("Delivered")
    FAILED = "failed", _("Failed")


class ArchiveDelivery(models.Model):
    """One arkivmelding (per journalpost), stored with the journalpost's transaction and
    delivered by a worker; a lease lets a sweeper take over when the worker dies."""

    key = models.CharField(_("idempotency key"), max_length=100, unique=True)
    journalpost = models.ForeignKey(
        Journalpost, on_delete=models.PROTECT, related_name="deliveries"
    )
    transport = models.CharField(_("transport"), max_length=20)
    state = models.CharField(
        _("state"), max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    lease_until = models.DateTimeField(null=True, blank=True)
    message = models.TextField(_("arkivmelding"), blank=True)
    receipt = models.TextField(_("receipt (kvittering)"), blank=True)
    receipt_reference = models.CharField(_("archive's reference"), max_length=200, blank=True)
    last_error = models.TextField(_("archive's message"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("archive delivery")
        verbose_name_plural = _("archive deliveries")
        indexes = [
            models.Index(fields=["state", "next_attempt_at"]),
            models.Index(fields=["state", "lease_until"]),
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.state})"
