import sys
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from somevakt.inbox.models import Author
from somevakt.privacy.export import export_json, export_pdf
from somevakt.privacy.services import author_export


class Command(BaseCommand):
    help = (
        "Everything held about one person (innsyn, GDPR art. 15) as JSON or PDF. Name their "
        "author records as PLATFORM:ID (e.g. facebook:5551), one per platform they wrote on. "
        "The export is recorded in the audit trail."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("authors", nargs="+", metavar="PLATFORM:ID")
        parser.add_argument("--format", choices=["json", "pdf"], default="json")
        parser.add_argument("--output", metavar="FILE", help="where to write; - for stdout")

    def handle(self, *args, authors: list[str], **options) -> None:
        records = []
        for name in authors:
            platform, _, platform_id = name.partition(":")
            author = Author.objects.filter(
                platform=platform, platform_author_id=platform_id
            ).first()
            if not platform_id or author is None:
                raise CommandError(
                    f"{name}: no author with that platform and id. Fix: write PLATFORM:ID as "
                    "the inbox shows it, e.g. facebook:5551."
                )
            records.append(author)
        try:
            data = author_export(actor=None, authors=records, export_format=options["format"])
        except (PermissionDenied, ValueError) as error:
            raise CommandError(str(error)) from error
        content = export_json(data) if options["format"] == "json" else export_pdf(data)
        output = options["output"] or "-"
        if output == "-":
            sys.stdout.buffer.write(content)
            return
        path = Path(output)
        if not path.parent.is_dir():
            raise CommandError(f"--output {output}: the folder {path.parent} does not exist.")
        path.write_bytes(content)
        self.stdout.write(f"Wrote {path} ({len(content):,} bytes, {len(data['items'])} items).")
