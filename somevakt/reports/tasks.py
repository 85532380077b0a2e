from django_tasks import task

from somevakt.governance.selectors import compliance_findings
from somevakt.reports.models import WeeklyReportDelivery
from somevakt.reports.pdf import weekly_report_pdf
from somevakt.reports.periods import Period
from somevakt.reports.services import compliance_observe, weekly_report_send


@task()
def weekly_report_deliver(week: str) -> str:
    """Make and e-mail the weekly report of `week` ("2026-W48") once."""
    period = Period.parse(week)
    if WeeklyReportDelivery.objects.filter(week=period.first_day).exists():
        return "already sent"
    pdf = weekly_report_pdf(actor=None, week=period)
    delivery = weekly_report_send(actor=None, week=period, pdf=pdf)
    return "sent" if delivery else "already sent"


@task()
def compliance_history_update() -> str:
    """Open and close compliance observations from today's checks."""
    change = compliance_observe(actor=None, findings=compliance_findings(actor=None))
    return f"opened {change.opened}, closed {change.closed}, open {change.still_open}"
