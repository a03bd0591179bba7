"""Every booking rule at its edge: exactly at the limit passes, one minute over (or under) fails.

All checks get an explicit `now`, so nothing here depends on the clock. Rooms whose one-minute edges would be
off the default 30-minute grid use slot_minutes=1.
"""

from datetime import date, time, timedelta

import pytest
from django.utils import timezone, translation

from ideverkstedet.accounts.models import Role
from ideverkstedet.core.times import NonexistentLocalTime, local_datetime
from ideverkstedet.rooms.forms import BookingForm
from ideverkstedet.rooms.models import Booking, ClosedDay, GroupType, OpeningHours
from ideverkstedet.rooms.services import BookingError, SlotTaken, booking_problems, booking_request
from ideverkstedet.rooms.tests.factories import PurposeKindFactory, RoomFactory, local, make_booking

pytestmark = pytest.mark.django_db

DAY = "2026-12-01"  # a Tuesday in winter time (CET)
NOW = local("2026-11-20", "12:00")  # well before DAY, well within 90 days


def codes(room, organiser, start, end, now=NOW, **kwargs):
    return [
        p.code
        for p in booking_problems(room=room, organiser=organiser, start=start, end=end, now=now, **kwargs)
    ]


def request(room, organiser, start, end, now=NOW, **kwargs):
    values = {
        "purpose_kind": PurposeKindFactory(),
        "group_type": GroupType.TEAM,
        "expected_participants": 4,
    }
    values.update(kwargs)
    return booking_request(organiser=organiser, room=room, start=start, end=end, now=now, **values)


def problem_codes(error: BookingError) -> list[str]:
    return [p.code for p in error.problems]


@pytest.fixture
def employee(make_user):
    return make_user(Role.EMPLOYEE)


@pytest.fixture
def citizen(make_user):
    return make_user(Role.CITIZEN)


# Length -------------------------------------------------------------------------------------------------


def test_booking_exactly_min_length_is_allowed(employee):
    room = RoomFactory(slot_minutes=1, min_minutes=60)
    assert codes(room, employee, local(DAY, "09:00"), local(DAY, "10:00")) == []


def test_booking_one_minute_shorter_than_min_length_is_too_short(employee):
    room = RoomFactory(slot_minutes=1, min_minutes=60)
    problems = booking_problems(
        room=room, organiser=employee, start=local(DAY, "09:00"), end=local(DAY, "09:59"), now=NOW
    )
    assert [p.code for p in problems] == ["too_short"]
    assert problems[0].field == "end"
    assert "1 t" in problems[0].message


def test_booking_exactly_max_length_is_allowed(employee):
    room = RoomFactory(slot_minutes=1, max_minutes=240)
    assert codes(room, employee, local(DAY, "09:00"), local(DAY, "13:00")) == []


def test_booking_one_minute_longer_than_max_length_is_too_long(employee):
    room = RoomFactory(slot_minutes=1, max_minutes=240)
    problems = booking_problems(
        room=room, organiser=employee, start=local(DAY, "09:00"), end=local(DAY, "13:01"), now=NOW
    )
    assert [p.code for p in problems] == ["too_long"]
    assert problems[0].field == "end"
    assert "4 t" in problems[0].message


def test_booking_ending_at_or_before_its_start_is_refused(employee):
    room = RoomFactory()
    assert codes(room, employee, local(DAY, "10:00"), local(DAY, "10:00")) == ["end_before_start"]
    assert codes(room, employee, local(DAY, "10:00"), local(DAY, "09:00")) == ["end_before_start"]


def test_inactive_room_cannot_be_booked(employee):
    room = RoomFactory(is_active=False)
    assert codes(room, employee, local(DAY, "09:00"), local(DAY, "10:00")) == ["room_inactive"]


# Slot grid ----------------------------------------------------------------------------------------------


def test_booking_on_whole_slots_is_allowed(employee):
    room = RoomFactory(slot_minutes=30)
    assert codes(room, employee, local(DAY, "09:00"), local(DAY, "10:00")) == []
    assert codes(room, employee, local(DAY, "09:30"), local(DAY, "10:30")) == []


