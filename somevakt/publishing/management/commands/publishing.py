import time

from django.core.management.base import BaseCommand, CommandParser

from somevakt.publishing.services import target_due_ids
from somevakt.publishing.tasks import target_deliver


class Command(BaseCommand):
    help = "Publishing from the command line: hand every due post to the worker."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        outbox = commands.add_parser(
            "outbox",
            help="queue every post on a channel that is due (scheduled, retried, or whose "
            "worker died)",
        )
        outbox.add_argument("--follow", action="store_true", help="keep doing it")
        outbox.add_argument("--interval", type=float, default=5.0)

    def handle(self, *args, subcommand: str, **options) -> None:
        while True:
            due = target_due_ids()
            for target_id in due:
                target_deliver.enqueue(target_id)
            if due or not options["follow"]:
                self.stdout.write(f"queued {len(due)} due posts on channels")
            if not options["follow"]:
                return
            time.sleep(options["interval"])
