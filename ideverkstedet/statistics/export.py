"""A figure's numbers as CSV (RFC 4180, UTF-8, one header row) and JSON: exactly what the page shows."""

from __future__ import annotations

import csv
import io
from typing import Any

from ideverkstedet.statistics.figures import SUPPRESSED, Barometer, Figure

CSV_COLUMNS = ["figure", "key", "label", "value", "unit"]


def figure_csv(figure: Figure) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in figure.rows:
        writer.writerow([figure.key, row.key, row.label, row.export_value, figure.unit])
    return out.getvalue()


def figure_json(figure: Figure) -> dict[str, Any]:
    return {
        "key": figure.key,
        "section": figure.section,
        "title": figure.title,
        "description": figure.description,
        "unit": figure.unit,
        "summary": figure.summary,
        "rows": [{"key": r.key, "label": r.label, "value": r.export_value} for r in figure.rows],
    }


def barometer_json(barometer: Barometer) -> dict[str, Any]:
    period = barometer.period
    return {
        "period": {"from": period.first.isoformat(), "to": period.last.isoformat()},
        "service_area": period.service_area or None,
        "suppressed_value": SUPPRESSED,
        "figures": [figure_json(f) for f in barometer.figures],
    }
