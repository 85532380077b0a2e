import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from somevakt.connectors.fakeplatform import FakePlatform, facebook_webhook_fixtures, push, serve

DEMO_PAGE = "183962431636529"  # the demo's main page (demo/setup.py)


class Command(BaseCommand):
    help = (
        "Run the local fake Facebook Graph platform: moderation actions and history go "
        "there while no account is connected."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8001)
        parser.add_argument("--log", type=Path, help="append every effect to this JSON-lines file")
        parser.add_argument(
            "--page", default=DEMO_PAGE, help="page id whose posts and comments it serves"
        )
        parser.add_argument("--token", default="", help="access token it demands (default none)")
        parser.add_argument(
            "--push-to",
            metavar="URL",
            help="instead of serving: push every documented webhook for --page to this "
            "webhook address, signed with --app-secret, and stop",
        )
        parser.add_argument("--app-secret", default="", help="the app secret to sign with")

    def handle(self, *args, port: int, log: Path | None, page: str, token: str, **options) -> None:
        if options["push_to"]:
            for name, body in facebook_webhook_fixtures().items():
                # The documented page's ids, moved to the demo page.
                text = json.dumps(body).replace("1234567890321", page)
                status, answer = push(
                    options["push_to"], text.encode(), secret=options["app_secret"]
                )
                self.stdout.write(f"{name}: {status} {answer[:80]}")
            return
        server = serve(FakePlatform(log, page_id=page, token=token), port=port)
        self.stdout.write(f"fake platform on http://127.0.0.1:{server.server_address[1]}/")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
