"""Opening hours and exceptions move every room's `updated_at`, so hours cached under it are never read again.

Every room, not just the one changed: an exception without a room applies to all of them, and an exception moved
from one room to another changes both. These are rare edits in the admin; over-invalidating costs nothing.
"""

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from ideverkstedet.rooms.models import ClosedDay, OpeningHours, Room


@receiver([post_save, post_delete], sender=OpeningHours)
@receiver([post_save, post_delete], sender=ClosedDay)
def hours_changed(sender: type, instance: OpeningHours | ClosedDay, **kwargs: Any) -> None:
    Room.objects.update(updated_at=timezone.now())
