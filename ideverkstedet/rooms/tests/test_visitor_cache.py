"""Caching never lies (issue 16): the room list, the room page's week calendar, the rooms API and availability
are cached for anonymous visitors (core/fragments.py). Right after a booking, an opening-hours change, a closed
day or a room edit they show the new state; nobody gets a fragment made for another person, role or language;
and what time alone changes (the minimum notice passing a slot, midnight) shows when it should.

Each test first loads the pages as a visitor, so that what it checks afterwards would come from the cache if the
cache could lie. The clock is fixed (`timezone.now` for the app, `time.time` for the cache's expiry)."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, time, timedelta
from typing import Any
from unittest import mock

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from ideverkstedet.accounts.models import Role
from ideverkstedet.accounts.tests.factories import user_with_role
from ideverkstedet.rooms import selectors, services
from ideverkstedet.rooms.models import ClosedDay, GroupType, OpeningHours, Room
from ideverkstedet.rooms.tests.factories import PurposeKindFactory, RoomFactory, local, make_booking

pytestmark = pytest.mark.django_db

NOW = local("2026-12-02", "10:07")  # a Wednesday in week 49
WEEK = "?uke=2026-W49"
MONDAY = "2026-11-30"


@contextmanager
def clock(at: datetime) -> Iterator[None]:
    with (
        mock.patch("django.utils.timezone.now", return_value=at),
        mock.patch("time.time", return_value=at.timestamp()),
    ):
        yield


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    cache.clear()
    with clock(NOW):
        yield


def later(seconds: int) -> Any:
    """The clock `seconds` on: opening hours cached under the room's `updated_at` (hours.py) need it to move."""
    return clock(NOW + timedelta(seconds=seconds))


@pytest.fixture
def room() -> Room:
    return RoomFactory(name="Verkstedet", slug="verkstedet")  # open 08–20, 60 min notice, 30 min slots


def visitor(language: str = "nb") -> Client:
    client = Client()
    if language != "nb":
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def week(client: Client, room: Room) -> str:
    response = client.get(f"/rom/{room.slug}/{WEEK}")
    assert response.status_code == 200
    return response.text


def availability(client: Client, room: Room) -> dict[str, Any]:
    response = client.get(f"/api/v1/rooms/{room.pk}/availability?from={MONDAY}")
    assert response.status_code == 200
    return response.json()


def calendar(page: str) -> str:
    """The week calendar of a room page (the rest holds the CSRF token of the language form, new each time)."""
    return page[page.index('<section id="calendar"') :]


def busy(text: str, span: str) -> bool:
    return f"{span}</span> <span>Opptatt</span>" in text


def cached_fragments(at: datetime = NOW) -> dict[str, float]:
    """Every stored visitors' fragment that has not expired at `at`, with its seconds left then (LocMemCache's own
    bookkeeping)."""
    left = {
        key: cache._expire_info[key] - at.timestamp()  # type: ignore[attr-defined]
        for key in cache._cache  # type: ignore[attr-defined]
        if ":fragment:" in key
    }
    return {key: seconds for key, seconds in left.items() if seconds > 0}


def book(organiser: Any, room: Room, day: str, start: str, end: str) -> Any:
    return services.booking_request(
        organiser=organiser,
        room=room,
        start=local(day, start),
        end=local(day, end),
        purpose_kind=PurposeKindFactory(),
        group_type=GroupType.TEAM,
        expected_participants=4,
    )


def test_a_booking_made_moved_and_cancelled_shows_at_once(room):
    employee = user_with_role(Role.EMPLOYEE)
    assert not busy(week(visitor(), room), "12:00–13:00")
    assert availability(visitor(), room)["days"][3]["busy"] == []
    assert len(cached_fragments()) == 2

    booking = book(employee, room, "2026-12-03", "12:00", "13:00")
    assert busy(week(visitor(), room), "12:00–13:00")
    assert availability(visitor(), room)["days"][3]["busy"] == [
        {"start": "2026-12-03T12:00:00+01:00", "end": "2026-12-03T13:00:00+01:00"}
    ]

    services.booking_change(
        actor=employee,
        booking=booking,
        start=local("2026-12-03", "14:00"),
        end=local("2026-12-03", "15:00"),
        purpose_kind=booking.purpose_kind,
        group_type=GroupType.TEAM,
        expected_participants=4,
    )
    page = week(visitor(), room)
    assert busy(page, "14:00–15:00") and not busy(page, "12:00–13:00")
    assert availability(visitor(), room)["days"][3]["busy"][0]["start"] == "2026-12-03T14:00:00+01:00"

    services.booking_cancel(actor=employee, booking=booking)
    assert not busy(week(visitor(), room), "14:00–15:00")
    assert availability(visitor(), room)["days"][3]["busy"] == []


