import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from somevakt.backup.services import BackupError, backup_write


class Command(BaseCommand):
    help = (
        "Write one backup file: the database (SQLite's online backup, or pg_dump's custom "
        "format), the archive documents and, in embedded mode, the field-encryption key, "
        "with a manifest (versions, rows per table, the audit chain's head, SHA-256 of "
        "every part). The file holds personal data and secrets: keep it encrypted."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the backup file to write (new)")

    def handle(self, *args, file: Path, **options) -> None:
        started = time.monotonic()
        try:
            manifest = backup_write(path=file)
        except BackupError as error:
            raise CommandError(str(error)) from error
        head = manifest["audit_head"]
        self.stdout.write(
            f"Wrote {file} ({file.stat().st_size:,} bytes) in {time.monotonic() - started:.1f} s: "
            f"{sum(manifest['counts'].values()):,} rows in {len(manifest['counts'])} tables, "
            f"{len(manifest['parts'])} parts, audit chain at #{head['sequence']} "
            f"{head['entry_hash'][:12]}."
        )
