import importlib
from typing import Any

from ideverkstedet.accounts.models import User
from ideverkstedet.desk import services
from ideverkstedet.desk.models import Kind, Request


def seed_kinds() -> None:
    """The kinds the data migration makes. Transactional tests flush the database, migrations' data with it."""
    if not Kind.objects.exists():
        from django.apps import apps

        importlib.import_module("ideverkstedet.desk.migrations.0002_kinds").add_kinds(apps, None)


def kind(slug: str = "metodestotte") -> Kind:
    seed_kinds()
    return Kind.objects.get(slug=slug)


def make_request(requester: User, **kwargs: Any) -> Request:
    kwargs.setdefault("kind", kind())
    kwargs.setdefault("need", "Vi vil prøve brukerreiser i teamet og trenger hjelp til å komme i gang.")
    return services.request_create(requester=requester, **kwargs)


def booking_for(organiser: User, **kwargs: Any) -> Any:
    """A confirmed booking next week in a room open every day."""
    from datetime import timedelta

    from django.utils import timezone

    from ideverkstedet.rooms.tests.factories import RoomFactory, make_booking

    room = kwargs.pop("room", None) or RoomFactory()
    start = (timezone.now() + timedelta(days=7)).replace(hour=9, minute=0, second=0, microsecond=0)
    return make_booking(room, organiser, start, **kwargs)
