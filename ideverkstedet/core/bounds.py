"""Bounds for every number and date that comes from outside (URL, query string, form, JSON).

An unbounded integer reaches the database as something it cannot hold (SQLite: OverflowError, PostgreSQL:
DataError), and a date in year 1 or 9999 cannot be turned into an instant in Europe/Oslo. Both were 500s.
Everything that parses outside input uses what is here:

- URLs: the `id` path converter (`<id:pk>`) matches 1 .. MAX_ID; anything else is a 404.
- Query strings and POSTed lists: `bounded_int`, `page_number`.
- Forms: `sensible_date` as a validator on date and date-time fields; integer fields state min and max.
- The API: the `Id` and `SensibleDate` annotated types (a 422 with the usual error body).
"""

from datetime import date, datetime
from typing import Annotated, Any

from django import forms
from django.core.exceptions import ValidationError
from django.urls import register_converter
from django.utils.translation import gettext as _
from pydantic import AfterValidator, Field

MAX_ID = 2**31 - 1  # PostgreSQL's integer; our keys are bigints, but no row will get that far
MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_PAGE = 100_000


def bounded_int(raw: Any, *, low: int = 1, high: int = MAX_ID) -> int | None:
    """`raw` as an int if it is one between low and high (digits only, no more than high has), else None."""
    text = str(raw if raw is not None else "").strip()
    # ASCII digits only: str.isdigit() also accepts "²" and other digits int() refuses.
    if not text or len(text) > len(str(high)) + 1 or not (text.isascii() and text.lstrip("-").isdigit()):
        return None
    value = int(text)
    return value if low <= value <= high else None


def page_number(raw: Any) -> int:
    """A page number from a query string: 1 for anything unreadable; huge numbers become the last page we allow."""
    text = str(raw or "").strip()
    if text.isascii() and text.isdigit() and len(text) > len(str(MAX_PAGE)):
        return MAX_PAGE
    return bounded_int(text, low=1, high=MAX_PAGE) or 1


def is_sensible(value: date | datetime) -> bool:
    return MIN_YEAR <= value.year <= MAX_YEAR


def sensible_date(value: Any) -> None:
    """Form validator: dates far away (year 1 or 9999) cannot be turned into instants, so say so instead."""
    if value is not None and not is_sensible(value):
        raise ValidationError(_("Velg en dato mellom år 2000 og 2100."), code="year")  # MIN_YEAR, MAX_YEAR


def _api_date(value: Any) -> Any:
    if value is not None and not is_sensible(value):
        raise ValueError(f"must be between the years {MIN_YEAR} and {MAX_YEAR}")
    return value


Id = Annotated[int, Field(ge=1, le=MAX_ID)]
SensibleDate = Annotated[date, AfterValidator(_api_date)]
SensibleDateTime = Annotated[datetime, AfterValidator(_api_date)]


class IdConverter:
    """`<id:pk>`: a positive integer the database can hold; longer or larger numbers are a 404, not a 500."""

    regex = "[0-9]{1,10}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 1 <= number <= MAX_ID:
            raise ValueError("out of range")
        return number

    def to_url(self, value: Any) -> str:
        return str(int(value))


register_converter(IdConverter, "id")


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, but ids the database cannot hold are refused as invalid before the `IN (…)` query
    (which, unlike a plain lookup, overflows on SQLite)."""

    def _check_values(self, value: Any) -> Any:
        key = self.to_field_name or "pk"
        if key == "pk":
            for item in value:
                if isinstance(item, str) and item.strip().isdigit() and bounded_int(item) is None:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": item}
                    )
        return super()._check_values(value)  # type: ignore[misc]
