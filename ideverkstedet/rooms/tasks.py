"""Booking follow-ups run by the task worker at the right time (the database backend can defer tasks)."""

from datetime import datetime, timedelta

from django.tasks import task
from django.utils import timezone

from ideverkstedet.rooms import services
from ideverkstedet.rooms.models import Booking


@task()
def send_reminder(booking_id: int, sequence: int) -> bool:
    return services.booking_send_reminder(booking_id=booking_id, sequence=sequence)


@task()
def release_if_absent(booking_id: int, sequence: int) -> bool:
    return services.booking_release_if_absent(booking_id=booking_id, sequence=sequence)


@task()
def ask_for_outcome(booking_id: int) -> bool:
    return services.booking_ask_for_outcome(booking_id=booking_id)


def _enqueue_at(runner: object, when: datetime, *args: int) -> None:
    backend = send_reminder.get_backend()
    if not backend.supports_defer:
        return  # the immediate backend (tests) cannot wait; `manage.py housekeeping` sweeps instead
    runner.using(run_after=when).enqueue(*args)  # type: ignore[attr-defined]


def schedule_followups(booking_id: int, sequence: int) -> None:
    """Queue the reminder, the check-in release and the outcome question for a confirmed booking.

    Each task checks the booking's `sequence` when it runs, so a booking moved since is left alone (the move
    scheduled its own follow-ups).
    """
    booking = Booking.objects.select_related("room").filter(pk=booking_id).first()
    if booking is None or booking.status != Booking.Status.CONFIRMED or booking.kind != Booking.Kind.BOOKING:
        return
    now = timezone.now()
    remind_at = booking.start - timedelta(days=1)
    if remind_at > now:
        _enqueue_at(send_reminder, remind_at, booking.pk, sequence)
    if booking.room.checkin_grace_minutes:
        _enqueue_at(
            release_if_absent,
            booking.start + timedelta(minutes=booking.room.checkin_grace_minutes),
            booking.pk,
            sequence,
        )
    _enqueue_at(ask_for_outcome, booking.end + timedelta(minutes=30), booking.pk)


def sweep(now: datetime | None = None) -> dict[str, int]:
    """Catch up on booking follow-ups that are due (after a worker outage, or where tasks cannot be deferred).

    Registered with core.housekeeping (rooms/apps.py). Safe to run any time, as often as you like: each step
    checks the booking's state under a row lock.
    """
    now = now or timezone.now()
    counts = {"reminders": 0, "released": 0, "outcome_requests": 0}
    confirmed = Booking.objects.filter(status=Booking.Status.CONFIRMED, kind=Booking.Kind.BOOKING)
    for booking_id, sequence in confirmed.filter(
        reminder_sent_at__isnull=True, start__gt=now, start__lte=now + timedelta(days=1)
    ).values_list("pk", "sequence"):
        counts["reminders"] += services.booking_send_reminder(booking_id=booking_id, sequence=sequence)
    for booking_id, sequence in confirmed.filter(
        checked_in_at__isnull=True, start__lte=now, room__checkin_grace_minutes__gt=0
    ).values_list("pk", "sequence"):
        counts["released"] += services.booking_release_if_absent(
            booking_id=booking_id, sequence=sequence, now=now
        )
    for booking_id in confirmed.filter(
        outcome_requested_at__isnull=True,
        outcome_at__isnull=True,
        end__lte=now,
        end__gte=now - timedelta(days=14),
    ).values_list("pk", flat=True):
        counts["outcome_requests"] += services.booking_ask_for_outcome(booking_id=booking_id)
    return counts
