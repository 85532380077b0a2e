from django.core.management.base import BaseCommand, CommandParser

from somevakt.demo.setup import DEMO_USERNAME, STAFF, demo_setup


class Command(BaseCommand):
    help = "Set up the demo installation: units, channels, staff and two weeks of traffic."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        setup = commands.add_parser("setup", help="create the demo (running it again is safe)")
        setup.add_argument("--no-traffic", action="store_true", help="skip the history")

    def handle(self, *args, no_traffic: bool, **options) -> None:
        result = demo_setup(traffic=not no_traffic)
        self.stdout.write("Demo created." if result.created else "Demo already set up.")
        if result.history is not None:
            self.stdout.write(
                f"History: {result.history.events} events, "
                f"{result.history.items_created} new items."
            )
        others = ", ".join(username for username, *_ in STAFF if username != DEMO_USERNAME)
        self.stdout.write(
            self.style.SUCCESS(f"Demo login: {DEMO_USERNAME} / {result.password}")
            + f"  (the same password works for {others})"
        )
        if result.second_factor_codes:
            self.stdout.write(
                "Second factor for the demo login, one-time codes: "
                + " ".join(result.second_factor_codes)
            )
