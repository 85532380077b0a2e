from django.contrib import admin

from somevakt.moderation.models import Ban, DeletionRecord, ModerationCase


class _ReadOnly(admin.ModelAdmin):
    """Moderation is changed only through its services (four eyes, audit, outbox)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ModerationCase)
class ModerationCaseAdmin(_ReadOnly):
    list_display = ["pk", "state", "severity", "opened_at", "proposed_by", "decided_by"]
    list_filter = ["state"]


@admin.register(Ban)
class BanAdmin(_ReadOnly):
    list_display = ["pk", "author", "state", "proposed_at", "decided_by"]
    list_filter = ["state"]


@admin.register(DeletionRecord)
class DeletionRecordAdmin(_ReadOnly):
    list_display = ["pk", "case", "approved_by", "approved_at", "executed_at"]
