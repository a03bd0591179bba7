"""Every write to events and registrations.

Locking: every change to who holds a place or stands in line runs inside `_locked(event)`, which takes a row lock
on the event (SELECT ... FOR UPDATE on PostgreSQL; on SQLite every transaction already holds the database's write
lock, as transactions begin IMMEDIATE). Under that lock the services count places, hand out waitlist positions and
promote people, so concurrent registrations and cancellations are serialised per event. Unique constraints on
(event, person) and (event, waitlist_position) back this up in the database.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ideverkstedet.accounts.models import User
from ideverkstedet.core import dates, errors, fragments
from ideverkstedet.core.audit import audit_record
from ideverkstedet.core.errors import Problem, ServiceError
from ideverkstedet.core.times import end_of_day
from ideverkstedet.events.models import (
    DropInAnnouncement,
    Evaluation,
    Event,
    EventKind,
    Registration,
    Session,
)
from ideverkstedet.events.notices import tell
from ideverkstedet.rooms.models import Room


class RegistrationError(ServiceError):
    """A registration or event rule that failed; `.problems` as for every service error.

    Already registered and full are conflicts (409 in the API): the request is fine, the event's state is not.
    """

    CONFLICTS = frozenset({"already", "full"})

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems=problems)
        if self.code in self.CONFLICTS:
            self.status = errors.Conflict.status


class NotAllowed(RegistrationError, errors.NotAllowed):
    def __init__(self, message: str) -> None:
        super().__init__([Problem("not_allowed", message)])


def _problem(code: str, message: str, field: str | None = None) -> RegistrationError:
    return RegistrationError([Problem(code, message, field)])


@contextmanager
def _locked(event: Event) -> Iterator[Event]:
    """Hold the event's row lock for the rest of the transaction (see the module docstring)."""
    with transaction.atomic():
        yield Event.objects.select_for_update().get(pk=event.pk)


def places_taken(event: Event) -> int:
    taken = Registration.objects.filter(event=event, status__in=Registration.HOLDING).aggregate(
        n=Sum("places")
    )["n"]
    return int(taken or 0)


def _next_position(event: Event) -> int:
    return Registration.objects.filter(event=event, status=Registration.Status.WAITLISTED).count() + 1


def _close_gap(event: Event, position: int) -> None:
    """Move everyone behind `position` one step forward, keeping positions 1..n without gaps."""
    behind = Registration.objects.filter(
        event=event, status=Registration.Status.WAITLISTED, waitlist_position__gt=position
    ).order_by("waitlist_position")
    for registration in behind:  # one by one, in order, so the unique constraint holds after every step
        Registration.objects.filter(pk=registration.pk).update(waitlist_position=F("waitlist_position") - 1)


def registration_create(
    *, person: User, event: Event, places: int = 1, answer: str = "", now: datetime | None = None
) -> Registration:
    """Register for an event: a place if there is one, otherwise a place in line (if the event keeps one).

    Raises RegistrationError with a clear message for every rule that stops it.
    """
    now = now or timezone.now()
    if event.status != Event.Status.PUBLISHED or not event.needs_registration:
        raise _problem("not_open", _("Dette arrangementet tar ikke imot påmeldinger."))
    if not person.has_perm("events.in_audience", event):
        raise _problem("audience", _("Dette arrangementet er ikke åpent for påmelding fra deg."))
    if event.registration_opens and now < event.registration_opens:
        when = dates.when(timezone.localtime(event.registration_opens), "datetime")
        raise _problem("not_yet", _("Påmeldingen åpner %(when)s.") % {"when": when})
    if event.registration_closes and now >= event.registration_closes:
        raise _problem("closed", _("Påmeldingen er stengt."))
    if not 1 <= places <= event.max_places_per_registration:
        raise _problem(
            "places",
            _("Du kan melde på mellom 1 og %(max)s personer.") % {"max": event.max_places_per_registration},
            "places",
        )
    try:
        with _locked(event) as locked:
            if Registration.objects.filter(
                event=locked, person=person, status__in=Registration.ACTIVE
            ).exists():
                raise _problem("already", _("Du er allerede påmeldt eller står på ventelisten."))
            waiting = Registration.objects.filter(
                event=locked, status=Registration.Status.WAITLISTED
            ).exists()
            if not waiting and places_taken(locked) + places <= locked.capacity:
                registration = Registration.objects.create(
                    event=locked,
                    person=person,
                    places=places,
                    answer=answer.strip(),
                    status=Registration.Status.CONFIRMED,
                )
            elif locked.takes_waitlist:
                registration = Registration.objects.create(
                    event=locked,
                    person=person,
                    places=places,
                    answer=answer.strip(),
                    status=Registration.Status.WAITLISTED,
                    waitlist_position=_next_position(locked),
                )
            else:
                raise _problem("full", _("Arrangementet er fullt."))
            tell(
                registration,
                "registered" if registration.status == Registration.Status.CONFIRMED else "waitlisted",
            )
    except IntegrityError as error:
        # A second, simultaneous request from the same person: the unique constraint caught it.
        raise _problem("already", _("Du er allerede påmeldt eller står på ventelisten.")) from error
    return registration


