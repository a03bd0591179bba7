"""The five 500s the black-box test found, each now a clear 4xx (see also test_no_server_errors)."""

from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ideverkstedet.accounts.models import Role
from ideverkstedet.accounts.services import api_token_create
from ideverkstedet.methods.tests.factories import PlanFactory, add_blocks
from ideverkstedet.rooms.tests.factories import PurposeKindFactory, RoomFactory


@pytest.mark.django_db
@pytest.mark.parametrize("day", ["9999-12-25", "0001-01-01"])
def test_availability_far_away_is_422(client, day):
    room = RoomFactory()
    response = client.get(f"/api/v1/rooms/{room.pk}/availability?from={day}")
    assert response.status_code == 422 and response.json()["error"] in {"invalid", "value_error"}


@pytest.mark.parametrize("year", [9999, 1])
def test_booking_in_year_9999_or_1_is_422(client, make_user, year):
    room = RoomFactory()
    _token, key = api_token_create(user=make_user(Role.EMPLOYEE), name="t")
    start = datetime(year, 6, 1, 10, 0).isoformat() + "+01:00"
    end = datetime(year, 6, 1, 11, 0).isoformat() + "+01:00"
    body = {
        "room": room.pk,
        "start": start,
        "end": end,
        "purpose_kind": PurposeKindFactory().pk,
        "group_type": "team",
        "expected_participants": 4,
    }
    response = client.post(
        "/api/v1/bookings", body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}"
    )
    assert response.status_code == 422


def test_booking_service_refuses_far_away_dates_itself(make_user):
    from ideverkstedet.rooms.services import booking_problems

    room = RoomFactory()
    far = timezone.make_aware(datetime.combine(datetime(9999, 12, 30).date(), time(10)))
    problems = booking_problems(
        room=room, organiser=make_user(Role.EMPLOYEE), start=far, end=far + timedelta(hours=1)
    )
    assert [p.code for p in problems] == ["far_away"]


@pytest.mark.django_db
def test_search_with_a_huge_page_number_is_not_a_500(client):
    response = client.get("/sok/?q=barnehage&side=99999999999999999999")
    assert response.status_code == 200


def test_opening_a_notification_with_a_huge_id_is_404(client, make_user):
    client.force_login(make_user(Role.CITIZEN))
    assert client.post("/varsler/99999999999999999999/apne/").status_code == 404


def test_reordering_with_a_5000_digit_block_id_is_400(client, make_user):
    user = make_user(Role.EMPLOYEE)
    plan = PlanFactory(owner=user)
    add_blocks(plan, ("Velkommen", 10), ("Intervju", 30))
    client.force_login(user)
    response = client.post(reverse("methods:plan_reorder", args=[plan.pk]), {"blokk": ["9" * 5000, "1"]})
    assert response.status_code == 400 and response.json()["code"] == "bad_order"
