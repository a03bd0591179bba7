"""Booking without surprises: the rules and one's quota shown before the form, cancelling as a second step that
says what happens, and the calendar saying in words what its colours say."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ideverkstedet.accounts.models import Role
from ideverkstedet.rooms.models import Booking
from ideverkstedet.rooms.tests.factories import RoomFactory, make_booking

pytestmark = pytest.mark.django_db


def _soon(days: int, hour: int = 10):
    return (timezone.now() + timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)


def test_the_room_page_and_my_bookings_show_the_quota(client, make_user):
    room = RoomFactory(name="Verkstedet", slug="verkstedet", max_open_bookings=3)
    person = make_user(Role.EMPLOYEE)
    make_booking(room, person, _soon(2))
    make_booking(room, person, _soon(3))
    client.force_login(person)
    quota = "Du har 2 av 3 kommende bookinger du kan ha samtidig."
    assert quota in client.get(reverse("rooms:room_detail", args=["verkstedet"])).text
    mine = client.get(reverse("rooms:my_bookings")).text
    assert quota in mine and "Lengde" in mine
    form = client.get(reverse("rooms:booking_new", args=["verkstedet"])).text
    assert quota in form and "Lengde 60–480 minutter" in form


def test_cancelling_asks_first_and_says_what_happens(client, make_user):
    person = make_user(Role.EMPLOYEE)
    booking = make_booking(RoomFactory(), person, _soon(4))
    client.force_login(person)
    url = reverse("rooms:booking_cancel", args=[booking.pk])
    assert url in client.get(reverse("rooms:booking_detail", args=[booking.pk])).text
    step = client.get(url)
    assert step.status_code == 200
    assert (
        "Tiden blir ledig for andre med en gang." in step.text and "Hvorfor avlyses bookingen?" in step.text
    )
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED  # nothing happens before the second step
    client.post(url, {"cancel-reason": "Teamet er sykt"})
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED and booking.decision_reason == "Teamet er sykt"


def test_someone_elses_cancel_step_is_not_shown(client, make_user):
    booking = make_booking(RoomFactory(), make_user(Role.EMPLOYEE), _soon(4))
    client.force_login(make_user(Role.EMPLOYEE))
    assert client.get(reverse("rooms:booking_cancel", args=[booking.pk])).status_code in {403, 404}


def test_the_calendar_says_pending_in_words_and_has_a_legend(client, make_user):
    room = RoomFactory(name="Verkstedet", slug="verkstedet")
    start = _soon(1)
    make_booking(room, make_user(Role.CITIZEN), start, status=Booking.Status.REQUESTED)
    week = timezone.localtime(start).strftime("%G-W%V")
    text = client.get(reverse("rooms:room_detail", args=["verkstedet"]) + f"?uke={week}").text
    assert text.count("Opptatt, venter på godkjenning") >= 2  # the segment and the legend
    assert "Opptatt (bekreftet)" in text


def test_a_free_stretch_before_a_booking_ends_a_buffer_early_and_its_suggested_time_can_be_booked(make_user):
    """The calendar offered 08:00–10:00 before a 10:00 booking; sending it said "Tiden er allerede tatt"
    (the new booking's 15-minute buffer reached into the next one)."""
    from ideverkstedet.rooms import selectors, services
    from ideverkstedet.rooms.models import GroupType
    from ideverkstedet.rooms.tests.factories import PurposeKindFactory, local

    room = RoomFactory(buffer_minutes=15)
    day = timezone.localdate() + timedelta(days=8)
    make_booking(room, make_user(Role.EMPLOYEE), local(day.isoformat(), "10:00"))
    first = selectors.room_days(room, day, 1)[0].segments[0]
    assert first.free and first.bookable
    assert timezone.localtime(first.start).strftime("%H:%M") == "08:00"
    assert timezone.localtime(first.end).strftime("%H:%M") == "09:45"
    booking = services.booking_request(
        organiser=make_user(Role.EMPLOYEE),
        room=room,
        start=first.bookable_from,
        end=first.suggested_end,
        purpose_kind=PurposeKindFactory(),
        group_type=GroupType.TEAM,
        expected_participants=3,
    )
    assert booking.status == Booking.Status.CONFIRMED
    assert timezone.localtime(booking.end).strftime("%H:%M") == "09:30"


def test_a_cancelled_booking_offers_its_cancellation_for_the_calendar_not_to_add_it(client, make_user):
    person = make_user(Role.EMPLOYEE)
    booking = make_booking(RoomFactory(), person, _soon(5))
    client.force_login(person)
    url = reverse("rooms:booking_detail", args=[booking.pk])
    ics = reverse("rooms:booking_ics", args=[booking.pk])
    page = client.get(url).text
    assert "Legg i kalenderen" in page and ics in page and "Fjern fra kalenderen" not in page
    booking.status = Booking.Status.CANCELLED
    booking.save(update_fields=["status"])
    page = client.get(url).text
    assert "Fjern fra kalenderen" in page and "Last ned avlysningen som kalenderfil (.ics)" in page
    assert "Legg i kalenderen" not in page and ics in page
    assert "STATUS:CANCELLED" in client.get(ics).content.decode()
