"""Add to my calendar: an .ics file per booking and per registration (only for the person and staff), and where
the room is: address, floor, how to find it and a map link, on the room, booking and event pages."""

from datetime import timedelta
from urllib.parse import quote_plus

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from ideverkstedet.accounts.models import Role
from ideverkstedet.accounts.tests.factories import ALL_ROLES
from ideverkstedet.events.models import Registration, Session
from ideverkstedet.events.services import registration_create
from ideverkstedet.events.tests.factories import EventFactory, add_session
from ideverkstedet.rooms.services import booking_cancel
from ideverkstedet.rooms.tests.factories import RoomFactory, make_booking

STAFF = {Role.ADVISOR, Role.ADMINISTRATOR}
ADDRESS = "Arnold Haukelands plass 10, 1338 Sandvika"


@pytest.fixture
def room(db):
    return RoomFactory(
        name="Ideverkstedet",
        slug="ideverkstedet",
        location="Kommunegården",
        floor="1. etasje",
        address=ADDRESS,
        directions="Rett fram forbi resepsjonen.",
    )


def _booking(room, organiser, **kwargs):
    start = (timezone.now() + timedelta(days=3)).replace(hour=10, minute=0, second=0, microsecond=0)
    return make_booking(room, organiser, start, **kwargs)


def _events(response):
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content).walk("VEVENT")


