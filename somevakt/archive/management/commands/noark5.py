import datetime
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from somevakt.archive.noark5.records import Noark5Error
from somevakt.archive.services import archive_export


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a date; write it as YYYY-MM-DD.") from None


class Command(BaseCommand):
    help = "Noark 5: write an arkivuttrekk (deposit) of the journalposter of a period."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        export = commands.add_parser(
            "export", help="write arkivstruktur.xml and friends, the schemas and the documents"
        )
        export.add_argument("--from", dest="start", required=True, help="first journal date")
        export.add_argument("--to", dest="end", required=True, help="last journal date")
        export.add_argument("directory", help="a new or empty folder")
        export.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args, subcommand: str, **options) -> None:
        start, end = _date(options["start"]), _date(options["end"])
        directory = Path(options["directory"])
        bars: dict[str, tqdm] = {}

        def progress(stage: str, done: int, total: int) -> None:
            bar = bars.get(stage)
            if bar is None:
                for earlier in bars.values():
                    earlier.close()  # one stage after the other, one bar each
                bar = bars[stage] = tqdm(
                    total=total, desc=stage, unit="jp", file=self.stderr._out, leave=True
                )
            bar.update(done - bar.n)

        try:
            result = archive_export(
                actor=None,
                start=start,
                end=end,
                directory=directory,
                progress=None if options["quiet"] else progress,
            )
        except (Noark5Error, PermissionDenied) as error:
            raise CommandError(f"Nothing exported: {error}") from error
        finally:
            for bar in bars.values():
                bar.close()
        counts = result.counts
        self.stdout.write(
            f"Wrote {directory}: {counts.mapper} saksmapper, {counts.registreringer} "
            f"journalposter, {counts.dokumentfiler} document files, {counts.endringer} "
            f"changes, {len(counts.files)} files with SHA-256 in arkivuttrekk.xml."
        )