def test_a_booking_in_another_room_leaves_this_room_s_fragments_alone(room):
    other = RoomFactory()
    week(visitor(), room)
    before = set(cached_fragments())
    book(user_with_role(Role.EMPLOYEE), other, "2026-12-03", "12:00", "13:00")
    week(visitor(), room)
    assert set(cached_fragments()) == before  # served from the cache: nothing of this room changed


def test_opening_hours_a_closed_day_and_a_room_edit_show_at_once(room):
    client = visitor()
    assert "Verkstedet" in client.get("/rom/").text
    assert [r["name"] for r in client.get("/api/v1/rooms").json()] == ["Verkstedet"]
    assert "08:00–20:00" in week(client, room)  # Thursday: one free stretch
    assert availability(client, room)["days"][3]["closes"] == "20:00"

    with later(1):
        hours = OpeningHours.objects.get(room=room, weekday=3)
        hours.closes = time(16)
        hours.save()
        assert "08:00–16:00" in week(client, room)
        assert availability(client, room)["days"][3]["closes"] == "16:00"
    with later(2):
        ClosedDay.objects.create(room=None, date="2026-12-04", reason="Planleggingsdag")
        assert "Stengt – Planleggingsdag" in week(client, room)
        assert availability(client, room)["days"][4]["open"] is False

    room.name, room.capacity = "Verkstedet (stort)", 40
    room.save()
    assert "Verkstedet (stort)" in client.get("/rom/").text
    assert client.get("/api/v1/rooms").json()[0]["capacity"] == 40
    assert "<h1>Verkstedet (stort)</h1>" in week(client, room)

    room.is_active = False
    room.save()
    assert "Verkstedet" not in client.get("/rom/").text
    assert client.get("/api/v1/rooms").json() == []
    assert client.get(f"/rom/{room.slug}/{WEEK}").status_code == 404
    assert client.get(f"/api/v1/rooms/{room.pk}/availability?from={MONDAY}").status_code == 404


def test_logged_in_people_never_get_the_visitors_fragment_nor_leave_theirs(room):
    employee, adviser = user_with_role(Role.EMPLOYEE), user_with_role(Role.ADVISOR)
    make_booking(room, employee, local("2026-12-03", "12:00"))
    page = week(visitor(), room)
    assert busy(page, "12:00–13:00") and "Ledig – book" not in page
    stored = cached_fragments()

    mine = week(logged_in(employee), room)
    assert "Din booking" in mine and "Ledig – book" in mine
    assert employee.display_name in week(logged_in(adviser), room)
    for path in ["/rom/", "/api/v1/rooms", f"/api/v1/rooms/{room.pk}/availability?from={MONDAY}"]:
        assert logged_in(employee).get(path).status_code == 200
    assert cached_fragments() == stored  # nothing stored for them

    again = week(visitor(), room)
    assert (
        calendar(again) == calendar(page)
        and "Din booking" not in again
        and employee.display_name not in again
    )


def test_each_language_and_the_htmx_calendar_get_their_own_fragment(room):
    assert "Se ledig tid" in visitor().get("/rom/").text
    assert "See available times" in visitor("en").get("/rom/").text
    assert "Sjå ledig tid" in visitor("nn").get("/rom/").text
    assert "Se ledig tid" in visitor().get("/rom/").text
    assert ">Free<" in week(visitor("en"), room) and ">Ledig<" in week(visitor(), room)

    calendar = visitor().get(f"/rom/{room.slug}/{WEEK}", headers={"HX-Request": "true"}).text
    assert calendar.lstrip().startswith('<section id="calendar"') and "<h1>" not in calendar
    assert "<h1>Verkstedet</h1>" in week(visitor(), room)


def free(text: str, span: str, label: str = "Ledig") -> bool:
    return f"{span}</span> <span>{label}</span>" in text


