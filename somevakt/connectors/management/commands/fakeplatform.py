from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from somevakt.connectors.fakeplatform import FakePlatform, serve


class Command(BaseCommand):
    help = "Run the local fake platform that moderation actions go to until a connector is set up."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8001)
        parser.add_argument("--log", type=Path, help="append every effect to this JSON-lines file")

    def handle(self, *args, port: int, log: Path | None, **options) -> None:
        server = serve(FakePlatform(log), port=port)
        self.stdout.write(f"fake platform on http://127.0.0.1:{server.server_address[1]}/")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
