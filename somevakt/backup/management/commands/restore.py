import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from somevakt.backup.services import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup file into the configured database and archive folder. Every part "
        "is checked against the manifest's SHA-256 first; a target that is not empty is "
        "refused unless --force. Afterwards the rows per table and the audit chain's head "
        "must equal the backup's. Stop web, workers and schedulers before, start them after."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the backup file")
        parser.add_argument("--force", action="store_true", help="replace what is there")

    def handle(self, *args, file: Path, force: bool, **options) -> None:
        started = time.monotonic()
        try:
            result = backup_restore(path=file, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        head = result.manifest["audit_head"]
        self.stdout.write(
            f"Restored {file} in {time.monotonic() - started:.1f} s: {result.rows:,} rows in "
            f"{result.tables} tables as in the backup, audit chain verified up to "
            f"#{head['sequence']} {head['entry_hash'][:12]}."
        )
