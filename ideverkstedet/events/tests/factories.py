from datetime import timedelta

import factory
from django.utils import timezone

from ideverkstedet.accounts.models import Role
from ideverkstedet.accounts.tests.factories import user_with_role
from ideverkstedet.events.models import Event, EventKind, Session


class EventKindFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventKind
        django_get_or_create = ["slug"]

    slug = "kurs"
    name = "Kurs"
    name_nn = "Kurs"
    name_en = "Course"


class EventFactory(factory.django.DjangoModelFactory):
    """A published course with room for 10, open for registration, starting in a week."""

    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Kurs i tjenestedesign {n}")
    slug = factory.Sequence(lambda n: f"kurs-{n}")
    kind = factory.SubFactory(EventKindFactory)
    summary = "To dager om å forstå brukernes behov."
    status = Event.Status.PUBLISHED
    capacity = 10
    created_by = factory.LazyFunction(lambda: user_with_role(Role.ADVISOR))
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))


def add_session(event: Event, days: int = 7, hours: int = 3) -> Session:
    start = timezone.now().replace(microsecond=0) + timedelta(days=days)
    return Session.objects.create(
        event=event, start=start, end=start + timedelta(hours=hours), place="Kommunegården"
    )
