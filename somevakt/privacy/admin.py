from django.contrib import admin

from somevakt.core.admin import ReadOnlyAdmin
from somevakt.privacy.models import LegalHold, RetentionRun


@admin.register(RetentionRun)
class RetentionRunAdmin(ReadOnlyAdmin):
    list_display = ["started_at", "finished_at", "counts", "policy_version"]


@admin.register(LegalHold)
class LegalHoldAdmin(ReadOnlyAdmin):
    # Placed and released with `manage.py retention --hold-…`, which writes the audit entry.
    list_display = ["placed_at", "thread", "author", "reason", "released_at"]
    list_filter = ["released_at"]
