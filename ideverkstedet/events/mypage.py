"""Min side: offers of a place waiting for an answer, and what the person is registered for."""

from typing import Any

from django.db.models import Exists, OuterRef
from django.utils import timezone

from ideverkstedet.core.mypage import Section, register
from ideverkstedet.events.models import Registration, Session


def _registrations(user: Any) -> dict[str, Any] | None:
    coming = list(
        Registration.objects.filter(person=user, status__in=Registration.ACTIVE)
        .filter(Exists(Session.objects.filter(event=OuterRef("event"), end__gt=timezone.now())))
        .select_related("event")
        .order_by("event__starts_at")[:8]
    )
    return {
        "offers": [r for r in coming if r.status == Registration.Status.OFFERED],
        "registrations": [r for r in coming if r.status != Registration.Status.OFFERED],
    }


register(Section("events.registrations", 20, "events/_mypage_registrations.html", _registrations))
