"""Dates written the way each language writes them: "26. november 2026" in bokmål and nynorsk,
"26 November 2026" in English. Templates use the `when` filter (core/templatetags/idv.py) with a style name."""

from datetime import date, datetime

from django.utils.formats import date_format
from django.utils.translation import get_language

# style: (Norwegian, English). Month and weekday names come from Django's own translations.
STYLES: dict[str, tuple[str, str]] = {
    "date": ("j. F Y", "j F Y"),
    "datetime": ("j. F Y H:i", "j F Y, H:i"),
    "day_month": ("j. F", "j F"),
    "day_month_time": ("j. F H:i", "j F, H:i"),
    "weekday": ("l j. F", "l j F"),
    "weekday_date": ("l j. F Y", "l j F Y"),
    "short_weekday_date": ("D j. b Y", "D j M Y"),  # "fre 22. jan 2027"; "Fri 22 Jan 2027"
}


def pattern(style: str, language: str | None = None) -> str:
    norwegian, english = STYLES[style]
    return english if (language or get_language() or "nb").startswith("en") else norwegian


def when(value: date | datetime | None, style: str = "date", language: str | None = None) -> str:
    """`value` (already in local time for datetimes) in the style's pattern for the language."""
    if value is None or value == "":
        return ""
    return date_format(value, pattern(style, language))
