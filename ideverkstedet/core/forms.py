"""Form pieces every app uses: date and time inputs the browser understands, and a sane year range."""

import hashlib
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django import forms
from django.core.cache import cache
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

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


FILTER_FIELDS_SECONDS = 60 * 60


def cached_filter_fields(
    request: HttpRequest, form: forms.Form, template: str, choices: Iterable[Any] = ()
) -> SafeString:
    """A filter form's fields rendered by `template`. They depend only on the language, the query string (without
    the page number) and the `choices` the form offers beyond fixed ones (pass every choice list read from the
    database), so the HTML is cached under exactly those: never stale, never another language's. A form with
    errors is rendered afresh."""
    if form.errors:
        return render_to_string(template, {"form": form})
    wanted = sorted((key, values) for key, values in request.GET.lists() if key != "side")
    offered = [[(str(value), str(label)) for value, label in field_choices] for field_choices in choices]
    signature = repr((template, get_language(), wanted, offered)).encode()
    key = "filter-fields:" + hashlib.sha256(signature).hexdigest()
    html = cache.get(key)
    if html is None:
        html = str(render_to_string(template, {"form": form}))
        cache.set(key, html, FILTER_FIELDS_SECONDS)
    return mark_safe(html)  # noqa: S308 - rendered by the template engine (autoescaped) above
