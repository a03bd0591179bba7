"""Local wall-clock times and real elapsed time, for every app (Europe/Oslo; summer time handled).

Instants are kept in UTC for arithmetic: Python subtracts and compares two datetimes of the same zone by their
wall-clock values, which is wrong across the change to or from summer time.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from django.utils import timezone


class NonexistentLocalTime(ValueError):
    """A wall-clock time skipped by the change to summer time (e.g. 02:30 on the last Sunday of March)."""


def local_datetime(day: date, at: time) -> datetime:
    """The instant (in UTC) for a local date and wall-clock time. Ambiguous autumn times take the first.

    Returned in UTC on purpose: Python subtracts and compares two datetimes of the same zone by their
    wall-clock values, which is wrong across the change to or from summer time. In UTC, arithmetic is real
    elapsed time. Raises NonexistentLocalTime for times skipped on the spring-forward day (02:00–03:00).
    """
    zone = timezone.get_current_timezone()
    naive = datetime.combine(day, at)
    instant = naive.replace(tzinfo=zone, fold=0).astimezone(UTC)
    # Back to wall-clock time: a skipped time comes back as a different one.
    if instant.astimezone(zone).replace(tzinfo=None) != naive:
        raise NonexistentLocalTime(f"{naive:%Y-%m-%d %H:%M} does not exist in {zone}")
    return instant


def real_minutes(start: datetime, end: datetime) -> int:
    """Elapsed minutes between two instants, whatever zones they carry."""
    return int((end.astimezone(UTC) - start.astimezone(UTC)).total_seconds() // 60)


def plus_minutes(moment: datetime, minutes: int) -> datetime:
    """`moment` plus real minutes (in UTC, so a buffer across the autumn change is not an hour off)."""
    return moment.astimezone(UTC) + timedelta(minutes=minutes)


def end_of_day(moment: datetime) -> datetime:
    """23:59 local time on the local day of `moment`, in UTC: where a deadline that nobody chose should end.

    A waitlist offer made at 02:08 with 24 hours to answer runs to 23:59 the next day instead of 02:08, when
    people are asleep. Both 23:59 and the day exist on every day of the year, summer time or not.
    """
    day = timezone.localtime(moment).date()
    return local_datetime(day, time(23, 59))


def seconds_until_tomorrow(now: datetime | None = None) -> float:
    """Real seconds from `now` to the next local midnight (23 or 25 hours on the days the clocks change are
    counted as they are): how long something that changes with the local date stays true."""
    now = now or timezone.now()
    tomorrow = timezone.localtime(now).date() + timedelta(days=1)
    return (local_datetime(tomorrow, time(0, 0)) - now.astimezone(UTC)).total_seconds()
