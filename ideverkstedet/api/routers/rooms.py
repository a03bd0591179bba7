"""Rooms and bookings in the API: the same selectors, services and rules as the pages."""

from datetime import date, datetime, timedelta
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from ideverkstedet.api.auth import token_session_or_anyone
from ideverkstedet.api.plain import cached_plain_response
from ideverkstedet.core.bounds import Id, SensibleDate, SensibleDateTime
from ideverkstedet.core.current import current_user as _user
from ideverkstedet.core.errors import Conflict, ServiceError
from ideverkstedet.core.permissions_api import require
from ideverkstedet.rooms import selectors, services
from ideverkstedet.rooms.models import Booking, GroupType, PurposeKind, Room

router = Router(tags=["rooms"])

MAX_AVAILABILITY_DAYS = 62


class RoomOut(Schema):
    id: int
    slug: str
    name: str
    kind: str
    summary: str
    location: str
    capacity: int
    accessibility: str
    slot_minutes: int
    min_minutes: int
    max_minutes: int
    buffer_minutes: int
    max_days_ahead: int
    min_notice_minutes: int


class IntervalOut(Schema):
    start: datetime
    end: datetime


class DayOut(Schema):
    date: date
    open: bool
    opens: str | None
    closes: str | None
    note: str
    busy: list[IntervalOut]
    free: list[IntervalOut]


class AvailabilityOut(Schema):
    room: str
    days: list[DayOut]


class BookingIn(Schema):
    room: Id
    start: SensibleDateTime = Field(description="With a UTC offset, e.g. 2026-12-01T09:00:00+01:00")
    end: SensibleDateTime
    purpose_kind: Id
    group_type: str = Field(description=f"One of: {', '.join(GroupType.values)}")
    expected_participants: int = Field(ge=1, le=500)
    needs: str = Field("", max_length=2000)


class BookingOut(Schema):
    id: int
    room: int
    room_name: str
    status: str
    start: datetime
    end: datetime
    purpose_kind: int | None
    group_type: str
    expected_participants: int | None
    needs: str
    decision_reason: str


class CancelIn(Schema):
    reason: str = Field("", max_length=1000)


def _interval(start: datetime, end: datetime) -> dict[str, datetime]:
    """IntervalOut as plain data: local time with its offset (+01:00 or +02:00), as people in Norway read it."""
    return {"start": timezone.localtime(start), "end": timezone.localtime(end)}


def _booking_out(booking: Booking) -> BookingOut:
    return BookingOut(
        id=booking.pk,
        room=booking.room_id,
        room_name=booking.room.name,
        status=booking.status,
        start=timezone.localtime(booking.start),
        end=timezone.localtime(booking.end),
        purpose_kind=booking.purpose_kind_id,
        group_type=booking.group_type,
        expected_participants=booking.expected_participants,
        needs=booking.needs,
        decision_reason=booking.decision_reason,
    )


@router.get(
    "/rooms",
    response=list[RoomOut],
    auth=token_session_or_anyone,
    summary="Rooms and equipment kits that can be booked",
)
def room_list(request: HttpRequest) -> HttpResponse:
    require(request, "rooms.view_room")
    # RoomOut's fields straight from the database, in its order: no model objects, no per-room validation; for
    # anonymous callers kept in the visitors' cache under the rooms' version (nothing here changes with time).
    return cached_plain_response(
        request,
        selectors.ROOMS_GROUP,
        lambda: list(selectors.active_rooms().values(*RoomOut.model_fields)),
    )


