import threading

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from somevakt.connectors.base import PlatformError
from somevakt.connectors.models import ConnectedAccount
from somevakt.connectors.platforms.mastodon import MastodonConnector
from somevakt.connectors.services import account_poll_step, stream_changes_ingest


class Command(BaseCommand):
    help = (
        "Follow the streaming API of every connected Mastodon account, reconnecting with "
        "backoff and catching up by polling after each reconnect. Ctrl-C stops."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--read-timeout", type=float, default=90.0)

    def handle(self, *args, read_timeout: float, **options) -> None:
        stop = threading.Event()
        accounts = list(ConnectedAccount.objects.filter(platform="mastodon", is_active=True))
        if not accounts:
            self.stdout.write("no Mastodon account is connected")
            return
        threads = [
            threading.Thread(target=self._follow, args=(a.pk, stop, read_timeout), daemon=True)
            for a in accounts
        ]
        for thread in threads:
            thread.start()
        self.stdout.write(f"following {len(threads)} Mastodon streams")
        try:
            for thread in threads:
                thread.join()
        except KeyboardInterrupt:
            stop.set()

    def _follow(self, account_id: int, stop: threading.Event, read_timeout: float) -> None:
        account = ConnectedAccount.objects.get(pk=account_id)
        connector = MastodonConnector.for_account(account)

        def handle(changes):
            stream_changes_ingest(account=account, changes=changes)
            close_old_connections()

        def catch_up():
            fresh = ConnectedAccount.objects.get(pk=account_id)
            while account_poll_step(account=fresh):
                fresh.refresh_from_db()

        try:
            connector.stream(handle, stop=stop, catch_up=catch_up, read_timeout=read_timeout)
        except PlatformError as exc:
            self.stderr.write(f"{account}: {exc}")