def test_booking_starting_off_the_slot_grid_is_refused(employee):
    room = RoomFactory(slot_minutes=30)
    problems = booking_problems(
        room=room, organiser=employee, start=local(DAY, "09:10"), end=local(DAY, "10:10"), now=NOW
    )
    assert [p.code for p in problems] == ["off_grid"]  # reported once, though both ends are off
    assert problems[0].field == "start"
    assert "30" in problems[0].message


def test_booking_ending_off_the_slot_grid_is_refused_on_the_end_field(employee):
    room = RoomFactory(slot_minutes=30)
    problems = booking_problems(
        room=room, organiser=employee, start=local(DAY, "09:00"), end=local(DAY, "10:10"), now=NOW
    )
    assert [(p.code, p.field) for p in problems] == [("off_grid", "end")]


def test_booking_with_stray_seconds_is_off_the_grid(employee):
    room = RoomFactory(slot_minutes=1)
    start = local(DAY, "09:00") + timedelta(seconds=30)
    assert "off_grid" in codes(room, employee, start, start + timedelta(hours=1))


# Buffer between bookings ----------------------------------------------------------------------------------


@pytest.fixture
def buffered_room_with_booking(make_user):
    room = RoomFactory(
        slot_minutes=1, min_minutes=30, buffer_minutes=15, approval_roles=[], max_open_bookings=10
    )
    existing = make_booking(room, make_user(Role.EMPLOYEE), local(DAY, "09:00"), minutes=60)
    assert existing.occupied_until == local(DAY, "10:15")
    return room, existing


def test_booking_starting_exactly_when_the_buffer_ends_is_allowed(buffered_room_with_booking, employee):
    room, _existing = buffered_room_with_booking
    booking = request(room, employee, local(DAY, "10:15"), local(DAY, "11:15"))
    assert booking.pk is not None
    assert booking.occupied_until == local(DAY, "11:30")


def test_booking_starting_one_minute_inside_the_buffer_is_slot_taken(buffered_room_with_booking, employee):
    room, _existing = buffered_room_with_booking
    with pytest.raises(SlotTaken) as caught:
        request(room, employee, local(DAY, "10:14"), local(DAY, "11:14"))
    assert problem_codes(caught.value) == ["slot_taken"]
    assert caught.value.problems[0].message
    assert Booking.objects.filter(room=room).count() == 1


def test_booking_whose_own_buffer_ends_exactly_at_the_next_start_is_allowed(
    buffered_room_with_booking, employee
):
    # 08:00–08:45 plus 15 minutes buffer occupies the room until 09:00, when the existing booking starts.
    room, _existing = buffered_room_with_booking
    booking = request(room, employee, local(DAY, "08:00"), local(DAY, "08:45"), expected_participants=2)
    assert booking.occupied_until == local(DAY, "09:00")


def test_booking_ending_exactly_when_the_next_starts_is_slot_taken_because_of_its_buffer(
    buffered_room_with_booking, employee
):
    # It ends at 09:00, but its buffer runs to 09:15, into the existing booking.
    room, _existing = buffered_room_with_booking
    with pytest.raises(SlotTaken):
        request(room, employee, local(DAY, "08:00"), local(DAY, "09:00"))
    with pytest.raises(SlotTaken):
        request(room, employee, local(DAY, "08:00"), local(DAY, "08:46"))


def test_without_buffer_back_to_back_bookings_are_allowed(make_user):
    room = RoomFactory(buffer_minutes=0, approval_roles=[])
    make_booking(room, make_user(Role.EMPLOYEE), local(DAY, "10:00"), minutes=60)
    before = request(room, make_user(Role.EMPLOYEE), local(DAY, "09:00"), local(DAY, "10:00"))
    after = request(room, make_user(Role.EMPLOYEE), local(DAY, "11:00"), local(DAY, "12:00"))
    assert before.occupied_until == local(DAY, "10:00")
    assert after.start == local(DAY, "11:00")


