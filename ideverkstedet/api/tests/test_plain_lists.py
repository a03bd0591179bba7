"""The large lists answered as plain data (api/plain.py) give the bytes the schema-validated path gave.

For each list, the reference is the code the endpoint ran before: objects from the ORM, validated against the
operation's response schema by pydantic (as ninja does), dumped and rendered by the API's renderer. The answer
must equal it byte for byte: same fields in the same order, the same ISO 8601 datetimes with their offset (and
milliseconds), the same numbers. Query counts are pinned and constant in the number of items.
"""

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from django.test import RequestFactory
from django.utils import timezone, translation
from pydantic import TypeAdapter

from ideverkstedet.accounts.models import Role
from ideverkstedet.api.api import api
from ideverkstedet.api.routers.challenges.base import _challenge_fields
from ideverkstedet.api.routers.challenges.schemas import ChallengePageOut
from ideverkstedet.api.routers.events import EventOut, _event_out
from ideverkstedet.api.routers.rooms import AvailabilityOut, DayOut, IntervalOut, RoomOut
from ideverkstedet.challenges import selectors as challenge_selectors
from ideverkstedet.challenges.models import Audience, Challenge, Phase, Tag, Visibility
from ideverkstedet.challenges.tests.factories import ensure_phases
from ideverkstedet.events import selectors as event_selectors
from ideverkstedet.events.models import Registration, Session
from ideverkstedet.events.tests.factories import EventFactory, EventKindFactory, add_session
from ideverkstedet.rooms import selectors as room_selectors
from ideverkstedet.rooms.models import ClosedDay, OpeningHours, Room
from ideverkstedet.rooms.tests.factories import RoomFactory, make_booking

pytestmark = pytest.mark.django_db


def validated(schema: Any, value: Any) -> bytes:
    """What ninja answered for `value` before: validated against `schema` (from attributes, as ninja's Schema
    reads ORM objects), dumped, rendered by the API's renderer."""
    adapter = TypeAdapter(schema)
    data = adapter.dump_python(adapter.validate_python(value, from_attributes=True))
    return api.renderer.render(None, data, response_status=200).encode()  # type: ignore[arg-type]


# ---------------------------------------------------------------- rooms


def test_room_list_is_what_validation_gave(client, django_assert_num_queries):
    RoomFactory(name="Verkstedet", summary="Stort rom «med» æøå", accessibility="Trinnfri inngang.")
    RoomFactory(name="Prosjektor", kind=Room.Kind.EQUIPMENT, open_every_day=False)
    RoomFactory(name="Stengt", is_active=False)
    with django_assert_num_queries(2):  # the visitors' cache version, the rooms
        response = client.get("/api/v1/rooms")
    with django_assert_num_queries(1):  # from the visitors' cache (rooms/tests/test_visitor_cache.py)
        assert client.get("/api/v1/rooms").content == response.content
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.content == validated(list[RoomOut], list(room_selectors.active_rooms()))
    assert [room["name"] for room in response.json()] == ["Prosjektor", "Verkstedet"]  # by kind, then name


@pytest.mark.parametrize("count", [2, 12])
def test_room_list_query_count_is_constant(client, count, django_assert_num_queries):
    RoomFactory.create_batch(count, open_every_day=False)
    with django_assert_num_queries(2):  # the visitors' cache version, the rooms
        assert len(client.get("/api/v1/rooms").json()) == count


# ---------------------------------------------------------------- availability


def _old_availability(room: Room, first: date, days: int) -> bytes:
    """The endpoint's loop before: DayOut and IntervalOut models, validated as AvailabilityOut."""

    def interval(start: datetime, end: datetime) -> IntervalOut:
        return IntervalOut(start=timezone.localtime(start), end=timezone.localtime(end))

    result = [
        DayOut(
            date=day.date,
            open=day.hours.is_open,
            opens=f"{day.hours.opens:%H:%M}" if day.hours.opens else None,
            closes=f"{day.hours.closes:%H:%M}" if day.hours.closes else None,
            note=day.hours.reason,
            busy=[interval(s.start, s.end) for s in day.segments if not s.free],
            free=[interval(s.start, s.end) for s in day.segments if s.free and s.bookable],
        )
        for day in room_selectors.room_days(room, first, days)
    ]
    return validated(AvailabilityOut, AvailabilityOut(room=room.slug, days=result))


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute))).astimezone(UTC)


