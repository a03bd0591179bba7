"""The approval queue at real volumes: a page at a time with a count, filters, sorting, why each booking needs
approval, clashes with the requester's other bookings, and approving or declining several at once."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ideverkstedet.accounts.models import Role
from ideverkstedet.core.models import AuditEntry
from ideverkstedet.rooms.models import Booking
from ideverkstedet.rooms.tests.factories import RoomFactory, make_booking

pytestmark = pytest.mark.django_db

QUEUE = reverse("rooms:approval_queue")


def _pending(room, person, days: int, hour: int = 10, minutes: int = 60) -> Booking:
    start = (timezone.now() + timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)
    return make_booking(room, person, start, minutes=minutes, status=Booking.Status.REQUESTED)


@pytest.fixture
def advisor_client(client, make_user):
    client.force_login(make_user(Role.ADVISOR))
    return client


def test_a_long_queue_comes_a_page_at_a_time_with_the_count(
    advisor_client, make_user, django_assert_max_num_queries
):
    room = RoomFactory()
    for day in range(1, 57):
        _pending(room, make_user(Role.CITIZEN), day)
    with django_assert_max_num_queries(16):
        first = advisor_client.get(QUEUE)
    text = first.text
    assert "56 bookinger venter på godkjenning" in text
    assert text.count('name="booking"') == 20
    assert "Side 1 av 3" in text
    last = advisor_client.get(QUEUE + "?side=3").text
    assert last.count('name="booking"') == 16


def test_filters_by_room_role_reason_and_dates_and_sorts(advisor_client, make_user):
    workshop = RoomFactory(
        name="Verkstedet", slug="verkstedet", approval_roles=["citizen"], approval_over_minutes=180
    )
    kit = RoomFactory(name="Prototypekassen", slug="kassen", approval_roles=["citizen"])
    citizen_booking = _pending(workshop, make_user(Role.CITIZEN), 3)
    long_booking = _pending(workshop, make_user(Role.EMPLOYEE), 5, hour=9, minutes=240)
    kit_booking = _pending(kit, make_user(Role.CITIZEN), 4)

    def shown(query: str) -> set[int]:
        text = advisor_client.get(QUEUE + query).text
        return {b.pk for b in (citizen_booking, long_booking, kit_booking) if f'id="pick-{b.pk}"' in text}

    assert shown("") == {citizen_booking.pk, long_booking.pk, kit_booking.pk}
    assert shown("?rom=verkstedet") == {citizen_booking.pk, long_booking.pk}
    assert shown("?rolle=employee") == {long_booking.pk}
    assert shown("?grunn=lengde") == {long_booking.pk}
    assert shown("?grunn=rolle") == {citizen_booking.pk, kit_booking.pk}
    day = timezone.localtime(kit_booking.start).date()
    assert shown(f"?fra={day}&til={day}") == {kit_booking.pk}
    text = advisor_client.get(QUEUE + "?grunn=lengde").text
    assert "Lengre enn rommet tillater uten godkjenning" in text
    by_start = advisor_client.get(QUEUE).text
    assert by_start.index(f"pick-{citizen_booking.pk}") < by_start.index(f"pick-{kit_booking.pk}")
    newest = advisor_client.get(QUEUE + "?sorter=ny").text
    assert newest.index(f"pick-{kit_booking.pk}") < newest.index(f"pick-{citizen_booking.pk}")


@pytest.mark.parametrize(
    "query",
    [
        "?side=x",
        "?side=99999",
        "?rom=finnes-ikke",
        "?fra=2026-13-45",
        "?rolle=konge",
        "?sorter=%00",
        "?grunn=x",
    ],
)
def test_bad_queries_never_fail(advisor_client, query):
    assert advisor_client.get(QUEUE + query).status_code == 200


def test_the_requesters_other_bookings_and_clashes_are_shown(advisor_client, make_user):
    person = make_user(Role.CITIZEN)
    pending = _pending(RoomFactory(name="Verkstedet"), person, 6, hour=10, minutes=120)
    make_booking(RoomFactory(name="Prototypekassen"), person, pending.start + timedelta(minutes=30))
    text = advisor_client.get(QUEUE).text
    assert "Kolliderer med en annen booking av samme person" in text and "Prototypekassen" in text
    assert "1 annen kommende booking av samme person" in text


def test_an_adviser_approves_three_at_once(advisor_client, make_user):
    room = RoomFactory()
    bookings = [_pending(room, make_user(Role.CITIZEN), day) for day in (1, 2, 3, 4)]
    response = advisor_client.post(
        reverse("rooms:bookings_decide"),
        {"booking": [b.pk for b in bookings[:3]], "decision": "godkjenn", "reason": ""},
        follow=True,
    )
    assert "3 bookinger er godkjent." in response.text
    statuses = [Booking.objects.get(pk=b.pk).status for b in bookings]
    assert statuses == [Booking.Status.CONFIRMED] * 3 + [Booking.Status.REQUESTED]
    assert AuditEntry.objects.filter(action="rooms.booking_approved").count() == 3


def test_declining_several_needs_one_reason_that_all_get(advisor_client, make_user):
    room = RoomFactory()
    bookings = [_pending(room, make_user(Role.CITIZEN), day) for day in (1, 2)]
    ids = [b.pk for b in bookings]
    refused = advisor_client.post(
        reverse("rooms:bookings_decide"), {"booking": ids, "decision": "avsla"}, follow=True
    )
    assert "Skriv hvorfor bookingene avslås." in refused.text
    assert Booking.objects.filter(pk__in=ids, status=Booking.Status.REQUESTED).count() == 2
    advisor_client.post(
        reverse("rooms:bookings_decide"), {"booking": ids, "decision": "avsla", "reason": "Rommet pusses opp"}
    )
    assert set(Booking.objects.filter(pk__in=ids).values_list("decision_reason", flat=True)) == {
        "Rommet pusses opp"
    }


def test_a_booking_someone_else_decided_first_is_reported_not_an_error(advisor_client, make_user):
    room = RoomFactory()
    first, second = (_pending(room, make_user(Role.CITIZEN), day) for day in (1, 2))
    Booking.objects.filter(pk=first.pk).update(status=Booking.Status.CONFIRMED)
    response = advisor_client.post(
        reverse("rooms:bookings_decide"),
        {"booking": [first.pk, second.pk], "decision": "godkjenn"},
        follow=True,
    )
    assert response.status_code == 200
    assert "1 booking er godkjent." in response.text and "venter ikke på godkjenning" in response.text


@pytest.mark.parametrize(
    "payload",
    [{}, {"booking": ["x", "99999999"], "decision": "godkjenn"}, {"booking": "1", "decision": "slett"}],
)
def test_bad_bulk_posts_are_messages(advisor_client, payload):
    assert advisor_client.post(reverse("rooms:bookings_decide"), payload).status_code == 302


@pytest.mark.parametrize("role", [Role.CITIZEN, Role.EMPLOYEE, Role.LEADER])
def test_only_advisors_decide_in_bulk(client, make_user, role):
    booking = _pending(RoomFactory(), make_user(Role.CITIZEN), 2)
    client.force_login(make_user(role))
    response = client.post(
        reverse("rooms:bookings_decide"), {"booking": [booking.pk], "decision": "godkjenn"}
    )
    assert response.status_code == 403
    assert Booking.objects.get(pk=booking.pk).status == Booking.Status.REQUESTED