def test_cancelled_booking_does_not_hold_the_room(make_user, employee):
    room = RoomFactory(buffer_minutes=15, approval_roles=[])
    make_booking(room, make_user(Role.EMPLOYEE), local(DAY, "09:00"), status=Booking.Status.CANCELLED)
    booking = request(room, employee, local(DAY, "09:00"), local(DAY, "10:00"))
    assert booking.status == Booking.Status.CONFIRMED


# How far ahead ------------------------------------------------------------------------------------------


def test_booking_exactly_max_days_ahead_is_allowed(employee):
    room = RoomFactory(slot_minutes=1, max_days_ahead=30)
    now = local("2026-11-01", "09:00")
    start = local("2026-12-01", "09:00")
    assert start == now + timedelta(days=30)
    assert codes(room, employee, start, start + timedelta(hours=1), now=now) == []


def test_booking_one_minute_beyond_max_days_ahead_is_too_far_ahead(employee):
    room = RoomFactory(slot_minutes=1, max_days_ahead=30)
    now = local("2026-11-01", "09:00")
    start = local("2026-12-01", "09:01")
    problems = booking_problems(
        room=room, organiser=employee, start=start, end=start + timedelta(hours=1), now=now
    )
    assert [p.code for p in problems] == ["too_far_ahead"]
    assert problems[0].field == "start"
    assert "30" in problems[0].message


# How late -----------------------------------------------------------------------------------------------


def test_booking_exactly_min_notice_before_start_is_allowed(employee):
    room = RoomFactory(slot_minutes=1, min_notice_minutes=60)
    now = local(DAY, "08:00")
    assert codes(room, employee, local(DAY, "09:00"), local(DAY, "10:00"), now=now) == []


def test_booking_one_minute_inside_min_notice_is_too_late(employee):
    room = RoomFactory(slot_minutes=1, min_notice_minutes=60)
    now = local(DAY, "08:00")
    problems = booking_problems(
        room=room, organiser=employee, start=local(DAY, "08:59"), end=local(DAY, "09:59"), now=now
    )
    assert [p.code for p in problems] == ["too_late"]
    assert problems[0].field == "start"
    assert "1 t" in problems[0].message


def test_booking_starting_in_the_past_is_in_the_past_not_too_late(employee):
    room = RoomFactory(slot_minutes=1, min_notice_minutes=60)
    now = local(DAY, "10:00")
    assert codes(room, employee, local(DAY, "09:00"), local(DAY, "11:00"), now=now) == ["in_the_past"]


def test_with_no_notice_a_booking_may_start_right_now_but_not_a_minute_ago(employee):
    room = RoomFactory(slot_minutes=1, min_notice_minutes=0)
    now = local(DAY, "09:00")
    assert codes(room, employee, local(DAY, "09:00"), local(DAY, "10:00"), now=now) == []
    assert codes(room, employee, local(DAY, "08:59"), local(DAY, "10:00"), now=now) == ["in_the_past"]


# Opening hours ------------------------------------------------------------------------------------------


def test_booking_from_exactly_opening_time_is_allowed(employee):
    room = RoomFactory(slot_minutes=1)  # open 08:00–20:00
    assert codes(room, employee, local(DAY, "08:00"), local(DAY, "09:00")) == []


def test_booking_until_exactly_closing_time_is_allowed(employee):
    room = RoomFactory(slot_minutes=1)
    assert codes(room, employee, local(DAY, "19:00"), local(DAY, "20:00")) == []


def test_booking_starting_one_minute_before_opening_is_outside_opening_hours(employee):
    room = RoomFactory(slot_minutes=1)
    problems = booking_problems(
        room=room, organiser=employee, start=local(DAY, "07:59"), end=local(DAY, "08:59"), now=NOW
    )
    assert [p.code for p in problems] == ["outside_opening_hours"]
    assert "08:00–20:00" in problems[0].message


