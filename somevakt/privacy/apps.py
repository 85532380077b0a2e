from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Personal data (GDPR): retention by the policy's [retention] table, legal holds, and
    the export of everything held about one author (innsyn, art. 15)."""

    name = "somevakt.privacy"
    label = "privacy"
    verbose_name = _("Personal data")
