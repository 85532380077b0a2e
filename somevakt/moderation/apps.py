from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    """O2, O3, D3, G1 and A6 as a process: cases, hiding, four-eyes deletions and bans,
    feedback to authors, strikes, the deletion journal and the outbox to the platforms."""

    name = "somevakt.moderation"
    label = "moderation"
    verbose_name = _("Moderation")