def test_booking_ending_one_minute_after_closing_is_outside_opening_hours(employee):
    room = RoomFactory(slot_minutes=1)
    assert codes(room, employee, local(DAY, "19:01"), local(DAY, "20:01")) == ["outside_opening_hours"]


def test_booking_across_midnight_is_outside_opening_hours(employee):
    room = RoomFactory(open_every_day=False, slot_minutes=30)
    for weekday in range(7):
        OpeningHours.objects.create(room=room, weekday=weekday, opens=time(0, 0), closes=time(23, 59))
    assert codes(room, employee, local(DAY, "23:00"), local("2026-12-02", "00:30")) == [
        "outside_opening_hours"
    ]


def test_closed_day_for_all_rooms_closes_the_room_with_the_reason(employee):
    room = RoomFactory()
    ClosedDay.objects.create(room=None, date=date(2026, 12, 24), reason="Julaften")
    problems = booking_problems(
        room=room,
        organiser=employee,
        start=local("2026-12-24", "10:00"),
        end=local("2026-12-24", "11:00"),
        now=NOW,
    )
    assert [p.code for p in problems] == ["closed_day"]
    assert "Julaften" in problems[0].message


def test_closed_day_only_affects_its_own_date(employee):
    room = RoomFactory()
    ClosedDay.objects.create(room=None, date=date(2026, 12, 24), reason="Julaften")
    assert codes(room, employee, local("2026-12-23", "10:00"), local("2026-12-23", "11:00")) == []


def test_closed_day_with_special_hours_applies_those_hours(employee):
    room = RoomFactory(slot_minutes=1)
    ClosedDay.objects.create(
        room=None, date=date(2026, 12, 23), reason="Lille julaften", opens=time(10, 0), closes=time(14, 0)
    )
    day = "2026-12-23"
    assert codes(room, employee, local(day, "10:00"), local(day, "11:00")) == []
    assert codes(room, employee, local(day, "13:00"), local(day, "14:00")) == []
    problems = booking_problems(
        room=room, organiser=employee, start=local(day, "09:59"), end=local(day, "10:59"), now=NOW
    )
    assert [p.code for p in problems] == ["outside_opening_hours"]
    assert "10:00–14:00" in problems[0].message
    # Inside the regular hours (08–20) but after the special closing time.
    assert codes(room, employee, local(day, "13:01"), local(day, "14:01")) == ["outside_opening_hours"]


def test_room_specific_closed_day_wins_over_one_for_all_rooms(employee):
    room = RoomFactory(slot_minutes=1)
    other_room = RoomFactory(slot_minutes=1)
    day = "2026-12-24"
    ClosedDay.objects.create(room=None, date=date(2026, 12, 24), reason="Julaften")
    ClosedDay.objects.create(
        room=room, date=date(2026, 12, 24), reason="Julverksted", opens=time(10, 0), closes=time(14, 0)
    )
    assert codes(room, employee, local(day, "10:00"), local(day, "11:00")) == []
    assert codes(room, employee, local(day, "09:00"), local(day, "10:00")) == ["outside_opening_hours"]
    # The other room still follows the all-rooms exception.
    assert codes(other_room, employee, local(day, "10:00"), local(day, "11:00")) == ["closed_day"]


def test_room_specific_closing_wins_over_special_hours_for_all_rooms(employee):
    room = RoomFactory()
    ClosedDay.objects.create(
        room=None, date=date(2026, 12, 23), reason="Kort dag", opens=time(10, 0), closes=time(14, 0)
    )
    ClosedDay.objects.create(room=room, date=date(2026, 12, 23), reason="Maling")
    problems = booking_problems(
        room=room,
        organiser=employee,
        start=local("2026-12-23", "10:00"),
        end=local("2026-12-23", "11:00"),
        now=NOW,
    )
    assert [p.code for p in problems] == ["closed_day"]
    assert "Maling" in problems[0].message


