from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from somevakt.reports.exports import report_csv, report_json
from somevakt.reports.periods import Period, PeriodError
from somevakt.reports.rendering import shown
from somevakt.reports.selectors import crisis_figures, report_figures


def _period(request: HttpRequest) -> Period:
    """?period=2026-W48 or 2026-11 names the period; ?kind=week|month alone means the
    current one. Raises PeriodError for anything else."""
    name = request.GET.get("period", "").strip()
    if name:
        return Period.parse(name)
    kind = request.GET.get("kind", "week")
    if kind not in ("week", "month"):
        raise PeriodError(f"kind={kind!r} is not a period length. Fix: use week or month.")
    return Period.current(kind)  # type: ignore[arg-type]


def _bad_period(request: HttpRequest, error: PeriodError) -> HttpResponse:
    return render(request, "reports/bad_period.html", {"error": error}, status=400)


def overview(request: HttpRequest) -> HttpResponse:
    """The policy's goals week by week or month by month: each figure a chart with its
    numbers a click away, the CSV/JSON export and the weekly PDF beside them."""
    try:
        period = _period(request)
    except PeriodError as error:
        return _bad_period(request, error)
    report = report_figures(actor=request.user, period=period)
    return render(
        request,
        "reports/overview.html",
        {
            "report": report,
            "shown": [shown(figure) for figure in report.figures],
            "period": period,
            "previous": period.previous(),
            "following": period.following(),
            "is_current": period == Period.current(period.kind),
        },
    )


def export(request: HttpRequest, fmt: str) -> HttpResponse:
    """Every figure of the period as CSV or JSON."""
    try:
        period = _period(request)
    except PeriodError as error:
        return _bad_period(request, error)
    report = report_figures(actor=request.user, period=period)
    if fmt == "csv":
        response = HttpResponse(report_csv(report), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(report_json(report), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="somevakt-{period.name}.{fmt}"'
    return response


def weekly_pdf(request: HttpRequest) -> HttpResponse:
    """The weekly report as sent by e-mail, for any week."""
    from somevakt.reports.pdf import weekly_report_pdf

    try:
        period = _period(request)
    except PeriodError as error:
        return _bad_period(request, error)
    if period.kind != "week":
        period = Period.containing("week", period.first_day)
    pdf = weekly_report_pdf(actor=request.user, week=period)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="somevakt-{period.name}.pdf"'
    return response


def crisis(request: HttpRequest) -> HttpResponse:
    """K1: volume per hour, open questions and answer times while in crisis mode. The
    page polls itself with htmx; without script it is a plain page to reload."""
    figures = crisis_figures(actor=request.user)
    context = {
        "figures": figures,
        "volume": shown(figures.volume) if figures else None,
        "now": timezone.now(),
    }
    template = "reports/_crisis.html" if request.htmx else "reports/crisis.html"
    return render(request, template, context)
