"""Form pieces every app uses: date and time inputs the browser understands, and a sane year range."""

from datetime import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def sensible_year(value: Any) -> None:
    """Dates far away (year 1 or 9999) cannot be turned into instants: say so instead of failing."""
    if not 2000 <= value.year <= 2100:
        raise ValidationError(_("Velg en dato mellom år 2000 og 2100."), code="year")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")

    def format_value(self, value: Any) -> str | None:
        # A date field can only hold a real date; anything else (never sent by a browser) is shown empty.
        if isinstance(value, str):
            try:
                datetime.strptime(value, "%Y-%m-%d")
            except ValueError:
                return None
        return super().format_value(value)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%H:%M")

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, str):
            try:
                datetime.strptime(value, "%H:%M")
            except ValueError:
                return None
        return super().format_value(value)
