from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    """O1, O4, K1: the municipality's own posts, written, reviewed by the editor where the
    policy says so, scheduled and published through the connectors; and the public mirror
    of them on a universally designed page and feed."""

    name = "somevakt.publishing"
    label = "publishing"
    verbose_name = _("Publishing")
