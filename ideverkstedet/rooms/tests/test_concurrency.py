"""No double booking, ever: many people racing for one slot, on SQLite and PostgreSQL alike.

These tests use real threads with their own database connections and committed transactions
(transaction=True), as concurrent requests to several app servers would.
"""

import threading
from collections import Counter
from datetime import datetime, time, timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from ideverkstedet.accounts.models import Role
from ideverkstedet.accounts.tests.factories import user_with_role
from ideverkstedet.core.tests.concurrency import race
from ideverkstedet.rooms import guard
from ideverkstedet.rooms.models import Booking, GroupType
from ideverkstedet.rooms.services import SlotTaken, booking_request
from ideverkstedet.rooms.tests.factories import PurposeKindFactory, RoomFactory, make_booking

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 32
ROUNDS = 20


def _race(work, threads: int = THREADS) -> Counter:
    """Start `threads` workers at the same instant; count their outcomes ("ok", "taken" or the error)."""
    return race(
        lambda index: (work(index), "ok")[1],
        threads,
        expected=lambda error: "taken" if isinstance(error, SlotTaken) else None,
    )


@pytest.fixture
def race_setup():
    room = RoomFactory(
        min_notice_minutes=0, max_open_bookings=100, approval_over_minutes=None, approval_roles=[]
    )
    people = [user_with_role(Role.EMPLOYEE) for _ in range(THREADS)]
    purpose = PurposeKindFactory()
    return room, people, purpose


def test_32_people_racing_for_one_slot_twenty_times_exactly_one_wins_each_round(race_setup):
    room, people, purpose = race_setup
    first_day = timezone.localdate() + timedelta(days=1)
    for round_number in range(ROUNDS):
        day = first_day + timedelta(days=round_number // 5)
        start = timezone.make_aware(datetime.combine(day, time(8 + 2 * (round_number % 5))))

        def book(index: int, start=start) -> None:
            booking_request(
                organiser=people[index],
                room=room,
                start=start,
                end=start + timedelta(hours=1),
                purpose_kind=purpose,
                group_type=GroupType.TEAM,
                expected_participants=3,
            )

        outcomes = _race(book)
        assert outcomes == Counter({"ok": 1, "taken": THREADS - 1}), f"round {round_number}: {outcomes}"
        assert Booking.objects.active().filter(room=room, start=start).count() == 1
    assert Booking.objects.active().filter(room=room).count() == ROUNDS


def test_overlapping_but_not_identical_requests_also_get_one_winner(race_setup):
    room, people, purpose = race_setup
    base = timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=2), time(10)))
    room.slot_minutes = 10
    room.save()

    def book(index: int) -> None:
        # Every request overlaps every other: starts between 10:00 and 10:30, each an hour long.
        start = base + timedelta(minutes=(index % 4) * 10)
        booking_request(
            organiser=people[index],
            room=room,
            start=start,
            end=start + timedelta(hours=1),
            purpose_kind=purpose,
            group_type=GroupType.TEAM,
            expected_participants=2,
        )

    outcomes = _race(book)
    assert outcomes == Counter({"ok": 1, "taken": THREADS - 1}), outcomes
    assert Booking.objects.active().filter(room=room).count() == 1


def test_the_database_itself_refuses_an_overlapping_row(race_setup):
    room, people, _purpose = race_setup
    start = timezone.now() + timedelta(days=3)
    make_booking(room, people[0], start)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_booking(room, people[1], start + timedelta(minutes=30))
    # The buffer counts too: a row starting inside the first booking's buffer is refused.
    with pytest.raises(IntegrityError), transaction.atomic():
        make_booking(room, people[1], start + timedelta(minutes=60 + room.buffer_minutes - 1))
    # Cancelled rows do not hold the room.
    make_booking(room, people[1], start + timedelta(minutes=30), status=Booking.Status.CANCELLED)
    assert Booking.objects.filter(room=room).count() == 2


def test_canary_without_the_guard_the_race_double_books(race_setup):
    """The same race on a deliberately unguarded path (guard removed, check and insert not serialised).

    This shows the concurrent test above can fail: without the guard, several people get the same slot.
    """
    room, people, purpose = race_setup
    start = timezone.now().replace(microsecond=0) + timedelta(days=5)
    checked = threading.Barrier(8)

    def unguarded(index: int) -> None:
        # Check, then (after everyone has checked) insert: the classic race, in autocommit mode.
        free = not Booking.objects.overlapping(
            room=room, start=start, occupied_until=start + timedelta(minutes=75)
        ).exists()
        checked.wait(timeout=30)
        if not free:
            raise SlotTaken()
        Booking.objects.create(
            room=room,
            organiser=people[index],
            status=Booking.Status.CONFIRMED,
            start=start,
            end=start + timedelta(hours=1),
            occupied_until=start + timedelta(minutes=75),
            purpose_kind=purpose,
            group_type=GroupType.TEAM,
            expected_participants=1,
        )

    guard.remove(connection)
    try:
        outcomes = _race(unguarded, threads=8)
        double = Booking.objects.active().filter(room=room, start=start).count()
    finally:
        Booking.objects.filter(room=room).delete()
        guard.install(connection)
    assert double > 1, f"expected the unguarded path to double-book, got {outcomes}"
    assert outcomes["ok"] == double
