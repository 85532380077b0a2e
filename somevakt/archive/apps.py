from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    """A1–A6 as a process: classify finished conversations, journal them in a Noark 5
    structure, deliver arkivmeldinger, export the arkivuttrekk, keep the offentlig journal."""

    name = "somevakt.archive"
    label = "archive"
    verbose_name = _("Archive")