def registration_cancel(*, actor: User, registration: Registration) -> Registration:
    """Leave the event or the waitlist. A freed place goes to the next in line as a time-limited offer."""
    if not actor.has_perm("events.cancel_registration", registration):
        raise NotAllowed(_("Du kan bare melde av deg selv."))
    with _locked(registration.event) as event:
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status not in Registration.ACTIVE:
            raise NotAllowed(_("Påmeldingen er allerede avsluttet."))
        old_position = registration.waitlist_position
        registration.status = Registration.Status.CANCELLED
        registration.waitlist_position = None
        registration.offer_expires_at = None
        registration.save(update_fields=["status", "waitlist_position", "offer_expires_at", "updated_at"])
        if old_position is not None:
            _close_gap(event, old_position)
        if actor.pk != registration.person_id:
            audit_record(actor=actor, action="events.registration_cancelled", target=registration)
        _promote(event)
    return registration


def _promote(event: Event, now: datetime | None = None) -> list[Registration]:
    """Offer freed places to the people first in line, strictly in order. Call with the event locked.

    The head of the line is never skipped: if the first in line asked for more places than are free, the
    others wait too (a group's place in line is as good as anyone's).
    """
    now = now or timezone.now()
    offered: list[Registration] = []
    while True:
        head = (
            Registration.objects.filter(event=event, status=Registration.Status.WAITLISTED)
            .order_by("waitlist_position")
            .first()
        )
        if head is None or places_taken(event) + head.places > event.capacity:
            return offered
        position = head.waitlist_position or 1
        head.status = Registration.Status.OFFERED
        head.waitlist_position = None
        head.offer_expires_at = _offer_deadline(event, now)
        head.save(update_fields=["status", "waitlist_position", "offer_expires_at", "updated_at"])
        _close_gap(event, position)
        tell(head, "offered")
        _schedule_expiry(head)
        offered.append(head)


def _offer_deadline(event: Event, now: datetime) -> datetime:
    """At least the event's offer hours, then to 23:59 that day; never past the event's start if that is later
    than the offer hours themselves (a person must be able to come to what they said yes to)."""
    least = now + timedelta(hours=event.offer_hours)
    deadline = end_of_day(least)
    if event.starts_at and least <= event.starts_at < deadline:
        return event.starts_at
    return deadline


def _schedule_expiry(registration: Registration) -> None:
    """After commit, a deferred task passes the offer on when it runs out (housekeeping sweeps as well)."""
    from ideverkstedet.events import tasks

    when = registration.offer_expires_at
    transaction.on_commit(lambda: tasks.schedule_offer_expiry(when))


def offer_accept(*, person: User, registration: Registration, now: datetime | None = None) -> Registration:
    now = now or timezone.now()
    if registration.person_id != person.pk:
        raise NotAllowed(_("Dette tilbudet er ikke ditt."))
    with _locked(registration.event):
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != Registration.Status.OFFERED:
            raise NotAllowed(_("Du har ikke et tilbud om plass på dette arrangementet."))
        if registration.offer_expires_at and registration.offer_expires_at <= now:
            raise NotAllowed(_("Tilbudet har gått ut. Plassen er gitt videre."))
        registration.status = Registration.Status.CONFIRMED
        registration.offer_expires_at = None
        registration.save(update_fields=["status", "offer_expires_at", "updated_at"])
        tell(registration, "registered")
    return registration


