from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records only services may write (audit, moderation): viewable, never edited,
    so that the admin site cannot step around their checks."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