def test_weekday_without_opening_hours_is_closed(employee):
    room = RoomFactory(open_every_day=False)
    OpeningHours.objects.create(room=room, weekday=0, opens=time(8, 0), closes=time(16, 0))  # Mondays only
    monday, tuesday = "2026-11-30", "2026-12-01"
    assert codes(room, employee, local(monday, "09:00"), local(monday, "10:00")) == []
    problems = booking_problems(
        room=room, organiser=employee, start=local(tuesday, "09:00"), end=local(tuesday, "10:00"), now=NOW
    )
    assert [p.code for p in problems] == ["closed_day"]
    assert problems[0].message


# Open bookings per person ---------------------------------------------------------------------------------


@pytest.fixture
def limited_room():
    return RoomFactory(max_open_bookings=2)


def _elsewhere(organiser, start, **kwargs):
    """A booking in another room, so it never clashes with the one being checked."""
    return make_booking(RoomFactory(), organiser, start, **kwargs)


def test_person_with_one_open_booking_below_the_limit_may_book(limited_room, citizen):
    _elsewhere(citizen, local("2026-11-25", "09:00"))
    assert codes(limited_room, citizen, local(DAY, "09:00"), local(DAY, "10:00")) == []


def test_person_with_open_bookings_at_the_limit_may_not_book_more(limited_room, citizen):
    _elsewhere(citizen, local("2026-11-25", "09:00"))
    _elsewhere(citizen, local("2026-11-26", "09:00"), status=Booking.Status.REQUESTED)
    problems = booking_problems(
        room=limited_room, organiser=citizen, start=local(DAY, "09:00"), end=local(DAY, "10:00"), now=NOW
    )
    assert [p.code for p in problems] == ["too_many_open"]
    assert "2" in problems[0].message


@pytest.mark.parametrize(
    "status", [Booking.Status.CANCELLED, Booking.Status.DECLINED, Booking.Status.RELEASED]
)
def test_ended_statuses_do_not_count_as_open_bookings(limited_room, citizen, status):
    _elsewhere(citizen, local("2026-11-25", "09:00"))
    _elsewhere(citizen, local("2026-11-26", "09:00"), status=status)
    assert codes(limited_room, citizen, local(DAY, "09:00"), local(DAY, "10:00")) == []


def test_past_bookings_do_not_count_as_open_bookings(limited_room, citizen):
    _elsewhere(citizen, local("2026-11-25", "09:00"))
    _elsewhere(citizen, NOW - timedelta(hours=2), minutes=60)  # ended an hour before now
    _elsewhere(citizen, NOW - timedelta(hours=1), minutes=60)  # ends exactly now
    assert codes(limited_room, citizen, local(DAY, "09:00"), local(DAY, "10:00")) == []


def test_booking_in_progress_counts_as_open(limited_room, citizen):
    _elsewhere(citizen, local("2026-11-25", "09:00"))
    _elsewhere(citizen, NOW - timedelta(minutes=30), minutes=60)  # still running
    assert codes(limited_room, citizen, local(DAY, "09:00"), local(DAY, "10:00")) == ["too_many_open"]


def test_other_peoples_bookings_do_not_count(limited_room, citizen, make_user):
    other = make_user(Role.CITIZEN)
    _elsewhere(other, local("2026-11-25", "09:00"))
    _elsewhere(other, local("2026-11-26", "09:00"))
    assert codes(limited_room, citizen, local(DAY, "09:00"), local(DAY, "10:00")) == []


@pytest.mark.parametrize("role", [Role.ADVISOR, Role.ADMINISTRATOR])
def test_advisors_are_not_limited_in_open_bookings(limited_room, make_user, role):
    advisor = make_user(role)
    for day in ("2026-11-24", "2026-11-25", "2026-11-26"):
        _elsewhere(advisor, local(day, "09:00"))
    assert codes(limited_room, advisor, local(DAY, "09:00"), local(DAY, "10:00")) == []


def test_the_limit_also_holds_through_booking_request(limited_room, citizen):
    _elsewhere(citizen, local("2026-11-25", "09:00"))
    request(limited_room, citizen, local(DAY, "09:00"), local(DAY, "10:00"))
    with pytest.raises(BookingError) as caught:
        request(limited_room, citizen, local(DAY, "12:00"), local(DAY, "13:00"))
    assert problem_codes(caught.value) == ["too_many_open"]