def offers_expire(*, now: datetime | None = None) -> int:
    """Let offers nobody answered in time pass on to the next in line. Safe to run any time."""
    now = now or timezone.now()
    expired = 0
    for event_id in (
        Registration.objects.filter(status=Registration.Status.OFFERED, offer_expires_at__lte=now)
        .values_list("event_id", flat=True)
        .distinct()
    ):
        with _locked(Event(pk=event_id)) as event:
            for registration in Registration.objects.select_for_update().filter(
                event=event, status=Registration.Status.OFFERED, offer_expires_at__lte=now
            ):
                registration.status = Registration.Status.EXPIRED
                registration.save(update_fields=["status", "updated_at"])
                tell(registration, "expired")
                expired += 1
            _promote(event, now)
    return expired


def waitlist_move(*, actor: User, registration: Registration, position: int, reason: str) -> Registration:
    """Staff move someone in line. The reason is required and audited, and the person is told."""
    if not actor.has_perm("events.manage_events"):
        raise NotAllowed(_("Bare innovasjonsrådgivere kan endre rekkefølgen i køen."))
    if not reason.strip():
        raise _problem("reason", _("Skriv hvorfor rekkefølgen endres."), "reason")
    with _locked(registration.event) as event:
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != Registration.Status.WAITLISTED or registration.waitlist_position is None:
            raise NotAllowed(_("Personen står ikke på ventelisten."))
        last = Registration.objects.filter(event=event, status=Registration.Status.WAITLISTED).count()
        position = max(1, min(position, last))
        old = registration.waitlist_position
        if position != old:
            # Step aside to position 0 (never used otherwise), shift the others, then take the new place:
            # every step keeps the unique (event, position) constraint.
            Registration.objects.filter(pk=registration.pk).update(waitlist_position=0)
            if position < old:
                between = Registration.objects.filter(
                    event=event,
                    status=Registration.Status.WAITLISTED,
                    waitlist_position__gte=position,
                    waitlist_position__lt=old,
                ).order_by("-waitlist_position")
                step = 1
            else:
                between = Registration.objects.filter(
                    event=event,
                    status=Registration.Status.WAITLISTED,
                    waitlist_position__gt=old,
                    waitlist_position__lte=position,
                ).order_by("waitlist_position")
                step = -1
            for other in between:
                Registration.objects.filter(pk=other.pk).update(
                    waitlist_position=F("waitlist_position") + step
                )
            Registration.objects.filter(pk=registration.pk).update(waitlist_position=position)
            registration.refresh_from_db()
            fragments.bump("events")  # only .update() above: no signal raised the cached lists' version
        audit_record(
            actor=actor,
            action="events.waitlist_moved",
            target=registration,
            reason=reason,
            data={"from": old, "to": position},
        )
        tell(registration, "moved", reason=reason)
    return registration


def attendance_set(*, actor: User, registration: Registration, attended: bool) -> Registration:
    """Staff record whether the person came (it decides who is asked for an evaluation). Audited."""
    if not actor.has_perm("events.manage_events"):
        raise NotAllowed(_("Bare innovasjonsrådgivere kan føre oppmøte."))
    with transaction.atomic():
        Registration.objects.filter(pk=registration.pk).update(attended=attended, updated_at=timezone.now())
        fragments.bump("events")  # an .update(), which sends no signal (core/fragments.py)
        registration.attended = attended
        audit_record(
            actor=actor, action="events.attendance_set", target=registration, data={"attended": attended}
        )
    return registration


def drop_in_announce(*, person: User, event: Event) -> bool:
    """ "Jeg kommer" for a drop-in event: one mark per person. Returns False if they had already said so.

    Holds the event's row lock, so the count and the marks agree even when the same person clicks twice.
    """
    if event.registration != Event.Registration.DROP_IN_COUNT or event.status != Event.Status.PUBLISHED:
        raise NotAllowed(_("Dette arrangementet teller ikke hvem som kommer."))
    with _locked(event) as locked:
        _mark, created = DropInAnnouncement.objects.get_or_create(event=locked, person=person)
        if created:
            Event.objects.filter(pk=locked.pk).update(drop_in_count=F("drop_in_count") + 1)
    event.refresh_from_db(fields=["drop_in_count"])
    return created


def drop_in_withdraw(*, person: User, event: Event) -> bool:
    """Take back "Jeg kommer". Returns False if the person had not said so. Holds the event's row lock."""
    with _locked(event) as locked:
        deleted, _rows = DropInAnnouncement.objects.filter(event=locked, person=person).delete()
        if deleted:
            Event.objects.filter(pk=locked.pk, drop_in_count__gt=0).update(
                drop_in_count=F("drop_in_count") - 1
            )
    event.refresh_from_db(fields=["drop_in_count"])
    return bool(deleted)


