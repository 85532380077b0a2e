import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from somevakt.policy.selectors import PolicyNotLoaded
from somevakt.reports.exports import report_csv, report_json
from somevakt.reports.periods import Period, PeriodError
from somevakt.reports.selectors import report_figures


class Command(BaseCommand):
    help = (
        "The report on the policy's goals. --week 2026-W48 --output FILE writes the weekly "
        "PDF; --period 2026-11 --format csv|json exports every figure; --schedule hands "
        "the weekly report to the worker when the policy's [reports] send time has come "
        "(with --every it runs until stopped; the Procfile starts it so)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--week", metavar="YYYY-Www", help="the week of the PDF")
        parser.add_argument("--period", metavar="YYYY-Www|YYYY-MM", help="period to export")
        parser.add_argument("--format", choices=["pdf", "csv", "json"], default=None)
        parser.add_argument("--output", metavar="FILE", help="where to write; - for stdout")
        parser.add_argument("--schedule", action="store_true", help="send what is due")
        parser.add_argument("--every", type=int, default=0, metavar="SECONDS")

    def handle(self, *args, **options) -> None:
        try:
            if options["schedule"]:
                return self._schedule(options["every"])
            return self._write(options)
        except PeriodError as error:
            raise CommandError(str(error)) from error
        except PolicyNotLoaded as error:
            raise CommandError(str(error)) from error

    def _write(self, options: dict) -> None:
        name = options["week"] or options["period"]
        if not name:
            raise CommandError(
                "Which period? Fix: give --week 2026-W48 (PDF) or --period 2026-11 --format csv."
            )
        period = Period.parse(name)
        fmt = options["format"] or ("pdf" if options["week"] else "csv")
        if options["week"] and period.kind != "week":
            raise CommandError(
                f"--week {name}: not a week. Fix: write the ISO week, e.g. --week 2026-W48."
            )
        if fmt == "pdf":
            from somevakt.reports.pdf import weekly_report_pdf

            if period.kind != "week":
                raise CommandError("The PDF is a weekly report. Fix: give --week 2026-W48.")
            content: bytes = weekly_report_pdf(actor=None, week=period)
        else:
            report = report_figures(actor=None, period=period)
            text = report_csv(report) if fmt == "csv" else report_json(report)
            content = text.encode("utf-8")
        output = options["output"]
        if not output:
            output = f"somevakt-{period.name}.{fmt}"
        if output == "-":
            sys.stdout.buffer.write(content)
            return
        path = Path(output)
        if not path.parent.is_dir():
            raise CommandError(
                f"--output {output}: the folder {path.parent} does not exist. "
                "Fix: create it or give another path."
            )
        path.write_bytes(content)
        self.stdout.write(f"Wrote {path} ({len(content)} bytes, {period.name}).")

    def _schedule(self, every: int) -> None:
        from somevakt.reports.services import weekly_report_due
        from somevakt.reports.tasks import compliance_history_update, weekly_report_deliver

        if every < 0:
            raise CommandError(f"--every {every}: not a number of seconds. Fix: give 0 or more.")
        while True:
            try:
                week = weekly_report_due()
            except PolicyNotLoaded as error:
                if not every:
                    raise
                # Left running beside the web process: wait for the policy to be loaded.
                self.stderr.write(str(error))
            else:
                compliance_history_update.enqueue()
                if week is not None:
                    weekly_report_deliver.enqueue(week.name)
                    self.stdout.write(f"Weekly report {week.name} handed to the worker.")
            if not every:
                return
            time.sleep(every)