# Approval -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.CITIZEN, Role.VOLUNTEER, Role.EXTERNAL])
def test_booking_by_a_role_that_needs_approval_is_requested(make_user, role):
    room = RoomFactory()
    booking = request(room, make_user(role), local(DAY, "09:00"), local(DAY, "10:00"))
    assert booking.status == Booking.Status.REQUESTED


def test_employee_booking_of_exactly_approval_limit_is_confirmed(employee):
    room = RoomFactory(slot_minutes=1, approval_over_minutes=240)
    booking = request(room, employee, local(DAY, "09:00"), local(DAY, "13:00"))
    assert booking.status == Booking.Status.CONFIRMED


def test_employee_booking_one_minute_over_approval_limit_is_requested(employee):
    room = RoomFactory(slot_minutes=1, approval_over_minutes=240)
    booking = request(room, employee, local(DAY, "09:00"), local(DAY, "13:01"))
    assert booking.status == Booking.Status.REQUESTED


@pytest.mark.parametrize("role", [Role.ADVISOR, Role.ADMINISTRATOR])
def test_advisor_booking_is_always_confirmed(make_user, role):
    room = RoomFactory(approval_over_minutes=60, approval_roles=[role.value, Role.CITIZEN.value])
    booking = request(room, make_user(role), local(DAY, "09:00"), local(DAY, "17:00"))
    assert booking.status == Booking.Status.CONFIRMED


def test_without_approval_limit_employees_never_need_approval(employee):
    room = RoomFactory(approval_over_minutes=None, max_minutes=720)
    booking = request(room, employee, local(DAY, "08:00"), local(DAY, "20:00"))
    assert booking.status == Booking.Status.CONFIRMED


def test_without_approval_limit_citizens_still_need_approval(citizen):
    room = RoomFactory(approval_over_minutes=None)
    booking = request(room, citizen, local(DAY, "09:00"), local(DAY, "10:00"))
    assert booking.status == Booking.Status.REQUESTED


def test_approval_status_is_read_from_a_fresh_user_too(employee):
    """The role from the database is a plain string: the same rules must apply to it."""
    from ideverkstedet.accounts.models import User

    fresh = User.objects.get(pk=employee.pk)
    room = RoomFactory(slot_minutes=1, approval_over_minutes=240)
    assert request(room, fresh, local(DAY, "09:00"), local(DAY, "13:00")).status == Booking.Status.CONFIRMED
    assert request(room, fresh, local(DAY, "14:00"), local(DAY, "18:01")).status == Booking.Status.REQUESTED


# Capacity and participants -----------------------------------------------------------------------------


def test_booking_for_exactly_the_capacity_is_allowed(employee):
    room = RoomFactory(capacity=10)
    booking = request(room, employee, local(DAY, "09:00"), local(DAY, "10:00"), expected_participants=10)
    assert booking.expected_participants == 10


def test_booking_for_one_more_than_capacity_is_over_capacity(employee):
    room = RoomFactory(capacity=10)
    with pytest.raises(BookingError) as caught:
        request(room, employee, local(DAY, "09:00"), local(DAY, "10:00"), expected_participants=11)
    assert [(p.code, p.field) for p in caught.value.problems] == [("over_capacity", "expected_participants")]
    assert "10" in caught.value.problems[0].message
    assert not Booking.objects.filter(room=room).exists()


@pytest.mark.parametrize("participants", [0, -1])
def test_booking_for_fewer_than_one_participant_is_refused(employee, participants):
    room = RoomFactory(capacity=10)
    with pytest.raises(BookingError) as caught:
        request(room, employee, local(DAY, "09:00"), local(DAY, "10:00"), expected_participants=participants)
    assert [(p.code, p.field) for p in caught.value.problems] == [("participants", "expected_participants")]