def session_add(
    *, actor: User, event: Event, start: datetime, end: datetime, room: Room | None = None, place: str = ""
) -> Session:
    """Add a session. In one of our rooms it takes the room through a confirmed booking (SlotTaken if not free)."""
    from ideverkstedet.rooms.services import room_hold_for_event

    if not actor.has_perm("events.manage_events"):
        raise NotAllowed(_("Bare innovasjonsrådgivere kan legge til økter."))
    with transaction.atomic():
        booking = None
        if room is not None:
            booking = room_hold_for_event(actor=actor, room=room, start=start, end=end, title=event.title)
        session = Session.objects.create(event=event, start=start, end=end, booking=booking, place=place)
        first = Session.objects.filter(event=event).order_by("start").values_list("start", flat=True).first()
        Event.objects.filter(pk=event.pk).update(starts_at=first)
        audit_record(actor=actor, action="events.session_added", target=event)
        if event.status == Event.Status.PUBLISHED:
            for registration in Registration.objects.select_related("person", "event").filter(
                event=event, status__in=Registration.ACTIVE
            ):
                tell(registration, "changed")
    return session


def event_create(
    *,
    actor: User,
    title: str,
    kind: EventKind,
    summary: str,
    description: str = "",
    audience: list[str],
    is_public: bool,
    registration: str,
    capacity: int,
    max_places_per_registration: int = 1,
    takes_waitlist: bool = True,
    question: str = "",
    registration_opens: datetime | None = None,
    registration_closes: datetime | None = None,
    session_start: datetime,
    session_end: datetime,
    room: Room | None = None,
    place: str = "",
    image: Any = None,
    image_alt: str = "",
) -> Event:
    """Staff create an event (as a draft) with its first session. A session in one of our rooms holds the room."""
    if not actor.has_perm("events.manage_events"):
        raise NotAllowed(_("Bare innovasjonsrådgivere kan lage arrangementer."))
    if room is None and not place.strip():
        raise _problem("place", _("Velg et rom, eller skriv hvor det skal være."), "place")
    base = slugify(title)[:90] or "arrangement"
    slug, n = base, 1
    while Event.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    with transaction.atomic():
        event = Event.objects.create(
            title=title.strip(),
            slug=slug,
            kind=kind,
            summary=summary.strip(),
            description=description.strip(),
            audience=audience,
            is_public=is_public,
            registration=registration,
            capacity=capacity,
            max_places_per_registration=max_places_per_registration,
            takes_waitlist=takes_waitlist,
            question=question.strip(),
            registration_opens=registration_opens,
            registration_closes=registration_closes,
            created_by=actor,
            image=image or "",
            image_alt=image_alt.strip(),
        )
        session_add(actor=actor, event=event, start=session_start, end=session_end, room=room, place=place)
        audit_record(actor=actor, action="events.event_created", target=event)
    return event


def event_publish(*, actor: User, event: Event) -> Event:
    """Publish a draft so people can find it and register. Holds the event's row lock; audited."""
    if not actor.has_perm("events.manage_events"):
        raise NotAllowed(_("Bare innovasjonsrådgivere kan publisere arrangementer."))
    with _locked(event) as locked:
        if locked.status != Event.Status.DRAFT:
            raise NotAllowed(_("Bare utkast kan publiseres."))
        locked.status = Event.Status.PUBLISHED
        locked.save(update_fields=["status"])
        audit_record(actor=actor, action="events.event_published", target=locked)
    event.status = locked.status
    return event


