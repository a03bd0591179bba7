"""Form pieces every app uses: date and time inputs the browser understands, and a sane year range."""

from datetime import datetime
from typing import Any

from django import forms

from ideverkstedet.core.bounds import sensible_date

# One bound for every date a person types (core.bounds); the forms know it by this name.
sensible_year = sensible_date


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
