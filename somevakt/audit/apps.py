from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """The audit trail: every state change in moderation, policy and channel configuration,
    appended to a log whose entries are chained by SHA-256 so that a changed or removed
    row is found by `manage.py audit verify`."""

    name = "somevakt.audit"
    label = "audit"
    verbose_name = _("Audit trail")
