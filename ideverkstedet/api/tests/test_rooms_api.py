from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from ideverkstedet.accounts.models import Role
from ideverkstedet.accounts.services import api_token_create
from ideverkstedet.rooms.models import Booking
from ideverkstedet.rooms.tests.factories import PurposeKindFactory, RoomFactory, make_booking


def _at(days: int, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=days), time(hour)))


@pytest.fixture
def room(db):
    return RoomFactory(slug="ideverkstedet")


def _auth(user) -> dict:
    _token, key = api_token_create(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def _payload(room, start, end, **extra) -> dict:
    return {
        "room": room.pk,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "purpose_kind": PurposeKindFactory().pk,
        "group_type": "team",
        "expected_participants": 4,
        **extra,
    }


@pytest.mark.django_db
def test_rooms_and_availability_are_public(client, room):
    rooms = client.get("/api/v1/rooms").json()
    assert rooms[0]["slug"] == "ideverkstedet" and rooms[0]["slot_minutes"] == 30
    day = timezone.localdate() + timedelta(days=1)
    body = client.get(f"/api/v1/rooms/{room.pk}/availability?from={day}&to={day + timedelta(days=2)}").json()
    assert len(body["days"]) == 3
    assert body["days"][0]["opens"] == "08:00" and body["days"][0]["free"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "from=tull",
        "from=2026-12-01&to=2026-11-01",
        "from=2026-01-01&to=2026-12-31",
        "",
        "from=2026-12-01&to=x",
    ],
)
def test_availability_with_bad_dates_is_4xx_with_a_body(client, room, query):
    response = client.get(f"/api/v1/rooms/{room.pk}/availability?{query}")
    assert response.status_code == 422
    assert "error" in response.json()


@pytest.mark.django_db
def test_availability_of_unknown_room_is_404(client):
    assert client.get("/api/v1/rooms/999/availability?from=2026-12-01").status_code == 404


def test_book_through_the_api_and_see_it_in_my_list(client, make_user, room):
    user = make_user(Role.EMPLOYEE)
    response = client.post(
        "/api/v1/bookings",
        _payload(room, _at(2, 10), _at(2, 12)),
        content_type="application/json",
        **_auth(user),
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "confirmed"
    assert body["start"].endswith("+01:00") or body["start"].endswith("+02:00")
    listed = client.get("/api/v1/bookings", **_auth(user)).json()
    assert [b["id"] for b in listed] == [body["id"]]
    assert client.get(f"/api/v1/bookings/{body['id']}", **_auth(user)).json()["room_name"] == room.name


def test_taken_slot_is_409_with_the_rule_code(client, make_user, room):
    make_booking(room, make_user(Role.EMPLOYEE), _at(2, 10), minutes=120)
    user = make_user(Role.EMPLOYEE)
    response = client.post(
        "/api/v1/bookings",
        _payload(room, _at(2, 11), _at(2, 12)),
        content_type="application/json",
        **_auth(user),
    )
    assert response.status_code == 409
    assert response.json()["error"] == "slot_taken"
    assert response.json()["problems"][0]["field"] == "start"


def test_broken_rules_are_422_with_every_problem(client, make_user, room):
    user = make_user(Role.EMPLOYEE)
    response = client.post(
        "/api/v1/bookings",
        _payload(room, _at(2, 7), _at(2, 7) + timedelta(minutes=20)),
        content_type="application/json",
        **_auth(user),
    )
    assert response.status_code == 422
    codes = {p["code"] for p in response.json()["problems"]}
    assert {"too_short", "outside_opening_hours"} <= codes


@pytest.mark.parametrize(
    "bad",
    [
        {"start": "2026-12-01T10:00:00"},  # no offset
        {"start": "not a date"},
        {"expected_participants": 0},
        {"needs": "x" * 5000},
        {"room": "en"},
    ],
)
def test_malformed_booking_is_422_never_500(client, make_user, room, bad):
    user = make_user(Role.EMPLOYEE)
    response = client.post(
        "/api/v1/bookings",
        {**_payload(room, _at(2, 10), _at(2, 11)), **bad},
        content_type="application/json",
        **_auth(user),
    )
    assert response.status_code == 422, response.content


def test_booking_an_unknown_room_is_404(client, make_user, room):
    user = make_user(Role.EMPLOYEE)
    response = client.post(
        "/api/v1/bookings",
        {**_payload(room, _at(2, 10), _at(2, 11)), "room": 9999},
        content_type="application/json",
        **_auth(user),
    )
    assert response.status_code == 404


@pytest.mark.django_db
def test_booking_needs_authentication(client, room):
    response = client.post(
        "/api/v1/bookings", _payload(room, _at(2, 10), _at(2, 11)), content_type="application/json"
    )
    assert response.status_code == 401


def test_unverified_person_cannot_book_through_the_api(client, make_user, room):
    user = make_user(Role.CITIZEN)
    headers = _auth(user)
    user.email_verified_at = None
    user.save()
    response = client.post(
        "/api/v1/bookings", _payload(room, _at(2, 10), _at(2, 11)), content_type="application/json", **headers
    )
    assert response.status_code == 403
    assert response.json()["error"] == "forbidden"


def test_cancel_own_booking_but_not_someone_elses(client, make_user, room):
    owner, other = make_user(Role.EMPLOYEE), make_user(Role.EMPLOYEE)
    booking = make_booking(room, owner, _at(3, 10))
    response = client.post(
        f"/api/v1/bookings/{booking.pk}/cancel", {}, content_type="application/json", **_auth(other)
    )
    assert response.status_code == 404
    assert client.get(f"/api/v1/bookings/{booking.pk}", **_auth(other)).status_code == 404
    response = client.post(
        f"/api/v1/bookings/{booking.pk}/cancel",
        {"reason": "Endret plan"},
        content_type="application/json",
        **_auth(owner),
    )
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    again = client.post(
        f"/api/v1/bookings/{booking.pk}/cancel", {}, content_type="application/json", **_auth(owner)
    )
    assert again.status_code == 409
    assert Booking.objects.get(pk=booking.pk).status == Booking.Status.CANCELLED


def test_session_post_without_csrf_token_is_refused(make_user, room):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(make_user(Role.EMPLOYEE))
    response = csrf_client.post(
        "/api/v1/bookings", _payload(room, _at(2, 10), _at(2, 11)), content_type="application/json"
    )
    assert response.status_code in {401, 403}
    assert not Booking.objects.exists()
