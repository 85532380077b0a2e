import time

from cryptography.fernet import Fernet
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from somevakt.connectors.models import ConnectedAccount
from somevakt.connectors.services import webhook_deliveries_process


class Command(BaseCommand):
    help = "Platform connections: ingest received webhooks, make and rotate encryption keys."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        ingest = commands.add_parser("ingest", help="turn received webhook deliveries into items")
        ingest.add_argument("--follow", action="store_true", help="keep doing it")
        ingest.add_argument("--interval", type=float, default=0.5)
        commands.add_parser("new-key", help="print a new key for SOMEVAKT_FIELD_KEY")
        commands.add_parser(
            "rotate-keys", help="re-encrypt every stored secret with the first SOMEVAKT_FIELD_KEY"
        )

    def handle(self, *args, subcommand: str, **options) -> None:
        if subcommand == "ingest":
            self._ingest(options["follow"], options["interval"])
        elif subcommand == "new-key":
            self.stdout.write(Fernet.generate_key().decode())
        else:
            self._rotate()

    def _ingest(self, follow: bool, interval: float) -> None:
        while True:
            done = 0
            while count := webhook_deliveries_process():
                done += count
            if done or not follow:
                self.stdout.write(f"ingested {done} webhook deliveries")
            if not follow:
                return
            time.sleep(interval)

    @transaction.atomic
    def _rotate(self) -> None:
        # Loading decrypts with any of the keys; saving encrypts with the first.
        count = 0
        for account in ConnectedAccount.objects.select_for_update():
            account.save(update_fields=["access_token", "app_secret", "verify_token"])
            count += 1
        self.stdout.write(f"re-encrypted the secrets of {count} accounts")
