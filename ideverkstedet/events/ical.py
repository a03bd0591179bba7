"""iCalendar for events: the public event feed and the attachment sent with a confirmed place."""

from collections.abc import Iterable
from datetime import UTC

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as VEvent

from ideverkstedet.events.models import Event


def events_calendar(events: Iterable[Event], *, name: str = "", status: str = "") -> bytes:
    """The events' sessions, one VEVENT each (UID per session, stable). `status` overrides each one's STATUS
    (a registration's own calendar: TENTATIVE on the waiting list, CANCELLED once cancelled)."""
    calendar = Calendar()
    calendar.add("prodid", "-//Ideverkstedet//Arrangementer//NB")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name or _("Kurs og åpne dager i Ideverkstedet"))
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for event in events:
        for session in event.sessions.all():
            item = VEvent()
            item.add("uid", f"session-{session.pk}@ideverkstedet")
            item.add("dtstart", session.start.astimezone(UTC))
            item.add("dtend", session.end.astimezone(UTC))
            item.add("dtstamp", timezone.now().astimezone(UTC))
            item.add("summary", event.title)
            item.add("description", event.summary)
            item.add(
                "location",
                session.booking.room.place_text if session.booking_id and session.booking else session.place,
            )
            item.add("url", settings.SITE_URL + reverse("events:event_detail", args=[event.slug]))
            cancelled = event.status == Event.Status.CANCELLED
            item.add("status", "CANCELLED" if cancelled else (status or "CONFIRMED"))
            calendar.add_component(item)
    return calendar.to_ical()
