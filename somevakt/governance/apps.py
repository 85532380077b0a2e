from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    """Channel governance: is every local page, closed group and secret group run as the
    policy says (L2, L3, L4, G2, S1, S2)? One check per rule in `checks.py`, named by its
    rule id; the compliance page and `manage.py compliance` show what they find."""

    name = "somevakt.governance"
    label = "governance"
    verbose_name = _("Channel governance")
