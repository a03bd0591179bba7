from datetime import UTC, datetime, time, timedelta

import factory
from django.utils import timezone

from ideverkstedet.rooms.models import Booking, GroupType, OpeningHours, PurposeKind, Room


class PurposeKindFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PurposeKind
        django_get_or_create = ["name"]

    name = "Idéverksted"
    name_nn = "Idéverkstad"
    name_en = "Idea workshop"


class RoomFactory(factory.django.DjangoModelFactory):
    """A room open every day 08:00–20:00 with the default rules (pass open_every_day=False for none)."""

    class Meta:
        model = Room
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Rom {n}")
    slug = factory.Sequence(lambda n: f"rom-{n}")
    capacity = 20

    @factory.post_generation
    def open_every_day(obj, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create and extracted is not False:
            for weekday in range(7):
                OpeningHours.objects.create(room=obj, weekday=weekday, opens=time(8, 0), closes=time(20, 0))


def local(day: str, at: str) -> datetime:
    """The instant (UTC) of a local date and time: local("2026-12-01", "09:00"). UTC keeps arithmetic real."""
    return timezone.make_aware(datetime.fromisoformat(f"{day}T{at}")).astimezone(UTC)


def make_booking(room: Room, organiser, start: datetime, minutes: int = 60, **kwargs) -> Booking:  # type: ignore[no-untyped-def]
    """A booking written straight to the database (bypassing the rules, not the overlap guard)."""
    start = start.astimezone(UTC)
    end = start + timedelta(minutes=minutes)
    defaults = {
        "status": Booking.Status.CONFIRMED,
        "purpose_kind": PurposeKindFactory(),
        "group_type": GroupType.TEAM,
        "expected_participants": 4,
        "occupied_until": end + timedelta(minutes=room.buffer_minutes),
    }
    defaults.update(kwargs)
    return Booking.objects.create(room=room, organiser=organiser, start=start, end=end, **defaults)