@router.get(
    "/rooms/{room_id}/availability",
    response={200: AvailabilityOut},
    auth=token_session_or_anyone,
    summary="Free and busy time per day (local dates, at most 62 days)",
)
def room_availability(
    request: HttpRequest,
    room_id: Id,
    from_: SensibleDate = Query(..., alias="from"),
    to: SensibleDate | None = Query(None),
) -> HttpResponse:
    require(request, "rooms.view_room")
    to = to or from_ + timedelta(days=6)
    days = (to - from_).days + 1
    if days < 1 or days > MAX_AVAILABILITY_DAYS:
        message = f"'to' must be on or after 'from' and at most {MAX_AVAILABILITY_DAYS} days later."
        raise ServiceError(message, code="bad_range", field="to")
    changes_at = None

    def build() -> dict[str, Any]:
        nonlocal changes_at
        # Inside: a cached answer needs no query for the room (one that is made inactive raises "rooms").
        room = get_object_or_404(Room, pk=room_id, is_active=True)
        now = timezone.now()
        calendar = selectors.room_days(room, from_, days, now=now)
        changes_at = selectors.calendar_changes_at(room, calendar, now, with_passed=False)
        # AvailabilityOut as plain data, in its field order (api/plain.py): no validation per day and interval.
        result = []
        for day in calendar:
            hours = day.hours
            result.append(
                {
                    "date": day.date,
                    "open": hours.is_open,
                    "opens": f"{hours.opens:%H:%M}" if hours.opens else None,
                    "closes": f"{hours.closes:%H:%M}" if hours.closes else None,
                    "note": hours.reason,
                    "busy": [_interval(s.start, s.end) for s in day.segments if not s.free],
                    "free": [_interval(s.start, s.end) for s in day.segments if s.free and s.bookable],
                }
            )
        return {"room": room.slug, "days": result}

    def lifetime() -> float | None:
        # Until a free stretch, as "now + minimum notice" moves on, gets too short to book (and leaves the answer).
        return None if changes_at is None else (changes_at - timezone.now()).total_seconds()

    groups = [selectors.ROOMS_GROUP, selectors.bookings_group(room_id)]
    return cached_plain_response(request, groups, build, lifetime=lifetime)


@router.get("/bookings", response=list[BookingOut], summary="My bookings, newest first")
def booking_list(request: HttpRequest) -> list[BookingOut]:
    require(request, "rooms.view_my_bookings")
    return [_booking_out(b) for b in selectors.bookings_for_user(_user(request))[:500]]


@router.post("/bookings", response={201: BookingOut})
def booking_create(request: HttpRequest, payload: BookingIn) -> Status:
    """Book a room. 409 when the time is taken, 422 with every broken rule otherwise."""
    require(request, "rooms.book_room")
    if payload.start.tzinfo is None or payload.end.tzinfo is None:
        raise ServiceError(
            "start and end need a UTC offset, e.g. 2026-12-01T09:00:00+01:00",
            code="naive_datetime",
            field="start" if payload.start.tzinfo is None else "end",
        )
    room = Room.objects.filter(pk=payload.room, is_active=True).first()
    if room is None:
        raise HttpError(404, "No such room")
    booking = services.booking_request(
        organiser=_user(request),
        room=room,
        start=payload.start,
        end=payload.end,
        purpose_kind=PurposeKind.objects.filter(pk=payload.purpose_kind).first(),
        group_type=payload.group_type,
        expected_participants=payload.expected_participants,
        needs=payload.needs,
    )
    return Status(201, _booking_out(booking))


@router.get("/bookings/{booking_id}", response=BookingOut)
def booking_detail(request: HttpRequest, booking_id: Id) -> BookingOut:
    booking = selectors.get_booking_for_user(_user(request), booking_id)
    return _booking_out(booking)


@router.post("/bookings/{booking_id}/cancel", response={200: BookingOut})
def booking_cancel(request: HttpRequest, booking_id: Id, payload: CancelIn) -> Status:
    booking = selectors.get_booking_for_user(_user(request), booking_id, "rooms.cancel_booking")
    try:
        services.booking_cancel(actor=_user(request), booking=booking, reason=payload.reason)
    except services.BookingError as error:
        raise Conflict(
            problems=error.problems
        ) from None  # cancelled already, or over: the state is in the way
    return Status(200, _booking_out(booking))
