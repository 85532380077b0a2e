import datetime

from conftest import oslo
from somevakt.governance.checks import Finding
from somevakt.reports.models import ComplianceObservation
from somevakt.reports.periods import Period
from somevakt.reports.selectors import report_figures
from somevakt.reports.services import compliance_observe


def test_a_finding_is_opened_when_first_found_and_closed_when_gone(policy, main_page):
    finding = Finding(rule="L3", channel=main_page, since=datetime.date(2026, 11, 1),
                      what="Ingen informasjonsansvarlig er admin.", fix="Legg til en.")  # fmt: skip

    first = compliance_observe(actor=None, findings=[finding], now=oslo(2026, 11, 24, 8, 0))
    again = compliance_observe(actor=None, findings=[finding], now=oslo(2026, 11, 25, 8, 0))
    gone = compliance_observe(actor=None, findings=[], now=oslo(2026, 12, 2, 8, 0))

    assert (first.opened, again.opened, gone.closed) == (1, 0, 1)
    observation = ComplianceObservation.objects.get()
    assert observation.closed_at == oslo(2026, 12, 2, 8, 0)
    figure = report_figures(actor=None, period=Period.parse("2026-W49"), length=2)
    compliance = figure.figure("compliance")
    # Week 48: opened and still open at its end; week 49: closed.
    assert compliance.rows == [("week 48", [1, 1, 0]), ("week 49", [0, 0, 1])]