def test_the_answers_last_exactly_until_a_stretch_gets_too_short_and_then_passes(room):
    employee = user_with_role(Role.EMPLOYEE)
    make_booking(
        room, employee, local("2026-12-02", "08:00"), minutes=9 * 60 + 45
    )  # with its buffer to 18:00
    today = [{"start": "2026-12-02T18:00:00+01:00", "end": "2026-12-02T20:00:00+01:00"}]
    ten_to_six = local("2026-12-02", "17:50")
    with clock(ten_to_six):  # 18:50 with the notice: bookable from 19:00 for 60 minutes, the minimum
        page = week(visitor(), room)
        assert free(page, "18:00–20:00") and availability(visitor(), room)["days"][2]["free"] == today
        # At 18:00 the next slot, 19:30, leaves too little (Thursday's stretches change only at 18:00 Thursday).
        assert list(cached_fragments(ten_to_six).values()) == [600, 600]
    with clock(local("2026-12-02", "17:59") + timedelta(seconds=59)):
        assert calendar(week(visitor(), room)) == calendar(page)
    six = local("2026-12-02", "18:00") + timedelta(seconds=1)
    with clock(six):
        assert availability(visitor(), room)["days"][2]["free"] == []
        page = week(visitor(), room)
        assert free(page, "18:00–20:00", "For kort til å booke")
        # The page changes again when the stretch passes (19:00 with the notice); the answer not before Thursday.
        assert sorted(cached_fragments(six).values()) == [3599, 60 * 60]
    with clock(local("2026-12-02", "19:00")):
        assert free(week(visitor(), room), "18:00–20:00", "Passert")


def test_today_moves_at_midnight(room):
    ten_to_midnight = local("2026-12-02", "23:50")
    with clock(ten_to_midnight):
        assert 'Onsdag 2. desember <span class="tag">' in week(visitor(), room)
        # Thursday's first stretch can be booked until 18:00 Thursday: midnight comes first.
        assert list(cached_fragments(ten_to_midnight).values()) == [600]
    with clock(local("2026-12-03", "00:00")):
        assert 'Torsdag 3. desember <span class="tag">' in week(visitor(), room)


def test_when_the_calendar_next_changes(room):
    days = selectors.room_days(room, NOW.date(), 2, now=NOW)
    assert selectors.calendar_changes_at(room, days, NOW) == local("2026-12-02", "18:00")
    room.min_minutes, room.slot_minutes = 45, 30  # two whole slots needed: bookable from 19:00 at the latest
    assert selectors.calendar_changes_at(room, days, NOW) == local("2026-12-02", "18:00")
    room.min_minutes = 30
    assert selectors.calendar_changes_at(room, days, NOW) == local("2026-12-02", "18:30")
    later = local("2026-12-03", "19:30")  # every stretch shown has passed
    assert (
        selectors.calendar_changes_at(room, selectors.room_days(room, NOW.date(), 2, now=later), later)
        is None
    )


def test_a_week_that_has_passed_is_kept_no_longer_than_the_longest_lifetime(room):
    assert visitor().get(f"/rom/{room.slug}/?uke=2026-W47").status_code == 200
    assert visitor().get(f"/api/v1/rooms/{room.pk}/availability?from=2026-11-16").status_code == 200
    assert list(cached_fragments().values()) == [60 * 60, 60 * 60]


@pytest.mark.parametrize("bookings", [1, 15])
def test_query_counts_are_constant(room, bookings, django_assert_num_queries):
    RoomFactory.create_batch(bookings, open_every_day=False)
    organiser = user_with_role(Role.EMPLOYEE)
    for n in range(bookings):
        make_booking(room, organiser, local(f"2026-12-0{3 + n % 3}", f"{8 + n // 3 * 2:02d}:00"))
    with django_assert_num_queries(5):  # the room, the versions, opening hours, exceptions, bookings
        week(visitor(), room)
    with django_assert_num_queries(2):  # the room, the versions
        week(visitor(), room)
    with django_assert_num_queries(2):  # the versions, the rooms
        visitor().get("/rom/")
    with django_assert_num_queries(1):  # the versions
        visitor().get("/rom/")
    with django_assert_num_queries(2):  # the versions, the rooms
        visitor().get("/api/v1/rooms")
    with django_assert_num_queries(1):  # the versions
        visitor().get("/api/v1/rooms")
    with django_assert_num_queries(3):  # the versions, the room, the bookings (the week's hours are cached)
        availability(visitor(), room)
    with django_assert_num_queries(1):  # the versions
        availability(visitor(), room)
