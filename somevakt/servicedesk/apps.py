from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServiceDeskConfig(AppConfig):
    """The service desk (servicekontoret): items staff tag as useful for it, its own list
    of them, and answer templates for frequent questions that admins reuse (L3)."""

    name = "somevakt.servicedesk"
    label = "servicedesk"
    verbose_name = _("Service desk")