def test_booking_for_exactly_one_participant_is_allowed(employee):
    room = RoomFactory(capacity=10)
    booking = request(room, employee, local(DAY, "09:00"), local(DAY, "10:00"), expected_participants=1)
    assert booking.expected_participants == 1


def test_booking_without_purpose_or_group_is_refused(employee):
    room = RoomFactory()
    with pytest.raises(BookingError) as caught:
        request(room, employee, local(DAY, "09:00"), local(DAY, "10:00"), purpose_kind=None, group_type="")
    assert problem_codes(caught.value) == ["purpose_missing", "group_type_missing"]


# Summer time (Europe/Oslo) -----------------------------------------------------------------------------

SPRING = date(2027, 3, 28)  # 02:00 → 03:00
AUTUMN = date(2027, 10, 31)  # 03:00 → 02:00


def _sunday_room(**rules):
    room = RoomFactory(
        open_every_day=False,
        slot_minutes=30,
        min_minutes=30,
        min_notice_minutes=0,
        max_days_ahead=3650,
        **rules,
    )
    OpeningHours.objects.create(room=room, weekday=6, opens=time(0, 0), closes=time(23, 59))
    return room


def test_spring_forward_night_booking_lasts_two_real_hours_and_fits_a_two_hour_limit(employee):
    room = _sunday_room(max_minutes=120)
    start, end = local_datetime(SPRING, time(1, 0)), local_datetime(SPRING, time(4, 0))
    # local_datetime returns UTC instants, so plain subtraction is real time: 2 h, not the wall clock's 3 h.
    assert end - start == timedelta(hours=2)  # real elapsed time: local_datetime returns UTC instants
    assert (end.timestamp() - start.timestamp()) == 2 * 3600
    now = local_datetime(date(2027, 3, 27), time(12, 0))
    assert codes(room, employee, start, end, now=now) == []


def test_spring_forward_night_booking_is_too_long_for_119_minutes(employee):
    room = _sunday_room(max_minutes=119)
    start, end = local_datetime(SPRING, time(1, 0)), local_datetime(SPRING, time(4, 0))
    now = local_datetime(date(2027, 3, 27), time(12, 0))
    assert codes(room, employee, start, end, now=now) == ["too_long"]


def test_fall_back_night_booking_lasts_three_real_hours_and_fits_a_three_hour_limit(employee):
    room = _sunday_room(max_minutes=180)
    start, end = local_datetime(AUTUMN, time(1, 0)), local_datetime(AUTUMN, time(3, 0))
    assert (end.timestamp() - start.timestamp()) == 3 * 3600
    now = local_datetime(date(2027, 10, 30), time(12, 0))
    assert codes(room, employee, start, end, now=now) == []


def test_fall_back_night_booking_is_too_long_for_179_minutes(employee):
    room = _sunday_room(max_minutes=179)
    start, end = local_datetime(AUTUMN, time(1, 0)), local_datetime(AUTUMN, time(3, 0))
    now = local_datetime(date(2027, 10, 30), time(12, 0))
    assert codes(room, employee, start, end, now=now) == ["too_long"]


def test_summer_time_booking_is_stored_with_its_real_instants(employee):
    room = _sunday_room(max_minutes=120, approval_roles=[])
    start, end = local_datetime(SPRING, time(1, 0)), local_datetime(SPRING, time(4, 0))
    booking = request(room, employee, start, end, now=local_datetime(date(2027, 3, 27), time(12, 0)))
    booking.refresh_from_db()
    assert booking.minutes == 120
    assert booking.start.timestamp() == start.timestamp()
    assert booking.end.timestamp() == end.timestamp()


def test_skipped_spring_time_does_not_exist():
    with pytest.raises(NonexistentLocalTime):
        local_datetime(SPRING, time(2, 30))
    with pytest.raises(NonexistentLocalTime):
        local_datetime(SPRING, time(2, 0))