@pytest.fixture
def busy_room(make_user):
    """A room with bookings on five days, a closed day, and a day with special hours for all rooms."""
    room = RoomFactory(buffer_minutes=15)
    organiser = make_user(Role.EMPLOYEE)
    first = timezone.localdate() + timedelta(days=3)
    for offset, hour in [(0, 9), (0, 13), (1, 10), (2, 8), (4, 18)]:
        make_booking(room, organiser, _at(first + timedelta(days=offset), hour, 30), minutes=90)
    ClosedDay.objects.create(room=room, date=first + timedelta(days=3), reason="Stengt for maling")
    ClosedDay.objects.create(
        room=None, date=first + timedelta(days=5), reason="Kort dag", opens=time(10), closes=time(14)
    )
    return room, first


def test_availability_is_what_validation_gave(client, busy_room):
    room, first = busy_room
    for start, days in [(first, 7), (first - timedelta(days=2), 1), (date(2026, 10, 19), 14)]:
        url = f"/api/v1/rooms/{room.pk}/availability?from={start}&to={start + timedelta(days=days - 1)}"
        response = client.get(url)
        assert response.status_code == 200
        assert response.content == _old_availability(room, start, days), url
    body = client.get(f"/api/v1/rooms/{room.pk}/availability?from={first}").json()
    assert len(body["days"][0]["busy"]) == 2 and body["days"][3]["open"] is False
    assert body["days"][5]["opens"] == "10:00" and body["days"][5]["note"] == "Kort dag"


