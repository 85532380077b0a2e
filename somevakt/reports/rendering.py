"""Figures turned into what a page or the PDF shows: a chart and its table."""

from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from somevakt.reports.charts import bar_chart, line_chart
from somevakt.reports.selectors import Figure


@dataclass(frozen=True)
class ShownFigure:
    figure: Figure
    svg: SafeString


def shown(figure: Figure, prefix: str = "chart") -> ShownFigure:
    draw = line_chart if figure.chart == "line" else bar_chart
    labels = figure.chart_labels
    if figure.chart == "line":
        kind = _("Line chart")
    else:
        kind = _("Bar chart")
    description = _("%(kind)s of %(series)s by %(by)s; the numbers are in the table.") % {
        "kind": kind,
        "series": ", ".join(s.name for s in figure.chart_series) or "–",
        "by": figure.label_heading.lower(),
    }
    # Everything in the SVG is escaped by the chart module.
    svg = draw(
        chart_id=f"{prefix}-{figure.key}",
        title=figure.title,
        description=description,
        labels=labels,
        series=figure.chart_series,
    )
    return ShownFigure(figure=figure, svg=mark_safe(svg))  # noqa: S308
