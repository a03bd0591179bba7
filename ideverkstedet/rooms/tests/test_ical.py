"""The calendars are valid iCalendar that clients accept, in UTC instants, and the public feed is anonymous."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar

from ideverkstedet.accounts.models import Role
from ideverkstedet.core.times import local_datetime
from ideverkstedet.rooms import ical
from ideverkstedet.rooms.models import Booking, CalendarFeed, PurposeKind
from ideverkstedet.rooms.tests.factories import RoomFactory, local, make_booking

pytestmark = pytest.mark.django_db

SPRING = date(2027, 3, 28)  # Europe/Oslo: 02:00 → 03:00
ORGANISER_NAME = "Kari Nordmann-Hansen"
ORGANISER_EMAIL = "kari.nordmann.hansen@example.no"
PURPOSE_NAME = "Tjenestedesign for hjemmetjenesten"
NEEDS = "Rullestolplass og tegnspråktolk"
TITLE = "Workshop om trygghetsalarm"


def parse(data: bytes) -> Calendar:
    assert isinstance(data, bytes)
    return Calendar.from_ical(data)


def events(calendar: Calendar) -> list:
    return [c for c in calendar.walk() if c.name == "VEVENT"]


def by_uid(calendar: Calendar) -> dict:
    return {str(e["UID"]): e for e in events(calendar)}


def uid(booking: Booking) -> str:
    return f"{booking.uid}@ideverkstedet"


def assert_utc(value: datetime) -> None:
    assert isinstance(value, datetime)
    assert value.tzinfo is not None
    assert value.utcoffset() == timedelta(0)


@pytest.fixture
def organiser(make_user):
    return make_user(Role.EMPLOYEE, full_name=ORGANISER_NAME, email=ORGANISER_EMAIL)


@pytest.fixture
def room():
    return RoomFactory(name="Verkstedet", slug="verkstedet", location="Rådhuset, 2. etasje")


@pytest.fixture
def purpose():
    return PurposeKind.objects.create(name=PURPOSE_NAME)


@pytest.fixture
def bookings(room, organiser, purpose):
    """Winter, across the spring-forward night, summer, a requested one: all with personal details."""
    details = {"purpose_kind": purpose, "needs": NEEDS, "title": TITLE}
    winter = make_booking(room, organiser, local("2026-12-01", "09:00"), minutes=120, sequence=3, **details)
    # 01:00–04:00 local on the spring-forward night: two real hours (built in UTC so the length is real).
    spring_start = local_datetime(SPRING, time(1, 0)).astimezone(UTC)
    spring = make_booking(room, organiser, spring_start, minutes=120, **details)
    assert timezone.localtime(spring.end).time() == time(4, 0)
    summer = make_booking(room, organiser, local("2027-06-15", "10:00"), minutes=90, sequence=1, **details)
    requested = make_booking(
        room,
        organiser,
        local("2027-06-16", "10:00"),
        status=Booking.Status.REQUESTED,
        **details,
    )
    return {"winter": winter, "spring": spring, "summer": summer, "requested": requested}


# The calendar itself -----------------------------------------------------------------------------------


def test_booking_calendar_has_version_prodid_and_one_event_per_booking(bookings):
    calendar = parse(ical.booking_calendar(bookings.values()))
    assert calendar.name == "VCALENDAR"
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == ical.PRODID
    assert len(events(calendar)) == len(bookings)
    assert set(by_uid(calendar)) == {uid(b) for b in bookings.values()}


def test_every_event_has_uid_dtstamp_and_utc_start_and_end_equal_to_the_booking(bookings):
    calendar = by_uid(parse(ical.booking_calendar(bookings.values())))
    for booking in bookings.values():
        event = calendar[uid(booking)]
        assert_utc(event["DTSTAMP"].dt)
        start, end = event["DTSTART"].dt, event["DTEND"].dt
        assert_utc(start)
        assert_utc(end)
        assert start == booking.start
        assert end == booking.end


def test_spring_forward_booking_is_two_real_hours_in_utc(bookings):
    booking = bookings["spring"]
    data = ical.booking_calendar([booking])
    event = events(parse(data))[0]
    assert event["DTSTART"].dt == datetime(2027, 3, 28, 0, 0, tzinfo=UTC)
    assert event["DTEND"].dt == datetime(2027, 3, 28, 2, 0, tzinfo=UTC)
    assert event["DTEND"].dt - event["DTSTART"].dt == timedelta(hours=2)
    text = data.decode()
    assert "DTSTART:20270328T000000Z" in text
    assert "DTEND:20270328T020000Z" in text


def test_summer_booking_at_ten_local_is_eight_utc(bookings):
    data = ical.booking_calendar([bookings["summer"]])
    event = events(parse(data))[0]
    assert event["DTSTART"].dt == datetime(2027, 6, 15, 8, 0, tzinfo=UTC)
    assert event["DTEND"].dt == datetime(2027, 6, 15, 9, 30, tzinfo=UTC)
    assert "DTSTART:20270615T080000Z" in data.decode()


def test_winter_booking_at_nine_local_is_eight_utc(bookings):
    event = events(parse(ical.booking_calendar([bookings["winter"]])))[0]
    assert event["DTSTART"].dt == datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


def test_sequence_is_the_bookings_sequence(bookings):
    calendar = by_uid(parse(ical.booking_calendar(bookings.values())))
    for booking in bookings.values():
        assert int(calendar[uid(booking)]["SEQUENCE"]) == booking.sequence
    assert int(calendar[uid(bookings["winter"])]["SEQUENCE"]) == 3


def test_status_follows_the_booking(bookings, room, organiser):
    cancelled = make_booking(room, organiser, local("2027-06-17", "10:00"), status=Booking.Status.CANCELLED)
    calendar = by_uid(parse(ical.booking_calendar([*bookings.values(), cancelled])))
    assert str(calendar[uid(bookings["winter"])]["STATUS"]) == "CONFIRMED"
    assert str(calendar[uid(bookings["requested"])]["STATUS"]) == "TENTATIVE"
    assert str(calendar[uid(cancelled)]["STATUS"]) == "CANCELLED"


def test_status_follows_a_booking_freshly_read_from_the_database(bookings):
    fresh = list(Booking.objects.filter(pk__in=[b.pk for b in bookings.values()]))
    calendar = by_uid(parse(ical.booking_calendar(fresh)))
    assert str(calendar[uid(bookings["summer"])]["STATUS"]) == "CONFIRMED"
    assert str(calendar[uid(bookings["requested"])]["STATUS"]) == "TENTATIVE"


def test_cancelled_calendar_marks_every_event_cancelled(bookings):
    calendar = parse(ical.booking_calendar([bookings["winter"], bookings["requested"]], cancelled=True))
    statuses = [str(e["STATUS"]) for e in events(calendar)]
    assert statuses == ["CANCELLED", "CANCELLED"]
    # Only one STATUS line per event, or clients may take the stale one.
    assert ical.booking_calendar([bookings["winter"]], cancelled=True).decode().count("STATUS:") == 1


def test_booking_calendar_shows_the_owner_their_room_and_purpose(bookings, purpose):
    event = events(parse(ical.booking_calendar([bookings["summer"]])))[0]
    assert str(event["SUMMARY"]) == f"Verkstedet: {TITLE}"
    # Where, in full: the room, its place, and the address (the municipality's when the room has none).
    assert (
        str(event["LOCATION"]) == "Verkstedet, Rådhuset, 2. etasje, Arnold Haukelands plass 10, 1338 Sandvika"
    )
    assert str(event["DESCRIPTION"]) == PURPOSE_NAME
    assert str(event["URL"]).endswith(f"/booking/{bookings['summer'].pk}/")


def test_round_trip_gives_the_same_events(bookings, room):
    for data in (ical.booking_calendar(bookings.values()), ical.room_busy_calendar(room, bookings.values())):
        first = parse(data)
        second = Calendar.from_ical(first.to_ical())
        assert len(events(second)) == len(events(first)) == len(bookings)
        for a, b in zip(events(first), events(second), strict=True):
            assert sorted(a.keys()) == sorted(b.keys())
            for key in ("UID", "SUMMARY", "SEQUENCE", "STATUS", "TRANSP"):
                assert a.get(key) == b.get(key)
            for key in ("DTSTART", "DTEND", "DTSTAMP"):
                assert a[key].dt == b[key].dt
        assert second.to_ical() == first.to_ical()


def test_output_follows_the_line_rules_clients_expect(bookings, room):
    for data in (ical.booking_calendar(bookings.values()), ical.room_busy_calendar(room, bookings.values())):
        assert data.startswith(b"BEGIN:VCALENDAR\r\n")
        assert data.endswith(b"END:VCALENDAR\r\n")
        lines = data.split(b"\r\n")[:-1]
        assert all(b"\n" not in line and b"\r" not in line for line in lines)
        assert all(len(line) <= 75 for line in lines)  # folded at 75 octets (RFC 5545 3.1)


# The room's public busy feed --------------------------------------------------------------------------


def test_room_busy_calendar_is_valid_with_one_event_per_booking(room, bookings):
    with translation.override("nb"):
        calendar = parse(ical.room_busy_calendar(room, bookings.values()))
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == ical.PRODID
    found = by_uid(calendar)
    assert set(found) == {uid(b) for b in bookings.values()}
    for booking in bookings.values():
        event = found[uid(booking)]
        assert event["DTSTART"].dt == booking.start
        assert event["DTEND"].dt == booking.end
        assert_utc(event["DTSTART"].dt)
        assert_utc(event["DTSTAMP"].dt)
        assert int(event["SEQUENCE"]) == booking.sequence
    spring = found[uid(bookings["spring"])]
    assert spring["DTEND"].dt - spring["DTSTART"].dt == timedelta(hours=2)


def test_room_busy_calendar_contains_no_personal_data(room, bookings):
    with translation.override("nb"):
        data = ical.room_busy_calendar(room, bookings.values())
    text = data.decode()
    unfolded = text.replace("\r\n ", "")
    for secret in (
        ORGANISER_NAME,
        ORGANISER_EMAIL,
        PURPOSE_NAME,
        NEEDS,
        TITLE,
        "Kari",
        "Nordmann",
        "@example",
    ):
        assert secret not in unfolded
        assert secret.lower() not in unfolded.lower()
    for event in events(parse(data)):
        assert str(event["SUMMARY"]) == "Opptatt"
        for field in ("DESCRIPTION", "ORGANIZER", "ATTENDEE", "CONTACT", "COMMENT", "URL"):
            assert field not in event


# HTTP feeds ---------------------------------------------------------------------------------------------


def _soon(days: int, hour: int = 10) -> datetime:
    """A local time some days from the real now (the feeds filter on the clock)."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def test_public_room_feed_is_text_calendar_without_personal_data(client, room, organiser, purpose):
    booking = make_booking(room, organiser, _soon(3), purpose_kind=purpose, needs=NEEDS, title=TITLE)
    gone = make_booking(room, organiser, _soon(4), status=Booking.Status.CANCELLED)
    response = client.get(f"/rom/{room.slug}/kalender.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert reverse("rooms:room_feed", args=[room.slug]) == f"/rom/{room.slug}/kalender.ics"
    calendar = parse(response.content)
    found = by_uid(calendar)
    assert set(found) == {uid(booking)}
    assert uid(gone) not in found
    assert found[uid(booking)]["DTSTART"].dt == booking.start
    unfolded = response.content.decode().replace("\r\n ", "")
    for secret in (ORGANISER_NAME, ORGANISER_EMAIL, PURPOSE_NAME, NEEDS, TITLE):
        assert secret not in unfolded


def test_public_room_feed_of_unknown_room_is_404(client):
    assert client.get("/rom/finnes-ikke/kalender.ics").status_code == 404


def _renew(client, user) -> str:
    client.force_login(user)
    response = client.post(reverse("rooms:calendar_feed_renew"))
    assert response.status_code == 302
    client.logout()
    return CalendarFeed.objects.get(user=user).token


def test_personal_feed_shows_the_owners_bookings_without_login(client, room, organiser, make_user):
    mine = make_booking(room, organiser, _soon(3), title=TITLE)
    other_person = make_user(Role.EMPLOYEE, full_name="Ola Annenmann", email="ola.annen@example.no")
    theirs = make_booking(room, other_person, _soon(5), title="Olas hemmelige møte")
    token = _renew(client, organiser)

    response = client.get(reverse("rooms:personal_feed", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    found = by_uid(parse(response.content))
    assert set(found) == {uid(mine)}
    assert uid(theirs) not in found
    assert found[uid(mine)]["DTSTART"].dt == mine.start
    assert str(found[uid(mine)]["STATUS"]) == "CONFIRMED"
    text = response.content.decode().replace("\r\n ", "")
    assert "Olas hemmelige møte" not in text
    assert "Ola Annenmann" not in text


def test_renewing_the_personal_feed_makes_the_old_address_404(client, room, organiser):
    mine = make_booking(room, organiser, _soon(3))
    old = _renew(client, organiser)
    assert client.get(reverse("rooms:personal_feed", args=[old])).status_code == 200

    new = _renew(client, organiser)
    assert new != old
    assert client.get(reverse("rooms:personal_feed", args=[old])).status_code == 404
    response = client.get(reverse("rooms:personal_feed", args=[new]))
    assert response.status_code == 200
    assert uid(mine) in by_uid(parse(response.content))


def test_personal_feed_with_an_unknown_token_is_404(client):
    assert client.get(reverse("rooms:personal_feed", args=["ikke-en-ekte-lenke"])).status_code == 404


def test_another_persons_feed_never_shows_my_bookings(client, room, organiser, make_user):
    mine = make_booking(room, organiser, _soon(3))
    other_person = make_user(Role.CITIZEN)
    theirs = make_booking(room, other_person, _soon(6), status=Booking.Status.REQUESTED)
    _renew(client, organiser)
    their_token = _renew(client, other_person)
    response = client.get(reverse("rooms:personal_feed", args=[their_token]))
    assert response.status_code == 200
    found = by_uid(parse(response.content))
    assert set(found) == {uid(theirs)}
    assert uid(mine) not in found
    assert str(found[uid(theirs)]["STATUS"]) == "TENTATIVE"
    assert ORGANISER_NAME not in response.content.decode()


def test_renewing_the_feed_needs_login_and_post(client, organiser):
    assert client.get(reverse("rooms:calendar_feed_renew")).status_code in {302, 405}
    response = client.post(reverse("rooms:calendar_feed_renew"))
    assert response.status_code == 302
    assert not CalendarFeed.objects.filter(user=organiser).exists()
    client.force_login(organiser)
    assert client.get(reverse("rooms:calendar_feed_renew")).status_code == 405
    assert not CalendarFeed.objects.filter(user=organiser).exists()
