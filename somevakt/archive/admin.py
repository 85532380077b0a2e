"""Read-only: every archive change goes through the services (roles, four eyes, audit)."""

from django.contrib import admin

from somevakt.archive.models import ArchiveDecision, ArchiveDelivery, Journalpost, Saksmappe
from somevakt.core.admin import ReadOnlyAdmin


@admin.register(ArchiveDecision)
class ArchiveDecisionAdmin(ReadOnlyAdmin):
    list_display = ["pk", "unit_kind", "proposed_outcome", "outcome", "state", "confirmed_by"]
    list_filter = ["state", "unit_kind", "outcome"]


@admin.register(Saksmappe)
class SaksmappeAdmin(ReadOnlyAdmin):
    list_display = ["mappe_id", "tittel", "saksstatus", "administrativ_enhet"]


@admin.register(Journalpost)
class JournalpostAdmin(ReadOnlyAdmin):
    list_display = ["registrerings_id", "journaldato", "journalposttype", "tittel"]
    list_filter = ["journalposttype", "journalaar"]
    search_fields = ["tittel"]


@admin.register(ArchiveDelivery)
class ArchiveDeliveryAdmin(ReadOnlyAdmin):
    list_display = ["key", "state", "attempts", "receipt_reference", "done_at"]
    list_filter = ["state"]