@pytest.mark.parametrize("bookings", [1, 20])
def test_availability_query_count_is_constant(client, make_user, bookings, django_assert_num_queries):
    room = RoomFactory()
    organiser = make_user(Role.EMPLOYEE)
    first = timezone.localdate() + timedelta(days=1)
    for n in range(bookings):
        make_booking(room, organiser, _at(first + timedelta(days=n % 7), 8 + n // 7 * 2), minutes=60)
    url = f"/api/v1/rooms/{room.pk}/availability?from={first}"
    with django_assert_num_queries(
        5
    ):  # the visitors' cache versions, the room, opening hours, exceptions, bookings
        assert len(client.get(url).json()["days"]) == 7
    client.force_login(organiser)  # never from the visitors' cache
    with django_assert_num_queries(
        4
    ):  # the session, the person, the room and the bookings: the hours are cached
        body = client.get(url).json()
    assert sum(len(day["busy"]) for day in body["days"]) == bookings


def _day(client, room: Room, day: date) -> dict[str, Any]:
    return client.get(f"/api/v1/rooms/{room.pk}/availability?from={day}&to={day}").json()["days"][0]


def test_cached_opening_hours_never_lie(client):
    """Right after any change to opening hours or exceptions, the answer shows it (the cache is warm)."""
    room, other = RoomFactory(), RoomFactory()
    day = timezone.localdate() + timedelta(days=10)
    assert _day(client, room, day)["closes"] == "20:00"

    hours = OpeningHours.objects.get(room=room, weekday=day.weekday())
    hours.closes = time(16)
    hours.save()
    assert _day(client, room, day)["closes"] == "16:00"

    hours.delete()
    assert _day(client, room, day)["open"] is False

    exception = ClosedDay.objects.create(room=other, date=day, reason="Kurs", opens=time(9), closes=time(11))
    assert _day(client, other, day)["opens"] == "09:00"
    exception.room = room  # moved to another room: both change
    exception.save()
    assert _day(client, other, day)["opens"] == "08:00" and _day(client, room, day)["note"] == "Kurs"

    exception.delete()
    assert _day(client, room, day)["open"] is False and _day(client, room, day)["note"] == ""
    ClosedDay.objects.create(room=None, date=day, reason="Julaften")  # all rooms
    closed = _day(client, other, day)
    assert closed["open"] is False and closed["note"] == "Julaften"

    Room.objects.filter(pk=other.pk).delete()  # deleting a room (and its hours) leaves the others right
    assert _day(client, room, day)["note"] == "Julaften"


# ---------------------------------------------------------------- events


def _old_event_list(user: Any, query: dict[str, Any]) -> bytes:
    """The endpoint before: Event objects with prefetched sessions, each built as EventOut."""
    events = event_selectors.upcoming_events(user).prefetch_related("sessions__booking__room")
    if "kind" in query:
        events = events.filter(kind__slug=query["kind"])
    out = [_event_out(event) for event in events[: query.get("limit", 50)]]  # the detail endpoint's builder
    return validated(list[EventOut], out)


@pytest.fixture
def events(make_user):
    people = [make_user(Role.CITIZEN) for _ in range(4)]
    course = EventFactory(title="Kurs «A» – æøå", capacity=3)
    add_session(course, days=3)
    # A session in one of our rooms (its name is the place), with microseconds, in summer time.
    room = RoomFactory(name="Verkstedet")
    start = timezone.make_aware(datetime(timezone.localdate().year + 1, 6, 1, 9, 15, 0, 123456))
    booking = make_booking(room, people[0], start, minutes=120)
    Session.objects.create(event=course, start=start, end=booking.end, booking=booking)
    Registration.objects.create(
        event=course, person=people[0], places=2, status=Registration.Status.CONFIRMED
    )
    Registration.objects.create(event=course, person=people[1], places=1, status=Registration.Status.OFFERED)
    for position, person in enumerate(people[2:], start=1):
        Registration.objects.create(
            event=course, person=person, status=Registration.Status.WAITLISTED, waitlist_position=position
        )
    open_day = EventFactory(title="Åpen dag", kind=EventKindFactory(slug="apen-dag", name="Åpen dag"))
    add_session(open_day, days=1)
    add_session(EventFactory(title="Internt", is_public=False), days=2)
    return course


@pytest.mark.parametrize("who", ["anonymous", Role.ADVISOR])
def test_event_list_is_what_validation_gave(client, make_user, events, who):
    user = None if who == "anonymous" else make_user(who)
    if user:
        client.force_login(user)
    for url, query in [
        ("/api/v1/events", {}),
        ("/api/v1/events?kind=kurs", {"kind": "kurs"}),
        ("/api/v1/events?limit=2", {"limit": 2}),
    ]:
        response = client.get(url)
        assert response.content == _old_event_list(user or _anonymous(), query), url
    body = {event["title"]: event for event in client.get("/api/v1/events").json()}
    assert ("Internt" in body) is (user is not None)
    course = body["Kurs «A» – æøå"]
    assert course["places_taken"] == 3 and course["waitlist"] == 2
    assert course["sessions"][1]["place"] == "Verkstedet"
    assert course["sessions"][1]["start"].endswith(":15:00.123+02:00")


def _anonymous() -> Any:
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


@pytest.mark.parametrize("count", [1, 12])
def test_event_list_query_count_is_constant(client, make_user, count, django_assert_num_queries):
    for n in range(count):
        event = EventFactory()
        add_session(event, days=1 + n)
        add_session(event, days=2 + n)
    # The cache's versions, the events with their counts, all their sessions, the lifetime (the next session end).
    with django_assert_num_queries(4):
        body = client.get("/api/v1/events").json()
    assert len(body) == count and all(len(event["sessions"]) == 2 for event in body)
    with django_assert_num_queries(1):  # the next anonymous caller: the versions, then the cached answer
        assert client.get("/api/v1/events").json() == body
    client.force_login(make_user(Role.ADVISOR))
    with django_assert_num_queries(4):  # never cached: the session and its user, the events, the sessions
        assert len(client.get("/api/v1/events").json()) == count


# ---------------------------------------------------------------- challenges


def _old_challenge_page(user: Any, limit: int) -> bytes:
    """The endpoint before: Challenge objects, each one's fields as plain data, validated as ChallengePageOut."""
    challenges = challenge_selectors.challenge_list(user, challenge_selectors.ListFilters())
    request = RequestFactory().get("/api/v1/challenges")
    now = timezone.now()
    page = {
        "items": [_challenge_fields(request, c, now) for c in challenges[:limit]],
        "count": challenges.count(),
    }
    return validated(ChallengePageOut, page)


@pytest.mark.parametrize("language", ["nb", "en"])
def test_challenge_list_is_what_validation_gave(client, make_user, language):
    ensure_phases()
    owner = make_user(Role.EMPLOYEE)
    now = timezone.now()
    tag = Tag.objects.create(name="Eldre", slug="eldre")
    for n, phase in enumerate(Phase.objects.all()):
        challenge = Challenge.objects.create(
            title=f"Utfordring «{n}» æøå",
            slug=f"utfordring-{n}",
            description="…",
            owner=owner,
            phase=phase,
            visibility=Visibility.PUBLIC if n % 2 == 0 else Visibility.INTERNAL,
            input_opens_at=now - timedelta(days=n, microseconds=4321) if n % 3 else None,
            input_closes_at=now + timedelta(days=3 - n) if n % 3 else None,
            input_audience=Audience.EVERYONE,
            idea_count=n,
        )
        if n % 2:
            challenge.tags.set([tag])
    for user in (_anonymous(), owner):
        client.logout()
        if user.is_authenticated:
            client.force_login(user)
        with translation.override(language):
            response = client.get("/api/v1/challenges?limit=3", HTTP_ACCEPT_LANGUAGE=language)
            assert response.content == _old_challenge_page(user, 3)
            assert (
                response.json()["items"][0]["phase"]["name"]
                == Phase.objects.get(slug=response.json()["items"][0]["phase"]["slug"]).label
            )
