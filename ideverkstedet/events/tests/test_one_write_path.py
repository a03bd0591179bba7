"""Every state change goes through its service: cancelling an event cancels its room holds the way any booking
is cancelled (calendar sequence bumped, audited), and staff writes leave an audit entry."""

from datetime import timedelta

import pytest
from django.utils import timezone

from ideverkstedet.accounts.models import Role
from ideverkstedet.accounts.services import user_delete_account
from ideverkstedet.core.models import AuditEntry
from ideverkstedet.events import services
from ideverkstedet.events.models import Event
from ideverkstedet.events.tests.factories import EventFactory
from ideverkstedet.notifications.models import Notification
from ideverkstedet.rooms.models import Booking
from ideverkstedet.rooms.tests.factories import RoomFactory, make_booking


def _audited(action: str, booking: Booking) -> bool:
    return AuditEntry.objects.filter(
        action=action, target_type="rooms.booking", target_id=str(booking.pk)
    ).exists()


def test_cancelling_an_event_cancels_its_room_holds_through_the_booking_service(make_user):
    advisor = make_user(Role.ADVISOR)
    event = EventFactory()
    start = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=4)
    session = services.session_add(
        actor=advisor, event=event, start=start, end=start + timedelta(hours=2), room=RoomFactory()
    )
    hold = session.booking
    assert hold is not None
    before = hold.sequence

    services.event_cancel(actor=advisor, event=event, reason="Kursholder er syk.")

    hold.refresh_from_db()
    assert hold.status == Booking.Status.CANCELLED
    assert hold.sequence == before + 1  # calendar clients see the change and drop the session
    assert hold.decision_reason == "Kursholder er syk."
    assert _audited("rooms.booking_cancelled", hold)


def test_deleting_an_account_cancels_coming_bookings_bumped_and_audited_without_telling_anyone(make_user):
    person = make_user(Role.EMPLOYEE)
    room = RoomFactory()
    coming = make_booking(room, person, timezone.now() + timedelta(days=3), title="Workshop med Kari")
    past = make_booking(room, person, timezone.now() - timedelta(days=3))
    notices_before = Notification.objects.count()

    user_delete_account(user=person)

    coming.refresh_from_db()
    past.refresh_from_db()
    assert coming.status == Booking.Status.CANCELLED
    assert coming.sequence == 1
    assert coming.title == ""  # the free text is erased all the same
    assert _audited("rooms.booking_cancelled", coming)
    assert past.status == Booking.Status.CONFIRMED  # history stays for the room's statistics
    assert Notification.objects.count() == notices_before  # nobody is left to tell


def test_deleting_a_staff_account_leaves_the_units_event_holds(make_user):
    advisor = make_user(Role.ADVISOR)
    event = EventFactory()
    start = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=4)
    session = services.session_add(
        actor=advisor, event=event, start=start, end=start + timedelta(hours=2), room=RoomFactory()
    )
    user_delete_account(user=advisor)
    assert Booking.objects.get(pk=session.booking_id).status == Booking.Status.CONFIRMED


def test_attendance_is_audited(make_user):
    advisor, person = make_user(Role.ADVISOR), make_user(Role.EMPLOYEE)
    registration = services.registration_create(person=person, event=EventFactory())

    services.attendance_set(actor=advisor, registration=registration, attended=False)

    registration.refresh_from_db()
    assert registration.attended is False
    entry = AuditEntry.objects.get(action="events.attendance_set")
    assert entry.actor == advisor
    assert entry.target_id == str(registration.pk)
    assert entry.data == {"attended": False}


def test_publishing_twice_publishes_once(make_user):
    advisor = make_user(Role.ADVISOR)
    event = EventFactory(status=Event.Status.DRAFT)
    stale = Event.objects.get(pk=event.pk)  # a second tab, still showing the draft

    services.event_publish(actor=advisor, event=event)
    with pytest.raises(services.NotAllowed):
        services.event_publish(actor=advisor, event=stale)

    assert AuditEntry.objects.filter(action="events.event_published").count() == 1
    assert Event.objects.get(pk=event.pk).status == Event.Status.PUBLISHED
