from django.core.management.base import BaseCommand, CommandError, CommandParser

from somevakt.audit.selectors import audit_chain_check


class Command(BaseCommand):
    help = "Verify the audit trail's SHA-256 chain: exit code 1 at the first broken link."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        commands.add_parser("verify", help="recompute every entry's hash and follow the chain")

    def handle(self, *args, subcommand: str, **options) -> None:
        check = audit_chain_check()
        if not check.intact:
            raise CommandError(
                f"Audit trail broken: {check.problem}. {check.entries} entries before it are "
                "intact. Restore the log from a backup and compare.",
                returncode=1,
            )
        self.stdout.write(
            f"OK: {check.entries} entries, chain intact, last SHA-256 {check.last_hash}"
        )
