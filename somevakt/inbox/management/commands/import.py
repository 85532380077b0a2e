from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from somevakt.inbox.imports import FileFormat, ImportFileError
from somevakt.inbox.jsonl import EventFileError, check_event_file, read_event_file
from somevakt.inbox.services import UnknownChannel, file_import, items_ingest
from somevakt.sources.models import Channel

FORMATS = {
    "normalised": None,
    "net-meeting": "net meeting transcript, CSV or JSON by the file's ending (A3)",
    "group-posts": "posts of a closed or secret Facebook group, JSON lines",
}


class Command(BaseCommand):
    help = (
        "Import items from a file: the normalised JSON Lines format (default), a net meeting "
        "transcript (--format net-meeting, CSV or JSON) or a group's posts (--format "
        "group-posts). See the README for the formats."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", choices=sorted(FORMATS), default="normalised")
        parser.add_argument("--channel", help="the channel's short name (net meeting, group)")
        parser.add_argument(
            "--meeting", default="", help="the meeting's short name, e.g. budsjett-2026"
        )
        parser.add_argument("--title", default="", help="the meeting's title")

    def handle(self, *args, file: Path, format: str, **options) -> None:
        if format == "normalised":
            self._normalised(file)
            return
        channel = self._channel(options["channel"])
        if format == "net-meeting":
            kind = (
                FileFormat.NET_MEETING_JSON
                if file.suffix.lower() == ".json"
                else (FileFormat.NET_MEETING_CSV)
            )
            if not options["meeting"]:
                raise CommandError("--meeting is required: the meeting's short name", returncode=2)
        else:
            kind = FileFormat.GROUP_POSTS
        try:
            data = file.read_bytes()
        except FileNotFoundError:
            raise CommandError(f"{file}: no such file", returncode=2) from None
        try:
            summary = file_import(
                actor=None,
                channel=channel,
                file_format=kind,
                data=data,
                file_name=str(file),
                meeting=options["meeting"],
                title=options["title"],
            )
        except ImportFileError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stdout.write(
            f"{file}: {summary.events} events, {summary.items_created} new items, "
            f"{summary.versions_added} new versions"
        )

    def _channel(self, slug: str | None) -> Channel:
        if not slug:
            raise CommandError("--channel is required: the channel's short name", returncode=2)
        try:
            return Channel.objects.get(slug=slug)
        except Channel.DoesNotExist:
            raise CommandError(
                f"no channel '{slug}'; `manage.py channels list` shows the short names",
                returncode=2,
            ) from None

    def _normalised(self, file: Path) -> None:
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
