"""What the events app gives to "download my data" and how it erases on "delete my account".

Registrations for events still to come are cancelled through the normal path, so a freed place is offered to
the next in line. Past registrations stay (as anonymous rows) because attendance and evaluations are counted;
what the person wrote (answers, evaluation texts) goes. "Jeg kommer" marks go, the event's count stays.
"""

from typing import Any

from ideverkstedet.core import privacy


def export_registrations(user: Any) -> list[dict[str, Any]]:
    from ideverkstedet.events.models import Registration

    rows = (
        Registration.objects.filter(person=user).select_related("event", "evaluation").order_by("created_at")
    )
    result = []
    for registration in rows:
        evaluation = getattr(registration, "evaluation", None)
        result.append(
            {
                "event": registration.event.title,
                "event_starts_at": registration.event.starts_at.isoformat()
                if registration.event.starts_at
                else None,
                "status": registration.status,
                "places": registration.places,
                "waitlist_position": registration.waitlist_position,
                "answer": registration.answer,
                "attended": registration.attended,
                "registered_at": registration.created_at.isoformat(),
                "evaluation": {
                    "rating": evaluation.rating,
                    "useful": evaluation.useful,
                    "improve": evaluation.improve,
                }
                if evaluation
                else None,
            }
        )
    return result


def export_drop_in_announcements(user: Any) -> list[dict[str, Any]]:
    return [
        {"event": mark.event.title, "said_at": mark.created_at.isoformat()}
        for mark in user.drop_in_announcements.select_related("event").order_by("created_at")
    ]


def erase_registrations(user: Any) -> None:
    from django.db.models import Q
    from django.utils import timezone

    from ideverkstedet.events.models import Evaluation, Registration
    from ideverkstedet.events.services import registration_cancel

    coming = Q(event__starts_at__isnull=True) | Q(event__starts_at__gt=timezone.now())
    for registration in Registration.objects.filter(coming, person=user, status__in=Registration.ACTIVE):
        registration_cancel(actor=user, registration=registration)
    # A waitlist or an offer for an event that has begun is no longer any use to anyone.
    for registration in Registration.objects.filter(
        person=user, status__in=[Registration.Status.WAITLISTED, Registration.Status.OFFERED]
    ):
        registration_cancel(actor=user, registration=registration)
    Registration.objects.filter(person=user).update(answer="")
    Evaluation.objects.filter(registration__person=user).update(useful="", improve="")


def erase_drop_in_announcements(user: Any) -> None:
    user.drop_in_announcements.all().delete()


privacy.register_exporter("event_registrations", export_registrations)
privacy.register_exporter("drop_in_announcements", export_drop_in_announcements)
privacy.register_eraser("event_registrations", erase_registrations)
privacy.register_eraser("drop_in_announcements", erase_drop_in_announcements)
