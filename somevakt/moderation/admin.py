from django.contrib import admin

from somevakt.core.admin import ReadOnlyAdmin
from somevakt.moderation.models import Ban, DeletionRecord, ModerationCase


@admin.register(ModerationCase)
class ModerationCaseAdmin(ReadOnlyAdmin):
    list_display = ["pk", "state", "severity", "opened_at", "proposed_by", "decided_by"]
    list_filter = ["state"]


@admin.register(Ban)
class BanAdmin(ReadOnlyAdmin):
    list_display = ["pk", "author", "state", "proposed_at", "decided_by"]
    list_filter = ["state"]


@admin.register(DeletionRecord)
class DeletionRecordAdmin(ReadOnlyAdmin):
    list_display = ["pk", "case", "approved_by", "approved_at", "executed_at"]
