"""Who may see and do what with rooms and bookings. Object rules take the booking."""

from typing import Any

import rules

from ideverkstedet.accounts.rules import is_advisor, is_verified


@rules.predicate
def is_organiser(user: Any, booking: Any) -> bool:
    return booking is not None and user.is_authenticated and booking.organiser_id == user.pk


rules.add_perm("rooms.view_room", rules.always_allow)
rules.add_perm("rooms.view_room_feed", rules.always_allow)
rules.add_perm("rooms.book_room", is_verified)
rules.add_perm("rooms.view_my_bookings", rules.is_authenticated)
rules.add_perm("rooms.view_booking", is_organiser | is_advisor)
rules.add_perm("rooms.change_booking", is_organiser)
rules.add_perm("rooms.cancel_booking", is_organiser | is_advisor)
rules.add_perm("rooms.check_in_booking", is_organiser | is_advisor)
rules.add_perm("rooms.record_outcome", is_organiser | is_advisor)
rules.add_perm("rooms.manage_bookings", is_advisor)
# Staff book outside the rules a person must keep (approval, how far ahead, how many open bookings).
rules.add_perm("rooms.book_outside_rules", is_advisor)