def test_booking_ics_has_the_booking_with_a_stable_uid_its_sequence_and_the_place(client, make_user, room):
    organiser = make_user(Role.EMPLOYEE)
    booking = _booking(room, organiser, sequence=3)
    client.force_login(organiser)
    url = reverse("rooms:booking_ics", args=[booking.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    (event,) = _events(response)
    assert str(event["uid"]) == f"{booking.uid}@ideverkstedet"
    assert int(event["sequence"]) == 3
    assert event.decoded("dtstart") == booking.start and event.decoded("dtend") == booking.end
    assert str(event["status"]) == "CONFIRMED"
    location = str(event["location"])
    assert "Ideverkstedet" in location and "1. etasje" in location and ADDRESS in location
    (again,) = _events(client.get(url))
    assert again["uid"] == event["uid"]  # the same event in the calendar, not a second one


def test_a_cancelled_booking_downloads_as_cancelled_with_a_higher_sequence(client, make_user, room):
    organiser, adviser = make_user(Role.EMPLOYEE), make_user(Role.ADVISOR)
    booking = _booking(room, organiser)
    before = booking.sequence
    booking_cancel(actor=adviser, booking=booking, reason="Vannlekkasje.")
    client.force_login(organiser)
    (event,) = _events(client.get(reverse("rooms:booking_ics", args=[booking.pk])))
    assert str(event["status"]) == "CANCELLED"
    assert int(event["sequence"]) > before


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_the_organiser_and_staff_download_a_booking(client, make_user, room, role):
    booking = _booking(room, make_user(Role.EMPLOYEE))
    client.force_login(make_user(role))
    expected = 200 if role in STAFF else 404
    assert client.get(reverse("rooms:booking_ics", args=[booking.pk])).status_code == expected


def test_a_visitor_is_sent_to_log_in_for_a_booking_file(client, make_user, room):
    booking = _booking(room, make_user(Role.EMPLOYEE))
    response = client.get(reverse("rooms:booking_ics", args=[booking.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    assert client.get("/booking/999999/kalender.ics").status_code == 302


def test_registration_ics_has_every_session_with_the_rooms_place(client, make_user, room):
    person = make_user(Role.CITIZEN)
    event = EventFactory(title="Kurs i tjenestedesign")
    outside = add_session(event, days=8)
    inside = add_session(event, days=9)
    in_room = _booking(room, make_user(Role.ADVISOR), kind="event")
    Session.objects.filter(pk=inside.pk).update(booking=in_room, place="")
    registration = registration_create(person=person, event=event)
    client.force_login(person)
    response = client.get(reverse("events:registration_ics", args=[registration.event.slug, registration.pk]))
    assert response.status_code == 200
    events = {str(e["uid"]): e for e in _events(response)}
    assert set(events) == {f"session-{outside.pk}@ideverkstedet", f"session-{inside.pk}@ideverkstedet"}
    assert all(str(e["summary"]) == "Kurs i tjenestedesign" for e in events.values())
    assert all(str(e["status"]) == "CONFIRMED" for e in events.values())
    assert ADDRESS in str(events[f"session-{inside.pk}@ideverkstedet"]["location"])
    assert str(events[f"session-{outside.pk}@ideverkstedet"]["location"]) == "Kommunegården"


def test_a_place_on_the_waiting_list_is_tentative_in_the_calendar(client, make_user):
    event = EventFactory(capacity=1)
    add_session(event)
    registration_create(person=make_user(Role.CITIZEN), event=event)
    waiting = make_user(Role.CITIZEN)
    registration = registration_create(person=waiting, event=event)
    assert registration.status == Registration.Status.WAITLISTED
    client.force_login(waiting)
    (item,) = _events(
        client.get(reverse("events:registration_ics", args=[registration.event.slug, registration.pk]))
    )
    assert str(item["status"]) == "TENTATIVE"


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_the_registrant_and_staff_download_a_registration(client, make_user, role):
    event = EventFactory(is_public=True)
    add_session(event)
    registration = registration_create(person=make_user(Role.CITIZEN), event=event)
    client.force_login(make_user(role))
    expected = 200 if role in STAFF else 404
    assert (
        client.get(
            reverse("events:registration_ics", args=[registration.event.slug, registration.pk])
        ).status_code
        == expected
    )


def test_a_visitor_is_sent_to_log_in_for_a_registration_file(client, make_user):
    event = EventFactory()
    add_session(event)
    registration = registration_create(person=make_user(Role.CITIZEN), event=event)
    response = client.get(reverse("events:registration_ics", args=[registration.event.slug, registration.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_room_page_says_where_the_room_is_with_a_map_link(client, room):
    html = client.get(reverse("rooms:room_detail", args=[room.slug])).content.decode()
    assert "1. etasje" in html and ADDRESS in html and "Rett fram forbi resepsjonen." in html
    assert "Bærum kommune" in html
    assert f"https://www.openstreetmap.org/search?query={quote_plus(ADDRESS)}".replace("&", "&amp;") in html


def test_a_room_without_its_own_address_has_the_municipalitys(client, db, settings):
    settings.MUNICIPALITY_NAME = "Asker kommune"
    settings.MUNICIPALITY_ADDRESS = "Katrineåsveien 20, 1383 Asker"
    plain = RoomFactory(slug="lite-rom")
    html = client.get(reverse("rooms:room_detail", args=[plain.slug])).content.decode()
    assert "Asker kommune" in html and "Katrineåsveien 20, 1383 Asker" in html
    assert quote_plus("Katrineåsveien 20, 1383 Asker") in html


def test_booking_page_has_the_place_and_calendar_links(client, make_user, room):
    organiser = make_user(Role.EMPLOYEE)
    booking = _booking(room, organiser)
    client.force_login(organiser)
    html = client.get(reverse("rooms:booking_detail", args=[booking.pk])).content.decode()
    assert ADDRESS in html and "openstreetmap.org/search" in html
    assert reverse("rooms:booking_ics", args=[booking.pk]) in html
    assert reverse("rooms:my_bookings") + "#kalender" in html


def test_event_page_has_the_rooms_place_the_feed_and_the_registration_file(client, make_user, room):
    person = make_user(Role.CITIZEN)
    event = EventFactory()
    session = add_session(event)
    Session.objects.filter(pk=session.pk).update(
        booking=_booking(room, make_user(Role.ADVISOR), kind="event")
    )
    registration = registration_create(person=person, event=event)
    client.force_login(person)
    html = client.get(reverse("events:event_detail", args=[event.slug])).content.decode()
    assert ADDRESS in html and "Rett fram forbi resepsjonen." in html and "openstreetmap.org/search" in html
    assert reverse("events:feed") in html
    assert reverse("events:registration_ics", args=[registration.event.slug, registration.pk]) in html


def test_a_registration_under_another_events_address_is_not_found(client, make_user):
    person = make_user(Role.CITIZEN)
    event, other = EventFactory(), EventFactory()
    add_session(event)
    registration = registration_create(person=person, event=event)
    client.force_login(person)
    assert (
        client.get(reverse("events:registration_ics", args=[other.slug, registration.pk])).status_code == 404
    )
