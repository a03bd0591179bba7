"""Opening hours in local time (Europe/Oslo), and turning local wall-clock times into instants safely."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from ideverkstedet.rooms.models import ClosedDay, OpeningHours, Room


class NonexistentLocalTime(ValueError):
    """A wall-clock time skipped by the change to summer time (e.g. 02:30 on the last Sunday of March)."""


@dataclass(frozen=True)
class DayHours:
    date: date
    opens: time | None
    closes: time | None
    reason: str = ""  # why it is closed or has special hours

    @property
    def is_open(self) -> bool:
        return self.opens is not None and self.closes is not None


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


def hours_for_days(room: Room, first: date, days: int) -> list[DayHours]:
    """Opening hours for `days` consecutive local dates, exceptions applied (two queries)."""
    last = first + timedelta(days=days - 1)
    regular = {h.weekday: h for h in OpeningHours.objects.filter(room=room)}
    exceptions: dict[date, ClosedDay] = {}
    # A room's own exception wins over one for all rooms on the same date.
    for exception in ClosedDay.objects.filter(Q(room__isnull=True) | Q(room=room), date__range=(first, last)):
        if exception.date not in exceptions or exception.room_id is not None:
            exceptions[exception.date] = exception
    result = []
    for offset in range(days):
        day = first + timedelta(days=offset)
        if day in exceptions:
            exception = exceptions[day]
            result.append(DayHours(day, exception.opens, exception.closes, exception.reason))
        elif day.weekday() in regular:
            hours = regular[day.weekday()]
            result.append(DayHours(day, hours.opens, hours.closes))
        else:
            result.append(DayHours(day, None, None))
    return result


def hours_for_day(room: Room, day: date) -> DayHours:
    return hours_for_days(room, day, 1)[0]
