from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackupConfig(AppConfig):
    """Backup and restore of the whole installation: the database (SQLite or PostgreSQL)
    and the files under var/ that it cannot be read without, as one file with a manifest."""

    name = "somevakt.backup"
    label = "backup"
    verbose_name = _("Backup")
