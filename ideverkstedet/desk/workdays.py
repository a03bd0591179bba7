"""Working days in Norway: weekends and public holidays (from the `holidays` package) do not count."""

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _norwegian_holidays(year: int) -> frozenset[date]:
    # include_sundays=False: the package can list every Sunday as a holiday; weekends are handled below.
    return frozenset(holidays.country_holidays("NO", years=year, include_sundays=False))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _norwegian_holidays(day.year)


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (the start day itself never counts).

    Asked on Wednesday before Easter with a promise of 3 days, the answer is due the Thursday after Easter
    Monday: Maundy Thursday, Good Friday, the weekend and Easter Monday are skipped.
    """
    day = start
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def working_days_between(start: date, end: date) -> int:
    """How many working days come after `start` up to and including `end` (0 if end <= start)."""
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count
