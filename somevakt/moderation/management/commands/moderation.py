import time

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from somevakt.moderation.models import ModerationCase
from somevakt.moderation.services import ModerationError, case_approve, outbox_due_ids
from somevakt.moderation.tasks import outbox_deliver


class Command(BaseCommand):
    help = "Moderation from the command line: deliver due platform actions, approve as a user."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        outbox = commands.add_parser(
            "outbox", help="queue every due platform action (also those whose worker died)"
        )
        outbox.add_argument("--follow", action="store_true", help="keep doing it")
        outbox.add_argument("--interval", type=float, default=5.0)
        approve = commands.add_parser(
            "approve", help="approve a proposed deletion, as the named informasjonsansvarlig"
        )
        approve.add_argument("case", type=int)
        approve.add_argument("--as", dest="username", required=True)
        approve.add_argument("--reason", default="")

    def handle(self, *args, subcommand: str, **options) -> None:
        if subcommand == "outbox":
            self._outbox(options["follow"], options["interval"])
        else:
            self._approve(options["case"], options["username"], options["reason"])

    def _outbox(self, follow: bool, interval: float) -> None:
        while True:
            due = outbox_due_ids()
            for action_id in due:
                outbox_deliver.enqueue(action_id)
            if due or not follow:
                self.stdout.write(f"queued {len(due)} due platform actions")
            if not follow:
                return
            time.sleep(interval)

    def _approve(self, case_id: int, username: str, reason: str) -> None:
        try:
            user = User.objects.get(username=username)
            case = ModerationCase.objects.get(pk=case_id)
        except (User.DoesNotExist, ModerationCase.DoesNotExist) as exc:
            raise CommandError(f"{exc} Check the case number and the username.") from exc
        try:
            case_approve(actor=user, case=case, reason=reason)
        except (PermissionDenied, ModerationError) as exc:
            raise CommandError(f"Refused: {exc}", returncode=2) from exc
        self.stdout.write(f"Case {case_id} approved by {username}; the deletion is queued.")
