import time

from django.core.management.base import BaseCommand, CommandError, CommandParser

from somevakt.archive.services import deletions_classify, delivery_due_ids, threads_classify
from somevakt.archive.tasks import delivery_deliver, receipts_collect
from somevakt.policy.selectors import PolicyNotLoaded


class Command(BaseCommand):
    help = "Archive (A1–A6): propose outcomes for finished conversations; deliver journalposter."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        classify = commands.add_parser(
            "classify", help="propose an outcome for every finished conversation and deletion"
        )
        classify.add_argument(
            "--quiet-hours",
            type=int,
            default=None,
            help="hours without activity before a conversation counts as finished",
        )
        outbox = commands.add_parser(
            "outbox",
            help="queue every due arkivmelding (also those whose worker died); read receipts",
        )
        outbox.add_argument("--follow", action="store_true", help="keep doing it")
        outbox.add_argument("--interval", type=float, default=10.0)
        outbox.add_argument(
            "--classify", action="store_true", help="also propose outcomes each round"
        )

    def handle(self, *args, subcommand: str, **options) -> None:
        try:
            if subcommand == "classify":
                self._classify(options["quiet_hours"])
            else:
                self._outbox(options["follow"], options["interval"], options["classify"])
        except PolicyNotLoaded as error:
            raise CommandError(str(error)) from error

    def _classify(self, quiet_hours: int | None, *, always: bool = True) -> None:
        total = 0
        while batch := threads_classify(quiet_hours=quiet_hours):
            total += len(batch)
        deletions = deletions_classify()
        if always or total or deletions:
            self.stdout.write(
                f"Proposed an outcome for {total} conversations and {len(deletions)} "
                "deletions (A6)."
            )

    def _outbox(self, follow: bool, interval: float, classify: bool) -> None:
        while True:
            if classify:
                self._classify(None, always=False)
            due = delivery_due_ids()
            for delivery_id in due:
                delivery_deliver.enqueue(delivery_id)
            receipts = receipts_collect()
            if due or receipts or not follow:
                self.stdout.write(f"queued {len(due)} arkivmeldinger; {receipts} receipts read")
            if not follow:
                return
            time.sleep(interval)
