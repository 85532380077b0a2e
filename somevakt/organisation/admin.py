from django.contrib import admin
from django.http import HttpRequest

from somevakt.organisation.models import Unit
from somevakt.organisation.permissions import Action, can
from somevakt.organisation.services import unit_save


class RegistryPermissions:
    """Only the informasjonsansvarlig (MANAGE_CHANNELS) may use it; nothing is deleted."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return can(request.user, Action.MANAGE_CHANNELS)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return can(request.user, Action.MANAGE_CHANNELS)

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return can(request.user, Action.MANAGE_CHANNELS)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return can(request.user, Action.MANAGE_CHANNELS)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # channels end with active_until, memberships with until


@admin.register(Unit)
class UnitAdmin(RegistryPermissions, admin.ModelAdmin):
    list_display = ["name", "is_demo"]
    search_fields = ["name"]

    def save_model(self, request, obj, form, change) -> None:
        unit_save(actor=request.user, unit=obj)
