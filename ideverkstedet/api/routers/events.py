"""Events in the API: the same selectors, services and rules as the pages."""

from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from ideverkstedet.api.auth import token_session_or_anyone
from ideverkstedet.api.plain import cached_plain_response
from ideverkstedet.core.bounds import SensibleDate
from ideverkstedet.core.current import current_user as _user
from ideverkstedet.core.errors import NotFound
from ideverkstedet.core.permissions_api import require
from ideverkstedet.events import selectors, services
from ideverkstedet.events.models import Event, Registration, Session

router = Router(tags=["events"])


class SessionOut(Schema):
    start: datetime
    end: datetime
    place: str


class EventOut(Schema):
    id: int
    slug: str
    title: str
    kind: str
    summary: str
    registration: str
    capacity: int
    places_taken: int
    waitlist: int
    sessions: list[SessionOut]


class RegistrationIn(Schema):
    places: int = Field(1, ge=1, le=50)
    answer: str = Field("", max_length=2000)


class RegistrationOut(Schema):
    id: int
    event: str
    status: str
    places: int
    waitlist_position: int | None
    offer_expires_at: datetime | None


class EventFilter(Schema):
    kind: str | None = Field(None, description="Event kind slug, e.g. kurs or apen-dag")
    from_: SensibleDate | None = Field(None, alias="from")
    to: SensibleDate | None = None
    limit: int = Field(50, ge=1, le=200, description="At most this many events (soonest first)")


def _event_out(event: Event) -> EventOut:
    sessions = list(event.sessions.all())
    return EventOut(
        id=event.pk,
        slug=event.slug,
        title=event.title,
        kind=event.kind.slug,
        summary=event.summary,
        registration=event.registration,
        capacity=event.capacity,
        places_taken=int(getattr(event, "taken", None) or 0),
        waitlist=int(getattr(event, "waiting", None) or 0),
        sessions=[
            SessionOut(
                start=timezone.localtime(s.start),
                end=timezone.localtime(s.end),
                place=s.booking.room.name if s.booking_id and s.booking else s.place,
            )
            for s in sessions
        ],
    )


def _registration_out(registration: Registration) -> RegistrationOut:
    return RegistrationOut(
        id=registration.pk,
        event=registration.event.slug,
        status=registration.status,
        places=registration.places,
        waitlist_position=registration.waitlist_position,
        offer_expires_at=registration.offer_expires_at,
    )


# The list's fields, in EventOut's order (the answer is built as plain data: see api/plain.py).
EVENT_FIELDS = (
    "id",
    "slug",
    "title",
    "kind__slug",
    "summary",
    "registration",
    "capacity",
    "taken",
    "waiting",
)


def event_rows(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """EventOut as plain data for some events (`.values(*EVENT_FIELDS)`), with every event's sessions from one
    query: local start and end, and the room's name for a session held in one of our rooms."""
    sessions: dict[int, list[dict[str, Any]]] = {event["id"]: [] for event in events}
    rows = (
        Session.objects.filter(event_id__in=list(sessions))
        .order_by("start")
        .values_list("event_id", "start", "end", "place", "booking__room__name")
    )
    for event_id, start, end, place, room in rows:
        sessions[event_id].append(
            {
                "start": timezone.localtime(start),
                "end": timezone.localtime(end),
                "place": room if room is not None else place,
            }
        )
    return [
        {
            "id": event["id"],
            "slug": event["slug"],
            "title": event["title"],
            "kind": event["kind__slug"],
            "summary": event["summary"],
            "registration": event["registration"],
            "capacity": event["capacity"],
            "places_taken": int(event["taken"] or 0),
            "waitlist": int(event["waiting"] or 0),
            "sessions": sessions[event["id"]],
        }
        for event in events
    ]


@router.get(
    "/events", response=list[EventOut], auth=token_session_or_anyone, summary="Upcoming events, soonest first"
)
def event_list(request: HttpRequest, filters: Query[EventFilter]) -> HttpResponse:
    require(request, "events.view_event")

    def build() -> list[dict[str, Any]]:
        events = selectors.upcoming_events(_user(request)).prefetch_related(None)
        if filters.kind:
            events = events.filter(kind__slug=filters.kind)
        if filters.from_:
            events = events.filter(starts_at__date__gte=filters.from_)
        if filters.to:
            events = events.filter(starts_at__date__lte=filters.to)
        # Two queries whatever the number of events: the events with their counts, and all their sessions.
        return event_rows(list(events.values(*EVENT_FIELDS)[: filters.limit]))

    # Anonymous callers share the answer (api/plain.py, core/fragments.py). The "events" group watches every
    # model of the events app (places taken and the waitlist move with Registration) and the rooms whose names
    # sessions show (events/apps.py); services that only .update() bump it; its lifetime ends when the next
    # session ends (an event leaves the list). A token or a session is never served from it (internal events).
    return cached_plain_response(request, "events", build)


@router.get("/events/{slug}", response=EventOut, auth=token_session_or_anyone)
def event_detail(request: HttpRequest, slug: str) -> EventOut:
    event = selectors.get_event_for_user(_user(request), slug)
    event.taken = services.places_taken(event)  # type: ignore[attr-defined]
    event.waiting = event.registrations.filter(status=Registration.Status.WAITLISTED).count()  # type: ignore[attr-defined]
    return _event_out(event)


@router.post("/events/{slug}/registration", response={201: RegistrationOut})
def register(request: HttpRequest, slug: str, payload: RegistrationIn) -> Status:
    """Register (or join the waitlist). 409 when already registered or full, 422 for other rules."""
    require(request, "events.register")
    event = selectors.get_event_for_user(_user(request), slug)
    registration = services.registration_create(
        person=_user(request), event=event, places=payload.places, answer=payload.answer
    )
    return Status(201, _registration_out(registration))


@router.delete("/events/{slug}/registration", response={200: RegistrationOut})
def cancel(request: HttpRequest, slug: str) -> Status:
    require(request, "events.view_my_registrations")
    event = selectors.get_event_for_user(_user(request), slug)
    registration = selectors.registration_for(_user(request), event)
    if registration is None:
        raise NotFound("You are not registered for this event.", code="not_registered")
    services.registration_cancel(actor=_user(request), registration=registration)
    registration.refresh_from_db()
    return Status(200, _registration_out(registration))
