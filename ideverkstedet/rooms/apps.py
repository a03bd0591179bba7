from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoomsConfig(AppConfig):
    name = "ideverkstedet.rooms"
    label = "rooms"
    verbose_name = _("Rom og booking")

    def ready(self) -> None:
        from ideverkstedet.core import fragments, housekeeping, sections
        from ideverkstedet.rooms import (  # noqa: F401  (register Min side, exporter and eraser, receivers)
            mypage,
            privacy,
            receivers,
        )
        from ideverkstedet.rooms.models import Booking, ClosedDay, OpeningHours, Room
        from ideverkstedet.rooms.selectors import ROOMS_GROUP, active_rooms, booking_groups
        from ideverkstedet.rooms.tasks import sweep

        housekeeping.register("rooms.bookings", sweep)
        sections.register("meet", "rooms", lambda user, obj: list(active_rooms()[:6]))
        # The room list, the room pages' calendars and the rooms API, cached for anonymous visitors
        # (core/fragments.py): a room, its rules, opening hours and exceptions raise "rooms"; a booking raises its
        # own room's group. Every write to these goes through save() or delete() (services, admin); the rest is
        # bumped where it happens (privacy.erase_bookings, demo). What changes with time alone (the minimum notice
        # passing, "today") is each fragment's own lifetime (selectors.calendar_changes_at, next_midnight).
        fragments.watch(ROOMS_GROUP, [Room, OpeningHours, ClosedDay])
        fragments.watch(booking_groups, [Booking])
