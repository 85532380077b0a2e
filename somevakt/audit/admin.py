from django.contrib import admin

from somevakt.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: entries are appended by the services and never edited."""

    list_display = ["sequence", "recorded_at", "actor_name", "action", "target_label"]
    list_filter = ["action"]
    search_fields = ["target_label", "actor_name", "reason"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
