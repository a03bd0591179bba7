"""Dates far from now in the booking form and the calendar get a clear answer, never a server error."""

import pytest
from django.test import Client
from django.urls import reverse

from ideverkstedet.accounts.models import Role
from ideverkstedet.accounts.tests.factories import user_with_role
from ideverkstedet.rooms.tests.factories import RoomFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1899-06-01"])
def test_a_date_far_away_is_a_field_error(day):
    room = RoomFactory()
    client = Client()
    client.force_login(user_with_role(Role.EMPLOYEE))
    response = client.post(
        reverse("rooms:booking_new", args=[room.slug]),
        {"date": day, "start_time": "10:00", "end_time": "11:00"},
    )
    assert response.status_code in {200, 400}
    assert "Velg en dato mellom år 2000 og 2100." in response.text


@pytest.mark.parametrize("week", ["0001-W01", "0001-01-01", "9999-W52", "9999-12-31", "2026-W99", "x"])
def test_a_calendar_week_far_away_shows_this_week(client, week):
    room = RoomFactory()
    response = client.get(reverse("rooms:room_detail", args=[room.slug]), {"uke": week})
    assert response.status_code == 200
