from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from somevakt.inbox.jsonl import EventFileError, check_event_file, read_event_file
from somevakt.inbox.services import UnknownChannel, items_ingest


class Command(BaseCommand):
    help = "Import items from a JSON Lines file in the normalised format (see README)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options) -> None:
        try:
            count = check_event_file(file)
            with transaction.atomic():  # the whole file or nothing, e.g. on an unknown channel
                summary = items_ingest(events=read_event_file(file))
        except (EventFileError, UnknownChannel) as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stdout.write(
            f"{file}: {count} events, {summary.items_created} new items, "
            f"{summary.versions_added} new versions"
        )
