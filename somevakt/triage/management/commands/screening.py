from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from somevakt.policy.selectors import policy_in_force_or_none
from somevakt.screening import Context, default_screener
from somevakt.screening.evaluate import (
    DATA_DEVSET,
    DevSetError,
    evaluate,
    format_report,
    read_devset,
)
from somevakt.triage.selectors import policy_context
from somevakt.triage.services import items_rescreen

REFUSED = 2


def _context(**fields) -> Context:
    policy = policy_in_force_or_none()
    return Context(**policy_context(policy.pk if policy else None), **fields)


class Command(BaseCommand):
    help = "Screen texts against the discussion rules, measure the screening, screen again."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        check = commands.add_parser("evaluate", help="precision, recall and F1 on a labelled CSV")
        check.add_argument("file", type=Path, nargs="?", default=DATA_DEVSET)
        check.add_argument("--misses", action="store_true", help="list every wrong row too")
        text = commands.add_parser("text", help="screen one text and show the findings")
        text.add_argument("text")
        text.add_argument("--channel-type", default="main_page")
        text.add_argument("--post", action="store_true", help="a wall post, not a comment")
        text.add_argument("--parent", default="", help="the text of the post it comments on")
        commands.add_parser(
            "rescreen", help="screen items not yet screened under the policy in force"
        )

    def handle(self, *args, subcommand: str, **options) -> None:
        if subcommand == "evaluate":
            self._evaluate(options["file"], options["misses"])
        elif subcommand == "text":
            context = _context(
                channel_type=options["channel_type"],
                is_top_level=options["post"],
                parent_text=options["parent"],
            )
            result = default_screener().screen(options["text"], context)
            self.stdout.write(
                f"language {result.language}, question {'yes' if result.is_question else 'no'}, "
                f"needs case processing {'yes' if result.needs_case_processing else 'no'}"
            )
            for finding in result.findings:
                self.stdout.write(
                    f"{finding.rule} {finding.severity.label:<8} {finding.confidence:.2f} "
                    f"[{finding.start}:{finding.end}] {finding.reason}"
                )
        else:
            count = items_rescreen(actor=None)
            self.stdout.write(f"Screened {count} items under the policy in force.")

    def _evaluate(self, file: Path, misses: bool) -> None:
        try:
            rows = read_devset(file)
        except DevSetError as error:
            raise CommandError(str(error), returncode=REFUSED) from error
        report = evaluate(rows, default_screener(), _context())
        self.stdout.write(format_report(report))
        if misses:
            self.stdout.write("\nwrong rows (expected -> predicted):")
            for miss in report.misses:
                self.stdout.write(
                    f"{miss.row_id}: {','.join(sorted(miss.expected)) or '-'} -> "
                    f"{','.join(sorted(miss.predicted)) or '-'}: {miss.text[:150]}"
                )