def event_cancel(*, actor: User, event: Event, reason: str) -> Event:
    """Cancel an event: the rooms are freed and everyone registered or waiting is told why."""
    from ideverkstedet.rooms.models import Booking
    from ideverkstedet.rooms.services import booking_cancel

    if not actor.has_perm("events.manage_events"):
        raise NotAllowed(_("Bare innovasjonsrådgivere kan avlyse arrangementer."))
    if not reason.strip():
        raise _problem("reason", _("Skriv hvorfor arrangementet avlyses."), "reason")
    with _locked(event) as locked:
        locked.status = Event.Status.CANCELLED
        locked.save(update_fields=["status"])
        # Through the rooms' one cancel path: sequence bumped (calendars drop the session), audited. A session
        # already over keeps its hold: the room was used.
        for hold in Booking.objects.filter(
            event_session__event=locked, status__in=Booking.ACTIVE_STATUSES, end__gt=timezone.now()
        ):
            booking_cancel(actor=actor, booking=hold, reason=reason)
        for registration in Registration.objects.select_related("person").filter(
            event=locked, status__in=Registration.ACTIVE
        ):
            tell(registration, "cancelled", reason=reason)
        Registration.objects.filter(event=locked, status__in=Registration.ACTIVE).update(
            status=Registration.Status.CANCELLED, waitlist_position=None, offer_expires_at=None
        )
        fragments.bump("events")  # the registrations' .update() sends no signal (places taken, the waitlist)
        audit_record(actor=actor, action="events.event_cancelled", target=locked, reason=reason)
    return locked


def send_reminders(*, now: datetime | None = None) -> int:
    """Remind confirmed participants the day before the first session. Once per registration."""
    now = now or timezone.now()
    due = Registration.objects.select_related("event", "person").filter(
        status=Registration.Status.CONFIRMED,
        reminder_sent_at__isnull=True,
        event__status=Event.Status.PUBLISHED,
        event__starts_at__gt=now,
        event__starts_at__lte=now + timedelta(days=1),
    )
    sent = 0
    for registration in due:
        with transaction.atomic():
            if Registration.objects.filter(pk=registration.pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=now
            ):
                tell(registration, "reminder")
                sent += 1
    return sent


def ask_for_evaluations(*, now: datetime | None = None) -> int:
    """After the last session, ask confirmed participants for a short evaluation. Once per registration."""
    now = now or timezone.now()
    ended = Event.objects.filter(status=Event.Status.PUBLISHED, sessions__isnull=False).exclude(
        sessions__end__gt=now
    )
    due = (
        Registration.objects.select_related("event", "person")
        .filter(
            event__in=ended,
            status=Registration.Status.CONFIRMED,
            evaluation_requested_at__isnull=True,
            event__starts_at__gte=now - timedelta(days=30),
        )
        .exclude(attended=False)
    )
    asked = 0
    for registration in due:
        if Registration.objects.filter(pk=registration.pk, evaluation_requested_at__isnull=True).update(
            evaluation_requested_at=now
        ):
            tell(registration, "evaluate")
            asked += 1
    return asked


def evaluation_submit(
    *, person: User, registration: Registration, rating: int, useful: str, improve: str
) -> Evaluation:
    if registration.person_id != person.pk or registration.status != Registration.Status.CONFIRMED:
        raise NotAllowed(_("Du kan bare evaluere arrangementer du var påmeldt."))
    if Session.objects.filter(event=registration.event, end__gt=timezone.now()).exists():
        raise NotAllowed(_("Du kan evaluere når arrangementet er over."))
    if not 1 <= rating <= 5:
        raise _problem("rating", _("Velg et tall fra 1 til 5."), "rating")
    evaluation, _created = Evaluation.objects.update_or_create(
        registration=registration,
        defaults={"rating": rating, "useful": useful.strip(), "improve": improve.strip()},
    )
    return evaluation


def event_update(
    *, actor: User, event: Event, title: str, summary: str, description: str, capacity: int, question: str
) -> Event:
    """Staff change an event. Everyone registered or waiting is told; more places go to the line at once."""
    if not actor.has_perm("events.manage_events"):
        raise NotAllowed(_("Bare innovasjonsrådgivere kan endre arrangementer."))
    with _locked(event) as locked:
        if capacity < places_taken(locked):
            raise _problem(
                "capacity",
                _(
                    "Det er allerede %(taken)s påmeldte. Avlys påmeldinger først, eller velg minst så mange plasser."
                )
                % {"taken": places_taken(locked)},
                "capacity",
            )
        locked.title, locked.summary, locked.description = title.strip(), summary.strip(), description.strip()
        locked.capacity, locked.question = capacity, question.strip()
        locked.save(update_fields=["title", "summary", "description", "capacity", "question"])
        audit_record(actor=actor, action="events.event_changed", target=locked)
        if locked.status == Event.Status.PUBLISHED:
            for registration in Registration.objects.select_related("person", "event").filter(
                event=locked, status__in=Registration.ACTIVE
            ):
                tell(registration, "changed")
            _promote(locked)
    return locked
