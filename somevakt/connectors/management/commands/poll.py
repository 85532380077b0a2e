import datetime
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from somevakt.connectors.services import accounts_insights_due, accounts_poll_due


class Command(BaseCommand):
    help = (
        "Poll the connected accounts of platforms that do not push (YouTube, X, WordPress, "
        "Mastodon) for what is new, and once a day every account's insights (Facebook); "
        "throttled accounts wait for the time the platform named."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--follow", action="store_true", help="keep polling")
        parser.add_argument(
            "--interval",
            type=float,
            default=settings.SOMEVAKT_POLL_INTERVAL_SECONDS,
            help="seconds between polls of one account",
        )

    def handle(self, *args, follow: bool, interval: float, **options) -> None:
        every = datetime.timedelta(seconds=interval)
        while True:
            pages = accounts_poll_due(interval=every if follow else datetime.timedelta(0))
            days = accounts_insights_due()
            if pages or not follow:
                self.stdout.write(f"polled {pages} pages")
            if days:
                self.stdout.write(f"recorded insights for {days} days")
            if not follow:
                return
            time.sleep(min(interval, 5.0))
