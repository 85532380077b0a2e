from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeadlinesConfig(AppConfig):
    """Answer deadlines in working time (O4, O5, L2), crisis mode (K1), reminders and the
    figures on time to first answer. The calendar and the due-time rules are pure Python
    (`calendar.py`, `clock.py`); everything stored goes through `services.py`."""

    name = "somevakt.deadlines"
    label = "deadlines"
    verbose_name = _("Answer deadlines")
