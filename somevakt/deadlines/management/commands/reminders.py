import time

from django.core.management.base import BaseCommand, CommandError, CommandParser

from somevakt.deadlines.services import reminders_send
from somevakt.governance.services import quiet_weeks_remind


class Command(BaseCommand):
    help = (
        "Remind whoever has a question before it is due and escalate overdue questions to "
        "the informasjonsansvarlig (O5, L2); e-mail the admins of a local page that is about "
        "to go a week without a post (L2). With --every it runs until stopped; the "
        "Procfile starts it so. Safe to run in several processes at once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--every", type=int, default=0, metavar="SECONDS", help="repeat every SECONDS"
        )

    def handle(self, *args, every: int, **options) -> None:
        if every < 0:
            raise CommandError(
                f"--every {every}: not a number of seconds. Fix: give 0 (send once) or more."
            )
        while True:
            sent = reminders_send(actor=None)
            quiet = quiet_weeks_remind(actor=None)
            if sent.due_soon or sent.overdue or quiet or not every:
                self.stdout.write(
                    f"Reminders: {sent.due_soon} due soon, {sent.overdue} overdue escalated, "
                    f"{quiet} local pages without a post this week."
                )
            if not every:
                return
            time.sleep(every)
