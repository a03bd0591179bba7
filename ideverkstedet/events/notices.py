"""What the events app tells a person about their registration, in their own language."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ideverkstedet.core import dates
from ideverkstedet.events.models import (
    Registration,
)
from ideverkstedet.notifications.models import Kind
from ideverkstedet.notifications.services import Attachment, notify


def tell(registration: Registration, what: str, *, reason: str = "") -> None:
    """Tell the person (in their language, in the app and by email) what happened to their registration."""
    person = registration.person
    event = registration.event
    with translation.override(person.language):
        titles = {
            "registered": _("Du er påmeldt: %(event)s"),
            "waitlisted": _("Du står på venteliste: %(event)s"),
            "offered": _("Ledig plass til deg: %(event)s"),
            "expired": _("Tilbudet gikk ut: %(event)s"),
            "moved": _("Ny plass i køen: %(event)s"),
            "cancelled": _("Avlyst: %(event)s"),
            "reminder": _("Påminnelse: %(event)s"),
            "evaluate": _("Hvordan var det? %(event)s"),
            "changed": _("Endret: %(event)s"),
        }
        bodies = {
            "registered": _("Velkommen! Du finner tid og sted på arrangementssiden."),
            "waitlisted": _("Du er nummer %(position)s i køen. Du får beskjed hvis en plass blir ledig."),
            "offered": _(
                "En plass er ledig. Takk ja innen %(deadline)s, ellers går den videre til neste i køen."
            ),
            "expired": _("Du takket ikke ja i tide, så plassen gikk videre. Du kan melde deg på igjen."),
            "moved": _("Du er nå nummer %(position)s i køen. Begrunnelse: %(reason)s"),
            "cancelled": _("Arrangementet er dessverre avlyst. Begrunnelse: %(reason)s"),
            "reminder": _("Vi ses i morgen! Tid og sted står på arrangementssiden."),
            "evaluate": _("Takk for at du var med! Svar gjerne på tre korte spørsmål på arrangementssiden."),
            "changed": _("Arrangementet er endret. Se detaljene på arrangementssiden."),
        }
        deadline = (
            dates.when(timezone.localtime(registration.offer_expires_at), "datetime")
            if registration.offer_expires_at
            else ""
        )
        title = titles[what] % {"event": event.title}
        body = bodies[what] % {
            "position": registration.waitlist_position or "",
            "deadline": deadline,
            "reason": reason,
        }
        attachments = []
        if what in {"registered", "cancelled", "reminder", "changed"}:
            from ideverkstedet.events.ical import events_calendar

            attachments.append(
                Attachment.ics(f"{event.slug}.ics", events_calendar([event], name=event.title))
            )
        notify(
            user=person,
            title=title,
            body=body,
            url=reverse("events:event_detail", args=[event.slug]),
            kind=Kind.EVENTS,
            urgent=what == "offered",  # the offer has a deadline: a daily digest could come too late
            email_template="events/email/registration",
            email_context={"event_title": event.title},
            attachments=attachments,
        )
