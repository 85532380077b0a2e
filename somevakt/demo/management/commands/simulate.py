import datetime
import time

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from somevakt.demo.setup import DEMO_CHANNELS
from somevakt.demo.simulator import TrafficSimulator, demo_events
from somevakt.inbox.services import items_ingest
from somevakt.inbox.tasks import ingest_item_events
from somevakt.sources.models import Channel


class Command(BaseCommand):
    help = "Generate demo traffic on the demo channels, through the ingestion service."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--count", type=int, default=1000, help="events to generate")
        parser.add_argument(
            "--follow", action="store_true", help="keep going until Ctrl-C, through the worker"
        )
        parser.add_argument("--rate", type=float, default=0.5, help="events per second (--follow)")
        parser.add_argument(
            "--start", type=datetime.datetime.fromisoformat, help="first instant (ISO 8601)"
        )

    def handle(self, *args, seed, count, follow, rate, start, **options) -> None:
        known = set(Channel.objects.filter(is_demo=True).values_list("external_id", flat=True))
        if not {channel.external_id for channel in DEMO_CHANNELS} <= known:
            raise CommandError(
                "The demo channels are not registered; run `manage.py demo setup` first.",
                returncode=2,
            )
        if start is not None and timezone.is_naive(start):
            raise CommandError("--start needs a time zone, e.g. 2026-11-23T08:00:00+01:00")
        if rate <= 0:
            raise CommandError("--rate must be above 0 events per second")
        if follow:
            self._follow(seed=seed, rate=rate)
            return
        summary = items_ingest(events=demo_events(count=count, seed=seed, start=start))
        self.stdout.write(
            f"{summary.events} events, {summary.items_created} new items, "
            f"{summary.versions_added} new versions"
        )

    def _follow(self, *, seed: int, rate: float) -> None:
        now = timezone.now()
        simulator = TrafficSimulator(
            seed=seed + int(now.timestamp()),
            start=now,
            channels=DEMO_CHANNELS,
            id_prefix=f"live{int(now.timestamp())}-",
        )
        interval = max(1.0, 1 / rate)
        self.stdout.write(
            f"Demo traffic: about {rate:g} events/s through the worker; Ctrl-C stops."
        )
        try:
            while True:
                simulator.clock = timezone.now()
                size = max(1, round(rate * interval))
                gap = datetime.timedelta(seconds=interval / size)
                batch = [e.model_dump(mode="json") for e in simulator.events(size, mean_gap=gap)]
                ingest_item_events.enqueue(events=batch)
                time.sleep(interval)
        except KeyboardInterrupt:
            self.stdout.write("Demo traffic stopped.")
