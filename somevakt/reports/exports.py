"""Every figure of a report as CSV or JSON, for spreadsheets and other systems."""

import csv
import io
import json
from typing import Any

from somevakt.core.json import json_ready
from somevakt.reports.selectors import Report


def report_rows(report: Report) -> list[dict[str, Any]]:
    """One row per figure, label and column: long format, so every figure fits one table."""
    return [
        {
            "period": report.period.name,
            "figure": figure.key,
            "title": figure.title,
            "rule": figure.rule,
            "label": label,
            "measure": column.name,
            "value": value,
        }
        for figure in report.figures
        for label, values in figure.rows
        for column, value in zip(figure.columns, values, strict=True)
    ]


def report_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(
        out, fieldnames=["period", "figure", "title", "rule", "label", "measure", "value"]
    )
    writer.writeheader()
    writer.writerows(report_rows(report))
    return out.getvalue()


def report_json(report: Report) -> str:
    document = {
        "period": report.period.name,
        "kind": report.period.kind,
        "periods": [p.name for p in report.periods],
        "generated_at": report.generated_at,
        "figures": [
            {
                "key": figure.key,
                "title": figure.title,
                "rule": figure.rule,
                "label_heading": figure.label_heading,
                "columns": [column.name for column in figure.columns],
                "rows": [{"label": label, "values": values} for label, values in figure.rows],
            }
            for figure in report.figures
        ],
    }
    return json.dumps(json_ready(document), ensure_ascii=False, indent=2)
