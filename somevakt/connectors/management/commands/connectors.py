import time

from cryptography.fernet import Fernet
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections, transaction

from somevakt.connectors.models import ConnectedAccount
from somevakt.connectors.services import PASSING_ERRORS, webhook_deliveries_process


class Command(BaseCommand):
    help = "Platform connections: ingest received webhooks, make and rotate encryption keys."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        ingest = commands.add_parser(
            "ingest",
            help="turn received webhook deliveries into items (those no worker has taken; "
            "with --follow, the sweeper for deliveries whose task was lost)",
        )
        ingest.add_argument("--follow", action="store_true", help="keep doing it")
        ingest.add_argument("--interval", type=float, default=0.5)
        ingest.add_argument(
            "--after",
            type=float,
            default=0,
            help="only deliveries received at least this many seconds ago (leave the "
            "fresh ones to the workers their tasks went to)",
        )
        commands.add_parser("new-key", help="print a new key for SOMEVAKT_FIELD_KEY")
        commands.add_parser(
            "rotate-keys", help="re-encrypt every stored secret with the first SOMEVAKT_FIELD_KEY"
        )

    def handle(self, *args, subcommand: str, **options) -> None:
        if subcommand == "ingest":
            self._ingest(options["follow"], options["interval"], options["after"])
        elif subcommand == "new-key":
            self.stdout.write(Fernet.generate_key().decode())
        else:
            self._rotate()

    def _ingest(self, follow: bool, interval: float, after: float) -> None:
        while True:
            done = 0
            try:
                while count := webhook_deliveries_process(older_than=after):
                    done += count
            except PASSING_ERRORS as exc:
                if not follow:
                    raise
                # The database is away (restart, failover): keep sweeping once it is back.
                self.stderr.write(f"database unavailable, trying again: {exc}")
            finally:
                close_old_connections()
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
