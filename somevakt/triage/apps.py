from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TriageConfig(AppConfig):
    """Screening results as stored: what the pure `somevakt.screening` found in each item
    version, under which policy version; the moderation queue and the answer clock read
    them from here."""

    name = "somevakt.triage"
    label = "triage"
    verbose_name = _("Screening")
