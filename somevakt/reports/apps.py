from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Whether the policy's goals are met (reach, dialogue, answer times, moderation by
    rule, compliance, K1 in a crisis): figures, charts, the weekly PDF and exports."""

    name = "somevakt.reports"
    label = "reports"
    verbose_name = _("Reports")
