from typing import Any

from ideverkstedet.accounts.models import User
from ideverkstedet.desk import services
from ideverkstedet.desk.models import Kind, Request


def kind(slug: str = "metodestotte") -> Kind:
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
