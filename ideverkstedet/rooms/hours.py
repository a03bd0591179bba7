"""Opening hours in local time (Europe/Oslo), and turning local wall-clock times into instants safely."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta

from django.core.cache import cache
from django.db.models import Q

from ideverkstedet.rooms.models import ClosedDay, OpeningHours, Room


@dataclass(frozen=True)
class DayHours:
    date: date
    opens: time | None
    closes: time | None
    reason: str = ""  # why it is closed or has special hours

    @property
    def is_open(self) -> bool:
        return self.opens is not None and self.closes is not None


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


HOURS_CACHE_SECONDS = 24 * 60 * 60


def cached_hours_for_days(room: Room, first: date, days: int) -> list[DayHours]:
    """`hours_for_days`, computed once per room and range and then read from the cache (no query).

    The key holds the room's `updated_at`, which every change to any opening hours or exception moves
    (rooms/receivers.py). It is read from the database with the room, so a change shows at once in every process,
    whatever the cache backend. Booking rules ask `hours_for_day` directly, never the cache.
    """
    key = f"rooms:hours:{room.pk}:{room.updated_at.isoformat()}:{first.isoformat()}:{days}"
    hours: list[DayHours] | None = cache.get(key)
    if hours is None:
        hours = hours_for_days(room, first, days)
        cache.set(key, hours, HOURS_CACHE_SECONDS)
    return hours


def hours_for_day(room: Room, day: date) -> DayHours:
    return hours_for_days(room, day, 1)[0]
