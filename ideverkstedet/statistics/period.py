"""The period and service area a barometer covers, read from a query string without ever failing."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

FIRST_YEAR = 2000
LAST_YEAR = 2100
MAX_DAYS = 366 * 5  # a longer period is cut to five years


@dataclass(frozen=True)
class Period:
    """Local dates, both included."""

    first: date
    last: date
    service_area: str = ""  # a service area slug, or "" for all

    @classmethod
    def year(cls, year: int, service_area: str = "") -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31), service_area)

    @classmethod
    def from_query(cls, query: Any, today: date | None = None) -> Period:
        """`ar=2026`, or `fra=2026-01-01&til=2026-06-30`, and `omrade=<slug>`. Bad values fall back to this
        year; a reversed range is turned round."""
        today = today or timezone.localdate()
        # A slug is letters, digits and dashes; anything else (a NUL byte, which PostgreSQL cannot hold) is none.
        area = str(query.get("omrade", "") or "")[:80]
        area = area if re.fullmatch(r"[-\w]*", area) else ""
        first, last = _date(query.get("fra")), _date(query.get("til"))
        if first or last:
            first = first or date(last.year if last else today.year, 1, 1)
            last = last or date(first.year, 12, 31)
            if last < first:
                first, last = last, first
            if (last - first).days > MAX_DAYS:
                last = first + timedelta(days=MAX_DAYS)
            return cls(first, last, area)
        year = _int(query.get("ar"))
        if year is None or not FIRST_YEAR <= year <= LAST_YEAR:
            year = today.year
        return cls.year(year, area)

    @property
    def is_whole_year(self) -> bool:
        return self.first == date(self.first.year, 1, 1) and self.last == date(self.first.year, 12, 31)

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def start(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.first, time.min))

    def end(self) -> datetime:
        """The instant just after the last day (exclusive bound)."""
        return timezone.make_aware(datetime.combine(self.last + timedelta(days=1), time.min))

    def query(self) -> str:
        from urllib.parse import urlencode

        params: dict[str, str] = (
            {"ar": str(self.first.year)}
            if self.is_whole_year
            else {"fra": self.first.isoformat(), "til": self.last.isoformat()}
        )
        if self.service_area:
            params["omrade"] = self.service_area
        return urlencode(params)


def _int(value: Any) -> int | None:
    try:
        return int(str(value)[:6])
    except (TypeError, ValueError):
        return None


def _date(value: Any) -> date | None:
    if not value:
        return None
    try:
        parsed = date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
    return parsed if FIRST_YEAR <= parsed.year <= LAST_YEAR else None