def test_times_around_the_spring_gap_exist():
    before, after = local_datetime(SPRING, time(1, 59)), local_datetime(SPRING, time(3, 0))
    assert timezone.localtime(before).utcoffset() == timedelta(hours=1)
    assert timezone.localtime(after).utcoffset() == timedelta(hours=2)
    assert after.timestamp() - before.timestamp() == 60


def test_repeated_autumn_time_takes_the_first_summer_time_instance():
    first = local_datetime(AUTUMN, time(2, 30))
    assert timezone.localtime(first).utcoffset() == timedelta(hours=2)


def _form_data(purpose, start_time, end_time, day=SPRING):
    return {
        "date": day.isoformat(),
        "start_time": start_time,
        "end_time": end_time,
        "purpose_kind": purpose.pk,
        "group_type": GroupType.TEAM.value,
        "expected_participants": 3,
    }


def test_booking_form_reports_nonexistent_start_time_on_the_field_instead_of_crashing():
    room = _sunday_room(max_minutes=240)
    form = BookingForm(data=_form_data(PurposeKindFactory(), "02:30", "04:00"), room=room)
    assert not form.is_valid()
    assert "start_time" in form.errors
    assert "end_time" not in form.errors
    assert "start" not in form.cleaned_data


def test_booking_form_reports_nonexistent_end_time_on_the_field():
    room = _sunday_room(max_minutes=240)
    form = BookingForm(data=_form_data(PurposeKindFactory(), "01:00", "02:30"), room=room)
    assert not form.is_valid()
    assert "end_time" in form.errors
    assert "start_time" not in form.errors


def test_booking_form_turns_local_times_into_real_instants_across_the_change():
    room = _sunday_room(max_minutes=240)
    form = BookingForm(data=_form_data(PurposeKindFactory(), "01:00", "04:00"), room=room)
    assert form.is_valid(), form.errors
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    assert start.timestamp() == local_datetime(SPRING, time(1, 0)).timestamp()
    assert end.timestamp() - start.timestamp() == 2 * 3600


# Several problems at once -------------------------------------------------------------------------------


def test_problem_list_gathers_every_broken_rule_at_once(employee):
    room = RoomFactory(slot_minutes=1, min_minutes=60)
    with translation.override("nb"):
        problems = booking_problems(
            room=room, organiser=employee, start=local(DAY, "07:00"), end=local(DAY, "07:30"), now=NOW
        )
    assert {p.code for p in problems} == {"too_short", "outside_opening_hours"}
    assert all(p.message.strip() for p in problems)


def test_many_broken_rules_each_get_a_norwegian_message(limited_room, citizen):
    _elsewhere(citizen, local("2026-11-25", "09:00"))
    _elsewhere(citizen, local("2026-11-26", "09:00"))
    limited_room.max_days_ahead = 5
    limited_room.save()
    with translation.override("nb"):
        problems = booking_problems(
            room=limited_room,
            organiser=citizen,
            start=local(DAY, "07:10"),
            end=local(DAY, "07:20"),
            now=NOW,
        )
    by_code = {p.code: p for p in problems}
    assert set(by_code) == {
        "too_far_ahead",
        "too_short",
        "off_grid",
        "outside_opening_hours",
        "too_many_open",
    }
    assert all(p.message.strip() for p in problems)
    assert by_code["too_far_ahead"].message == "Du kan booke høyst 5 dager fram i tid."
    assert by_code["too_short"].message == "Bookingen må vare minst 1 t."
    assert by_code["outside_opening_hours"].message == "Rommet er åpent 08:00–20:00 denne dagen."


def test_booking_request_reports_rule_and_form_problems_together(employee):
    room = RoomFactory(slot_minutes=1, capacity=5)
    with translation.override("nb"), pytest.raises(BookingError) as caught:
        request(room, employee, local(DAY, "07:00"), local(DAY, "07:30"), expected_participants=6)
    assert problem_codes(caught.value) == ["too_short", "outside_opening_hours", "over_capacity"]
    assert all(p.message.strip() for p in caught.value.problems)
    assert str(caught.value) == "; ".join(p.message for p in caught.value.problems)
