import datetime
import time
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from somevakt.inbox.models import Author, Thread
from somevakt.policy.selectors import PolicyNotLoaded, policy_in_force
from somevakt.privacy import retention
from somevakt.privacy.models import LegalHold
from somevakt.privacy.services import (
    legal_hold_place,
    legal_hold_release,
    retention_due,
    retention_enforce,
)

# What each class is, in the words of the policy's [retention] table.
CLASS_RULES = {
    retention.HARMLESS: "items of simple communication, harmless_months after the last activity",
    retention.MODERATED: "hidden, answered, left or deleted items, moderated_months after closing",
    retention.QUESTIONS: "questions, questions_months after the answer",
    retention.ARCHIVED: "journaled material, archived_days after the records system's receipt",
    retention.AUTHORS: "authors with nothing left",
    retention.RAW_EVENTS: "raw platform events, raw_payload_days after receipt",
    retention.WEBHOOK_DELIVERIES: "webhook bodies, raw_payload_days after ingest",
}


class Command(BaseCommand):
    help = (
        "Enforce the policy's [retention] table. --dry-run (the default) shows what would "
        "be removed; --apply removes it in batches and records the run in the audit trail; "
        "--schedule hands the nightly run to the worker at the table's run_at (with --every "
        "it checks until stopped; the Procfile starts it so). --hold-thread ID or "
        "--hold-author ID with --reason keeps data beyond retention; --release HOLD lifts it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--dry-run", action="store_true", help="show, remove nothing")
        mode.add_argument("--apply", action="store_true", help="remove what is due")
        mode.add_argument("--schedule", action="store_true", help="hand the nightly run over")
        mode.add_argument("--hold-thread", type=int, metavar="ID")
        mode.add_argument("--hold-author", type=int, metavar="ID")
        mode.add_argument("--release", type=int, metavar="HOLD")
        parser.add_argument(
            "--as-of",
            type=datetime.date.fromisoformat,
            metavar="YYYY-MM-DD",
            help="with --dry-run: what would go on that day",
        )
        parser.add_argument("--reason", default="")
        parser.add_argument("--every", type=int, default=0, metavar="SECONDS")

    def handle(self, *args, **options) -> None:
        try:
            if options["schedule"]:
                return self._schedule(options["every"])
            if options["hold_thread"] or options["hold_author"] or options["release"]:
                return self._hold(options)
            if options["as_of"] and options["apply"]:
                raise CommandError("--as-of shows a later day; it goes with --dry-run only.")
            return self._run(apply=options["apply"], as_of=options["as_of"])
        except (PolicyNotLoaded, PermissionDenied, ValueError) as error:
            raise CommandError(str(error)) from error

    def _run(self, *, apply: bool, as_of: datetime.date | None) -> None:
        version = policy_in_force()
        now = None
        if as_of is not None:
            zone = ZoneInfo(version.policy.working_time.time_zone)
            now = datetime.datetime.combine(as_of, version.policy.retention.run_at, tzinfo=zone)
        result = retention_enforce(actor=None, apply=apply, now=now)
        verb = "Removed" if apply else "Would remove (dry run; --apply removes)"
        if now is not None:
            verb = f"Would remove on {as_of} (dry run)"
        self.stdout.write(
            f"{verb}, under policy {version.sha256[:12]} ({version.policy.policy.name}):"
        )
        for name in retention.CLASSES:
            self.stdout.write(f"  {result.counts.get(name, 0):>7}  {name:<19} {CLASS_RULES[name]}")
        self.stdout.write(f"  {len(result.thread_ids):>7}  conversations emptied")
        if result.run is not None:
            self.stdout.write(f"Recorded as retention run {result.run.pk} in the audit trail.")

    def _schedule(self, every: int) -> None:
        from somevakt.privacy.tasks import retention_nightly

        if every < 0:
            raise CommandError(f"--every {every}: not a number of seconds. Fix: give 0 or more.")
        while True:
            try:
                if retention_due():
                    retention_nightly.enqueue()
                    self.stdout.write("Retention run handed to the worker.")
            except PolicyNotLoaded as error:
                if not every:
                    raise
                self.stderr.write(str(error))
            if not every:
                return
            time.sleep(every)

    def _hold(self, options: dict) -> None:
        if options["release"]:
            hold = LegalHold.objects.filter(pk=options["release"]).first()
            if hold is None:
                raise CommandError(f"--release {options['release']}: no such legal hold.")
            legal_hold_release(actor=None, hold=hold, reason=options["reason"])
            self.stdout.write(f"Legal hold {hold.pk} released.")
            return
        thread = author = None
        if options["hold_thread"]:
            thread = Thread.objects.filter(pk=options["hold_thread"]).first()
            if thread is None:
                raise CommandError(f"--hold-thread {options['hold_thread']}: no such conversation.")
        else:
            author = Author.objects.filter(pk=options["hold_author"]).first()
            if author is None:
                raise CommandError(f"--hold-author {options['hold_author']}: no such author.")
        hold = legal_hold_place(actor=None, reason=options["reason"], thread=thread, author=author)
        self.stdout.write(f"Legal hold {hold.pk} placed on {thread or author}.")
