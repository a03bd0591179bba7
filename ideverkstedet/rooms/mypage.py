"""Min side: the person's coming bookings and their quota."""

from typing import Any

from django.utils import timezone

from ideverkstedet.core.mypage import Section, register
from ideverkstedet.rooms.models import Booking


def _coming_bookings(user: Any) -> dict[str, Any] | None:
    if not user.has_perm("rooms.view_my_bookings"):
        return None
    coming = list(
        Booking.objects.filter(
            organiser=user,
            kind=Booking.Kind.BOOKING,
            status__in=[Booking.Status.REQUESTED, Booking.Status.CONFIRMED],
            end__gt=timezone.now(),
        )
        .select_related("room")
        .order_by("start")[:5]
    )
    return {"bookings": coming}


register(Section("rooms.bookings", 30, "rooms/_mypage_bookings.html", _coming_bookings))
