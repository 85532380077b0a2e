import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from somevakt.connectors.platforms.fakes.demo import DemoPlatforms


class Command(BaseCommand):
    help = (
        "Run the local fakes of Instagram, YouTube, X, WordPress and Mastodon under one "
        "address (/instagram, /youtube, /x, /wordpress, /mastodon) for the demo."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8002)
        parser.add_argument("--log", type=Path, help="append every effect to this JSON-lines file")

    def handle(self, *args, port: int, log: Path | None, **options) -> None:
        server = DemoPlatforms(log).start(port)
        self.stdout.write(
            f"fake platforms on {server.url}/ (instagram, youtube, x, wordpress, mastodon)"
        )
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
        finally:
            server.stop()
