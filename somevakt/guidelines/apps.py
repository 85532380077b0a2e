from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidelinesConfig(AppConfig):
    """The employees' guidelines («Pass på»-plakaten, P1–P10): shown in the product and
    acknowledged by every employee with a role, version by version."""

    name = "somevakt.guidelines"
    label = "guidelines"
    verbose_name = _("Employees' guidelines")
