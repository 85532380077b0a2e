from django.contrib import admin

from somevakt.audit.models import AuditEntry
from somevakt.core.admin import ReadOnlyAdmin


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["sequence", "recorded_at", "actor_name", "action", "target_label"]
    list_filter = ["action"]
    search_fields = ["target_label", "actor_name", "reason"]
