"""The weekly report as a PDF: the overview's figures and charts, in Norwegian."""

import datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import override
from weasyprint import HTML

from somevakt.organisation.permissions import Actor
from somevakt.policy.selectors import policy_in_force_or_none
from somevakt.reports.periods import Period
from somevakt.reports.rendering import shown
from somevakt.reports.selectors import report_figures


def weekly_report_html(*, actor: Actor, week: Period, now: datetime.datetime | None = None) -> str:
    # S2: the PDF is e-mailed beyond those who may see secret groups; they stay out.
    report = report_figures(actor=actor, period=week, now=now, secret_groups=False)
    version = policy_in_force_or_none()
    with override(settings.LANGUAGE_CODE):
        return render_to_string(
            "reports/weekly_pdf.html",
            {
                "report": report,
                "shown": [shown(figure, "pdf") for figure in report.figures],
                "municipality": version.document["municipality"]["name"] if version else "",
                "last_day": week.next_first_day - datetime.timedelta(days=1),
            },
        )


def weekly_report_pdf(*, actor: Actor, week: Period, now: datetime.datetime | None = None) -> bytes:
    """The PDF of `week`; nothing is fetched: the page has no external resources."""
    html = weekly_report_html(actor=actor, week=week, now=now)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
