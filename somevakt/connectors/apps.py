from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConnectorsConfig(AppConfig):
    """How somevakt acts on the platforms: what each platform supports, and the client that
    carries out hides, deletions, bans and replies."""

    name = "somevakt.connectors"
    label = "connectors"
    verbose_name = _("Connectors")
