"""The Django admin for the channel registry; every save goes through the services."""

from django.contrib import admin
from django.db import models

from somevakt.organisation.admin import RegistryPermissions
from somevakt.sources.models import Channel, ChannelMember
from somevakt.sources.services import channel_member_save, channel_save


class ChannelMemberInline(RegistryPermissions, admin.TabularInline):
    model = ChannelMember
    fields = ["role", "user", "person_name", "platform_person_id", "is_employee", "since", "until"]
    extra = 0


@admin.register(Channel)
class ChannelAdmin(RegistryPermissions, admin.ModelAdmin):
    list_display = [
        "name",
        "channel_type",
        "platform",
        "unit",
        "active_from",
        "active_until",
        "is_demo",
    ]
    list_filter = ["channel_type", "platform", "unit", "is_demo"]
    search_fields = ["name", "slug", "external_id"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ChannelMemberInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_model(self, request, obj, form, change) -> None:
        channel_save(actor=request.user, channel=obj)

    def save_formset(self, request, form, formset, change) -> None:
        for member in formset.save(commit=False):
            channel_member_save(actor=request.user, member=member)
