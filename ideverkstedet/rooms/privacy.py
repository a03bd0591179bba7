from typing import Any

from ideverkstedet.core import privacy


def export_bookings(user: Any) -> list[dict[str, Any]]:
    return [
        {
            "room": b.room.name,
            "start": b.start.isoformat(),
            "end": b.end.isoformat(),
            "status": b.status,
            "purpose": str(b.purpose_kind) if b.purpose_kind_id else None,
            "group_type": b.group_type,
            "expected_participants": b.expected_participants,
            "needs": b.needs,
            "outcome": b.outcome_text,
            "next_step": b.next_step,
        }
        for b in user.bookings.select_related("room", "purpose_kind").filter(kind="booking")
    ]


def erase_bookings(user: Any) -> None:
    """Bookings stay for the room's history and statistics, without the free text that could identify anyone.

    The person's coming bookings are cancelled through `booking_cancel` (the one cancel path: the calendar
    sequence is bumped and the cancellation audited), without telling the person whose account is going. Blocks
    and event holds they made as staff belong to the unit's work and stay.
    """
    from django.utils import timezone

    from ideverkstedet.core import fragments
    from ideverkstedet.rooms.models import Booking
    from ideverkstedet.rooms.selectors import bookings_group
    from ideverkstedet.rooms.services import booking_cancel

    for booking in user.bookings.filter(
        kind=Booking.Kind.BOOKING, status__in=Booking.ACTIVE_STATUSES, start__gt=timezone.now()
    ):
        booking_cancel(actor=user, booking=booking, reason="", tell=False)
    # An update sends no signal: raise the versions of the rooms' cached calendars here (core/fragments.py).
    for room_id in set(user.bookings.values_list("room_id", flat=True)):
        fragments.bump(bookings_group(room_id))
    user.bookings.update(needs="", outcome_text="", next_step="", title="")
    if hasattr(user, "calendar_feed"):
        user.calendar_feed.delete()


privacy.register_exporter("bookings", export_bookings)
privacy.register_eraser("bookings", erase_bookings)
