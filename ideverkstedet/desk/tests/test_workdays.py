"""The answer-time promise counts Norwegian working days: weekends and public holidays (Europe/Oslo) skipped."""

from datetime import UTC, date, datetime

import pytest

from ideverkstedet.desk.services import answer_due_for
from ideverkstedet.desk.workdays import add_working_days, is_working_day, working_days_between


@pytest.mark.parametrize(
    ("asked", "due", "why"),
    [
        (date(2026, 11, 27), date(2026, 12, 2), "Friday: the weekend does not count"),
        (date(2026, 11, 28), date(2026, 12, 2), "Saturday: counting starts on Monday"),
        (date(2027, 3, 24), date(2027, 4, 1), "before Easter: Maundy Thursday to Easter Monday skipped"),
        (date(2027, 5, 14), date(2027, 5, 20), "17 May (and Whit Monday) 2027 skipped"),
        (date(2028, 5, 16), date(2028, 5, 22), "17 May 2028, a Wednesday, skipped"),
        (date(2026, 5, 13), date(2026, 5, 19), "Ascension Day 14 May 2026 skipped"),
        (date(2026, 12, 23), date(2026, 12, 29), "Christmas Day and Boxing Day skipped; 24 December counts"),
        (date(2026, 12, 30), date(2027, 1, 5), "New Year's Day and a weekend skipped"),
    ],
)
def test_three_working_days(asked, due, why):
    assert add_working_days(asked, 3) == due, why


def test_holidays_come_from_the_holidays_package():
    assert not is_working_day(date(2027, 3, 26))  # Good Friday
    assert not is_working_day(date(2026, 5, 17))
    assert not is_working_day(date(2026, 12, 25))
    assert is_working_day(date(2026, 12, 24))  # Christmas Eve is not a public holiday
    assert working_days_between(date(2027, 3, 24), date(2027, 4, 1)) == 3


def test_the_day_is_the_day_in_oslo_not_in_utc(settings):
    settings.DESK_ANSWER_WORKING_DAYS = 3
    # 23:30 UTC on Tuesday 23 March 2027 is already Wednesday in Oslo (winter time): due after Easter.
    assert answer_due_for(datetime(2027, 3, 23, 22, 30, tzinfo=UTC)) == date(2027, 3, 31)
    assert answer_due_for(datetime(2027, 3, 23, 23, 30, tzinfo=UTC)) == date(2027, 4, 1)
    # Summer time: 22:30 UTC on Thursday 25 June 2026 is 00:30 Friday in Oslo.
    assert answer_due_for(datetime(2026, 6, 25, 21, 30, tzinfo=UTC)) == date(2026, 6, 30)
    assert answer_due_for(datetime(2026, 6, 25, 22, 30, tzinfo=UTC)) == date(2026, 7, 1)


def test_the_promise_is_a_setting(settings):
    settings.DESK_ANSWER_WORKING_DAYS = 1
    assert answer_due_for(datetime(2026, 12, 23, 10, tzinfo=UTC)) == date(2026, 12, 24)
