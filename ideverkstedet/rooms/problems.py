"""The room rules a booking must keep (opening hours, notice, length, the slot grid, overlaps), as Problems.

`booking_problems` is what forms, the API and `services.booking_request` ask before anything is written;
`services._save_guarded` still has the last word on overlaps under its lock.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from ideverkstedet.accounts.models import User
from ideverkstedet.core.bounds import is_sensible
from ideverkstedet.core.errors import Problem
from ideverkstedet.core.times import real_minutes
from ideverkstedet.rooms.hours import hours_for_day
from ideverkstedet.rooms.models import (
    Booking,
    Room,
)


def _fmt_minutes(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return _("%(h)s t %(m)s min") % {"h": hours, "m": rest}
    if hours:
        return _("%(h)s t") % {"h": hours}
    return _("%(m)s min") % {"m": rest}


def booking_problems(
    *,
    room: Room,
    organiser: User,
    start: datetime,
    end: datetime,
    now: datetime | None = None,
    exclude: Booking | None = None,
) -> list[Problem]:
    """Every room rule the booking breaks, each with a clear Norwegian message. Empty when all is well.

    Lengths are real elapsed time, so a booking across the change to summer time is as long as it really is;
    opening hours are local wall-clock times.
    """
    now = now or timezone.now()
    problems: list[Problem] = []
    if not room.is_active:
        problems.append(Problem("room_inactive", _("Dette rommet kan ikke bookes nå."), None))
        return problems
    if not (is_sensible(start) and is_sensible(end)):
        # Year 1 or 9999 cannot be turned into UTC or local time: refuse before anything computes with it.
        return [Problem("far_away", _("Velg en dato mellom år 2000 og 2100."), "start")]
    if end <= start:
        return [Problem("end_before_start", _("Sluttidspunktet må være etter starttidspunktet."), "end")]
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    minutes = real_minutes(start, end)
    local_start, local_end = timezone.localtime(start), timezone.localtime(end)

    if start < now:
        problems.append(Problem("in_the_past", _("Tidspunktet har allerede vært."), "start"))
    elif start < now + timedelta(minutes=room.min_notice_minutes):
        problems.append(
            Problem(
                "too_late",
                _("Du må booke senest %(notice)s før start.")
                % {"notice": _fmt_minutes(room.min_notice_minutes)},
                "start",
            )
        )
    if start > now + timedelta(days=room.max_days_ahead):
        problems.append(
            Problem(
                "too_far_ahead",
                _("Du kan booke høyst %(days)s dager fram i tid.") % {"days": room.max_days_ahead},
                "start",
            )
        )
    if minutes < room.min_minutes:
        problems.append(
            Problem(
                "too_short",
                _("Bookingen må vare minst %(min)s.") % {"min": _fmt_minutes(room.min_minutes)},
                "end",
            )
        )
    if minutes > room.max_minutes:
        problems.append(
            Problem(
                "too_long",
                _("Bookingen kan vare høyst %(max)s.") % {"max": _fmt_minutes(room.max_minutes)},
                "end",
            )
        )
    slot = room.slot_minutes
    for value, field in ((local_start, "start"), (local_end, "end")):
        if value.second or value.microsecond or (value.hour * 60 + value.minute) % slot:
            problems.append(
                Problem(
                    "off_grid",
                    _("Tidene må gå opp i hele %(slot)s minutter (for eksempel 09:00 eller 09:%(slot)02d).")
                    % {"slot": slot},
                    field,
                )
            )
            break

    day = hours_for_day(room, local_start.date())
    if not day.is_open:
        if day.reason:
            message = _("Rommet er stengt denne dagen (%(reason)s).") % {"reason": day.reason}
        else:
            message = _("Rommet er stengt denne dagen.")
        problems.append(Problem("closed_day", message, "start"))
    elif (
        local_end.date() != local_start.date()
        or local_start.time() < day.opens  # type: ignore[operator]
        or local_end.time() > day.closes  # type: ignore[operator]
    ):
        problems.append(
            Problem(
                "outside_opening_hours",
                _("Rommet er åpent %(opens)s–%(closes)s denne dagen.")
                % {"opens": f"{day.opens:%H:%M}", "closes": f"{day.closes:%H:%M}"},
                "start",
            )
        )

    if not organiser.has_perm("rooms.book_outside_rules"):
        open_bookings = Booking.objects.active().filter(
            organiser=organiser, kind=Booking.Kind.BOOKING, end__gt=now
        )
        if exclude is not None:
            open_bookings = open_bookings.exclude(pk=exclude.pk)
        if open_bookings.count() >= room.max_open_bookings:
            problems.append(
                Problem(
                    "too_many_open",
                    _("Du har allerede %(count)s kommende bookinger, som er det meste du kan ha samtidig.")
                    % {"count": room.max_open_bookings},
                    None,
                )
            )
    return problems
