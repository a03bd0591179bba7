"""iCalendar for bookings: email attachments, the personal feed and the public free/busy feed of a room."""

from collections.abc import Iterable
from datetime import UTC

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from ideverkstedet.rooms.models import Booking, Room

PRODID = "-//Ideverkstedet//Booking//NB"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    return calendar


def _event(booking: Booking, *, summary: str, details: bool) -> Event:
    event = Event()
    event.add("uid", f"{booking.uid}@ideverkstedet")
    # UTC instants: every client places them right, on both sides of the summer-time change.
    event.add("dtstart", booking.start.astimezone(UTC))
    event.add("dtend", booking.end.astimezone(UTC))
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("sequence", booking.sequence)
    event.add("summary", summary)
    event.add("transp", "OPAQUE")
    if details:
        event.add("location", booking.room.place_text)
        event.add("url", settings.SITE_URL + f"/booking/{booking.pk}/")
        event.add(
            "status",
            {
                Booking.Status.CONFIRMED: "CONFIRMED",
                Booking.Status.REQUESTED: "TENTATIVE",
            }.get(booking.status, "CANCELLED"),  # type: ignore[call-overload]
        )
        if booking.purpose_kind_id:
            event.add("description", str(booking.purpose_kind))
    return event


def booking_calendar(bookings: Iterable[Booking], *, cancelled: bool = False, name: str = "") -> bytes:
    """A calendar with the person's own bookings, full details (their own data)."""
    calendar = _calendar(name or _("Mine bookinger i Ideverkstedet"))
    for booking in bookings:
        summary = f"{booking.room.name}: {booking.title or booking.purpose_kind or _('booking')}"
        event = _event(booking, summary=summary, details=True)
        if cancelled:
            event["status"] = "CANCELLED"
        calendar.add_component(event)
    return calendar.to_ical()


def room_busy_calendar(room: Room, bookings: Iterable[Booking]) -> bytes:
    """A room's public feed: when it is busy, nothing about who or why (no personal data)."""
    calendar = _calendar(_("%(room)s – opptatt") % {"room": room.name})
    for booking in bookings:
        calendar.add_component(_event(booking, summary=_("Opptatt"), details=False))
    return calendar.to_ical()
