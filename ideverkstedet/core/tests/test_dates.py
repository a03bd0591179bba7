"""Dates as each language writes them: Norwegian "26. november 2026", English "26 November 2026"."""

from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from ideverkstedet.core.dates import STYLES, when

DAY = date(2026, 11, 26)


@pytest.mark.parametrize(
    ("language", "style", "expected"),
    [
        ("nb", "date", "26. november 2026"),
        ("nn", "date", "26. november 2026"),
        ("en", "date", "26 November 2026"),
        ("nb", "weekday_date", "torsdag 26. november 2026"),
        ("en", "weekday_date", "Thursday 26 November 2026"),
        ("en", "day_month", "26 November"),
        ("nb", "datetime", "26. november 2026 14:05"),
        ("en", "datetime", "26 November 2026, 14:05"),
    ],
)
def test_styles_per_language(language, style, expected):
    value = datetime(2026, 11, 26, 14, 5) if "time" in style else DAY
    with translation.override(language):
        assert when(value, style) == expected


def test_every_style_has_both_patterns_and_empty_values_are_empty():
    assert all(len(pair) == 2 and all(pair) for pair in STYLES.values())
    assert when(None) == ""


def test_the_filter_is_available_in_every_template_and_uses_local_time(settings):
    settings.TIME_ZONE = "Europe/Oslo"
    moment = datetime(2026, 6, 30, 22, 30, tzinfo=UTC)
    with translation.override("en"):
        rendered = Template('{{ moment|when:"datetime" }}').render(Context({"moment": moment}))
    assert rendered == "1 July 2026, 00:30"  # summer time in Oslo: UTC+2
