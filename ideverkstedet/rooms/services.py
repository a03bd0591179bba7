"""Every write to rooms and bookings: the pages, the API, the admin and the tasks call these.

Locking: `_save_guarded` is the only place a booking's occupied time is written. On SQLite every transaction
begins IMMEDIATE (settings), so the overlap check and the insert run while holding the database's write lock;
on PostgreSQL it first locks the room's row (SELECT ... FOR UPDATE), so writers to one room queue, and the
exclusion constraint stays the database's last word. Either way the loser gets SlotTaken, never a server error.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ideverkstedet.accounts.models import User
from ideverkstedet.core import dates, errors
from ideverkstedet.core.audit import audit_record
from ideverkstedet.core.errors import Problem, ServiceError
from ideverkstedet.core.times import plus_minutes, real_minutes
from ideverkstedet.notifications.models import Kind
from ideverkstedet.notifications.services import Attachment, notify
from ideverkstedet.rooms import ical
from ideverkstedet.rooms.models import (
    MAX_BLOCK_DAYS,
    Booking,
    CalendarFeed,
    GroupType,
    OutcomeKind,
    PurposeKind,
    Room,
)
from ideverkstedet.rooms.problems import booking_problems

OVERLAP_GUARD_NAMES = ("booking_no_overlap",)


class BookingError(ServiceError):
    """A booking rule that failed: every broken rule in `.problems`, so a form can show them all at once."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems=problems)


class SlotTaken(BookingError, errors.Conflict):
    """Someone else got the time first (or holds it): a conflict, never a server error."""

    def __init__(self) -> None:
        super().__init__(
            [Problem("slot_taken", _("Tiden er allerede tatt. Velg en annen tid i kalenderen."), "start")]
        )


class NotAllowed(BookingError, errors.NotAllowed):
    def __init__(self, message: str) -> None:
        super().__init__([Problem("not_allowed", message)])


def _is_overlap_violation(error: IntegrityError) -> bool:
    text = str(error)
    return any(name in text for name in OVERLAP_GUARD_NAMES)


def _save_guarded(booking: Booking, *, update_fields: list[str] | None = None) -> None:
    """Save a booking's claim on the room, or raise SlotTaken. See the module docstring for the locking."""
    try:
        with transaction.atomic():
            # Serialise writers per room: on PostgreSQL, two inserts that each wait on the other's uncommitted
            # row in the exclusion constraint can deadlock; with the room's row locked first they queue instead.
            # (On SQLite this is a no-op: the transaction already holds the database's write lock.)
            list(Room.objects.select_for_update().filter(pk=booking.room_id).values_list("pk", flat=True))
            if booking.status in Booking.ACTIVE_STATUSES:
                clash = Booking.objects.overlapping(
                    room=booking.room, start=booking.start, occupied_until=booking.occupied_until
                )
                if booking.pk:
                    clash = clash.exclude(pk=booking.pk)
                if clash.exists():
                    raise SlotTaken()
            booking.save(update_fields=update_fields)
    except IntegrityError as error:
        if _is_overlap_violation(error):
            raise SlotTaken() from error
        raise


def _needs_approval(room: Room, organiser: User, minutes: int) -> bool:
    if organiser.has_perm("rooms.book_outside_rules"):
        return False
    return room.needs_approval(role=organiser.role, minutes=minutes)


def booking_request(
    *,
    organiser: User,
    room: Room,
    start: datetime,
    end: datetime,
    purpose_kind: PurposeKind | None,
    group_type: str,
    expected_participants: int,
    needs: str = "",
    title: str = "",
    now: datetime | None = None,
) -> Booking:
    """Book a room for innovation work. Confirmed at once, or requested when the room's rules ask for approval.

    Raises BookingError with every broken rule, or SlotTaken when someone else has the time.
    """
    problems = booking_problems(room=room, organiser=organiser, start=start, end=end, now=now)
    if purpose_kind is None or not purpose_kind.is_active:
        problems.append(
            Problem("purpose_missing", _("Velg hva slags arbeid dere skal gjøre."), "purpose_kind")
        )
    if group_type not in GroupType.values:
        problems.append(Problem("group_type_missing", _("Velg hvem som kommer."), "group_type"))
    if expected_participants < 1:
        problems.append(
            Problem("participants", _("Skriv hvor mange dere blir, minst 1."), "expected_participants")
        )
    elif expected_participants > room.capacity:
        problems.append(
            Problem(
                "over_capacity",
                _("Rommet har plass til %(capacity)s personer.") % {"capacity": room.capacity},
                "expected_participants",
            )
        )
    if problems:
        raise BookingError(problems)
    minutes = real_minutes(start, end)
    booking = Booking(
        room=room,
        organiser=organiser,
        kind=Booking.Kind.BOOKING,
        status=(
            Booking.Status.REQUESTED
            if _needs_approval(room, organiser, minutes)
            else Booking.Status.CONFIRMED
        ),
        start=start,
        end=end,
        occupied_until=plus_minutes(end, room.buffer_minutes),
        purpose_kind=purpose_kind,
        group_type=group_type,
        expected_participants=expected_participants,
        needs=needs.strip(),
        title=title.strip(),
    )
    with transaction.atomic():
        _save_guarded(booking)
        audit_record(
            actor=organiser,
            action="rooms.booking_requested"
            if booking.status == Booking.Status.REQUESTED
            else "rooms.booking_confirmed",
            target=booking,
        )
        _tell_organiser(booking, "created")
        if booking.status == Booking.Status.CONFIRMED:
            _schedule_followups(booking)
    return booking


def booking_change(
    *,
    actor: User,
    booking: Booking,
    start: datetime,
    end: datetime,
    purpose_kind: PurposeKind | None,
    group_type: str,
    expected_participants: int,
    needs: str = "",
    now: datetime | None = None,
) -> Booking:
    """The organiser moves or edits their own booking, within the rules. A move may need approval again."""
    if booking.organiser_id != actor.pk or not booking.is_active or booking.kind != Booking.Kind.BOOKING:
        raise NotAllowed(_("Du kan bare endre dine egne kommende bookinger."))
    now = now or timezone.now()
    if booking.start <= now:
        raise NotAllowed(_("Bookingen har startet og kan ikke endres."))
    problems = booking_problems(
        room=booking.room, organiser=actor, start=start, end=end, now=now, exclude=booking
    )
    if expected_participants < 1 or expected_participants > booking.room.capacity:
        problems.append(
            Problem(
                "participants",
                _("Skriv hvor mange dere blir, mellom 1 og %(capacity)s.")
                % {"capacity": booking.room.capacity},
                "expected_participants",
            )
        )
    if problems:
        raise BookingError(problems)
    moved = (start, end) != (booking.start, booking.end)
    minutes = real_minutes(start, end)
    booking.start, booking.end = start, end
    booking.occupied_until = plus_minutes(end, booking.room.buffer_minutes)
    booking.purpose_kind = purpose_kind
    booking.group_type = group_type
    booking.expected_participants = expected_participants
    booking.needs = needs.strip()
    if moved:
        booking.sequence += 1
        booking.reminder_sent_at = None
        if _needs_approval(booking.room, actor, minutes):
            booking.status = Booking.Status.REQUESTED
    with transaction.atomic():
        _save_guarded(booking)
        audit_record(actor=actor, action="rooms.booking_changed", target=booking, data={"moved": moved})
        if moved:
            _tell_organiser(booking, "changed")
            if booking.status == Booking.Status.CONFIRMED:
                _schedule_followups(booking)
    return booking


def booking_cancel(*, actor: User, booking: Booking, reason: str = "", tell: bool = True) -> Booking:
    """Cancel a booking: the organiser their own, staff any. Frees the time at once.

    The one way a booking, block or event hold is cancelled: pages, the API, `events.event_cancel` and the
    account eraser all come here, so the calendar sequence is bumped (calendar clients drop the event) and the
    cancellation is audited. `tell=False` when there is nobody to tell (the organiser is deleting the account).
    Takes a row lock on the booking and checks its state under it.
    """
    if not actor.has_perm("rooms.cancel_booking", booking):
        raise NotAllowed(_("Du kan bare avlyse dine egne bookinger."))
    with transaction.atomic():
        locked = Booking.objects.select_for_update().select_related("room", "organiser").get(pk=booking.pk)
        if not locked.is_active:
            raise NotAllowed(_("Bookingen er allerede avsluttet."))
        if locked.end <= timezone.now():
            raise NotAllowed(_("Bookingen er over og kan ikke avlyses."))
        locked.status = Booking.Status.CANCELLED
        locked.cancelled_at = timezone.now()
        locked.decision_reason = reason.strip()
        locked.sequence += 1
        locked.save(update_fields=["status", "cancelled_at", "decision_reason", "sequence", "updated_at"])
        audit_record(actor=actor, action="rooms.booking_cancelled", target=locked, reason=reason)
        if tell and locked.kind == Booking.Kind.BOOKING:
            _tell_organiser(locked, "cancelled" if locked.organiser_id == actor.pk else "cancelled_by_staff")
    for name in ("status", "cancelled_at", "decision_reason", "sequence", "updated_at"):
        setattr(booking, name, getattr(locked, name))
    return booking


def _require_staff(actor: User) -> None:
    if not actor.has_perm("rooms.manage_bookings"):
        raise NotAllowed(_("Bare innovasjonsrådgivere kan gjøre dette."))


def booking_approve(*, actor: User, booking: Booking) -> Booking:
    _require_staff(actor)
    with transaction.atomic():
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        if booking.status != Booking.Status.REQUESTED:
            raise NotAllowed(_("Bookingen venter ikke på godkjenning."))
        booking.status = Booking.Status.CONFIRMED
        booking.decided_by, booking.decided_at = actor, timezone.now()
        booking.sequence += 1
        booking.save(update_fields=["status", "decided_by", "decided_at", "sequence", "updated_at"])
        audit_record(actor=actor, action="rooms.booking_approved", target=booking)
        _tell_organiser(booking, "approved")
        _schedule_followups(booking)
    return booking


def booking_decline(*, actor: User, booking: Booking, reason: str) -> Booking:
    _require_staff(actor)
    if not reason.strip():
        raise BookingError([Problem("reason_missing", _("Skriv hvorfor bookingen avslås."), "reason")])
    with transaction.atomic():
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        if booking.status != Booking.Status.REQUESTED:
            raise NotAllowed(_("Bookingen venter ikke på godkjenning."))
        booking.status = Booking.Status.DECLINED
        booking.decided_by, booking.decided_at = actor, timezone.now()
        booking.decision_reason = reason.strip()
        booking.sequence += 1
        booking.save(
            update_fields=["status", "decided_by", "decided_at", "decision_reason", "sequence", "updated_at"]
        )
        audit_record(actor=actor, action="rooms.booking_declined", target=booking, reason=reason)
        _tell_organiser(booking, "declined")
    return booking


def block_create(*, actor: User, room: Room, start: datetime, end: datetime, title: str) -> Booking:
    """Staff block time (maintenance, the unit's own use). No booking rules, but never over another booking."""
    _require_staff(actor)
    problems = []
    if end <= start:
        problems.append(
            Problem("end_before_start", _("Sluttidspunktet må være etter starttidspunktet."), "end")
        )
    elif end - start > timedelta(days=MAX_BLOCK_DAYS):
        problems.append(
            Problem(
                "too_long",
                _("Du kan sperre høyst %(days)s dager om gangen.") % {"days": MAX_BLOCK_DAYS},
                "end",
            )
        )
    if not title.strip():
        problems.append(Problem("title_missing", _("Skriv hva tiden sperres for."), "title"))
    if problems:
        raise BookingError(problems)
    return _staff_claim(
        actor,
        room,
        start,
        end,
        kind=Booking.Kind.BLOCK,
        occupied_until=end,
        title=title.strip(),
        action="block",
    )


def room_hold_for_event(*, actor: User, room: Room, start: datetime, end: datetime, title: str) -> Booking:
    """An event session's claim on a room: a confirmed booking under the same overlap guard as any other."""
    _require_staff(actor)
    if end <= start:
        raise BookingError(
            [Problem("end_before_start", _("Sluttidspunktet må være etter starttidspunktet."), "end")]
        )
    occupied_until = plus_minutes(end, room.buffer_minutes)
    return _staff_claim(
        actor,
        room,
        start,
        end,
        kind=Booking.Kind.EVENT,
        occupied_until=occupied_until,
        title=title[:200],
        action="event_hold",
    )


def _staff_claim(
    actor: User,
    room: Room,
    start: datetime,
    end: datetime,
    *,
    kind: str,
    occupied_until: datetime,
    title: str,
    action: str,
) -> Booking:
    """A confirmed claim on a room by staff (a block or an event's hold), under the overlap guard, audited."""
    claim = Booking(
        room=room,
        organiser=actor,
        kind=kind,
        status=Booking.Status.CONFIRMED,
        start=start,
        end=end,
        occupied_until=occupied_until,
        title=title,
    )
    with transaction.atomic():
        _save_guarded(claim)
        audit_record(actor=actor, action=f"rooms.{action}_created", target=claim, reason=title)
    return claim


def booking_check_in(*, actor: User, booking: Booking, now: datetime | None = None) -> Booking:
    """The organiser (or staff) confirms the booking is in use. Open from 15 minutes before start to the end."""
    now = now or timezone.now()
    if not actor.has_perm("rooms.check_in_booking", booking):
        raise NotAllowed(_("Bare den som har booket, kan sjekke inn."))
    if booking.status != Booking.Status.CONFIRMED:
        raise NotAllowed(_("Bare bekreftede bookinger kan sjekkes inn."))
    if not booking.start - timedelta(minutes=15) <= now < booking.end:
        raise NotAllowed(_("Du kan sjekke inn fra et kvarter før start til bookingen er over."))
    if booking.checked_in_at is None:
        booking.checked_in_at = now
        booking.save(update_fields=["checked_in_at", "updated_at"])
    return booking


def booking_release_if_absent(*, booking_id: int, sequence: int, now: datetime | None = None) -> bool:
    """Release a confirmed booking nobody checked in to, so others can use the room. Tells the organiser.

    Takes a row lock on the booking. Returns True when it released.
    """
    now = now or timezone.now()
    with transaction.atomic():
        booking = Booking.objects.select_for_update().select_related("room").filter(pk=booking_id).first()
        if (
            booking is None
            or booking.sequence != sequence
            or booking.status != Booking.Status.CONFIRMED
            or booking.kind != Booking.Kind.BOOKING
            or booking.checked_in_at is not None
            or booking.room.checkin_grace_minutes == 0
            or now < booking.start + timedelta(minutes=booking.room.checkin_grace_minutes)
        ):
            return False
        booking.status = Booking.Status.RELEASED
        booking.released_at = now
        booking.sequence += 1
        booking.save(update_fields=["status", "released_at", "sequence", "updated_at"])
        audit_record(actor=None, action="rooms.booking_released", target=booking)
        _tell_organiser(booking, "released")
    return True


def booking_send_reminder(*, booking_id: int, sequence: int) -> bool:
    with transaction.atomic():
        booking = Booking.objects.select_for_update().filter(pk=booking_id).first()
        if (
            booking is None
            or booking.sequence != sequence
            or booking.status != Booking.Status.CONFIRMED
            or booking.reminder_sent_at is not None
            or booking.start <= timezone.now()
        ):
            return False
        booking.reminder_sent_at = timezone.now()
        booking.save(update_fields=["reminder_sent_at", "updated_at"])
        _tell_organiser(booking, "reminder")
    return True


def booking_ask_for_outcome(*, booking_id: int) -> bool:
    with transaction.atomic():
        booking = Booking.objects.select_for_update().filter(pk=booking_id).first()
        if (
            booking is None
            or booking.status != Booking.Status.CONFIRMED
            or booking.kind != Booking.Kind.BOOKING
            or booking.outcome_requested_at is not None
            or booking.outcome_at is not None
            or booking.end > timezone.now()
        ):
            return False
        booking.outcome_requested_at = timezone.now()
        booking.save(update_fields=["outcome_requested_at", "updated_at"])
        _tell_organiser(booking, "outcome")
    return True


def booking_record_outcome(
    *, actor: User, booking: Booking, outcome_kind: str, outcome_text: str, next_step: str = ""
) -> Booking:
    """After the session: what came out of it (feeds the statistics)."""
    if not actor.has_perm("rooms.record_outcome", booking):
        raise NotAllowed(_("Bare den som har booket, kan fortelle hva som kom ut av det."))
    if booking.status != Booking.Status.CONFIRMED or booking.start > timezone.now():
        raise NotAllowed(_("Du kan fortelle om resultatet når bookingen har startet."))
    if outcome_kind not in OutcomeKind.values:
        raise BookingError([Problem("outcome_kind", _("Velg hva som kom ut av det."), "outcome_kind")])
    booking.outcome_kind = outcome_kind
    booking.outcome_text = outcome_text.strip()
    booking.next_step = next_step.strip()
    booking.outcome_at = timezone.now()
    booking.save(update_fields=["outcome_kind", "outcome_text", "next_step", "outcome_at", "updated_at"])
    return booking


def calendar_feed_for(*, user: User, renew: bool = False) -> CalendarFeed:
    """The person's secret feed address; `renew` makes a new one and the old stops working."""
    feed, created = CalendarFeed.objects.get_or_create(
        user=user, defaults={"token": CalendarFeed.new_token()}
    )
    if renew and not created:
        feed.token = CalendarFeed.new_token()
        feed.created_at = timezone.now()
        feed.save(update_fields=["token", "created_at"])
    return feed


# Telling people ------------------------------------------------------------------------------------------


def _texts(booking: Booking, event: str) -> tuple[str, str]:
    """Title and body for `event`, translated in the active language."""
    title_template, body = {
        "created": (
            _("Booking mottatt: %(room)s %(when)s")
            if booking.status == Booking.Status.CONFIRMED
            else _("Booking venter på godkjenning: %(room)s %(when)s"),
            _("Bookingen din er bekreftet. Velkommen!")
            if booking.status == Booking.Status.CONFIRMED
            else _("Vi har mottatt bookingen din. Du får beskjed når den er behandlet."),
        ),
        "changed": (
            _("Booking endret: %(room)s %(when)s"),
            _("Bookingen din er endret.")
            if booking.status == Booking.Status.CONFIRMED
            else _("Bookingen din er endret og venter på godkjenning."),
        ),
        "approved": (_("Booking godkjent: %(room)s %(when)s"), _("Bookingen din er godkjent. Velkommen!")),
        "declined": (_("Booking avslått: %(room)s %(when)s"), _("Bookingen din ble dessverre avslått.")),
        "cancelled": (_("Booking avlyst: %(room)s %(when)s"), _("Du har avlyst bookingen.")),
        "cancelled_by_staff": (
            _("Booking avlyst: %(room)s %(when)s"),
            _("Innovasjonsenheten har avlyst bookingen din."),
        ),
        "released": (
            _("Booking frigitt: %(room)s %(when)s"),
            _("Ingen sjekket inn innen fristen, så rommet er gitt fri til andre."),
        ),
        "reminder": (
            _("Påminnelse: %(room)s %(when)s"),
            _("Du har booket rommet. Vi gleder oss til å se dere!"),
        ),
        "outcome": (
            _("Hva kom ut av det? %(room)s %(when)s"),
            _("Fortell oss kort hva dere fikk til. Det hjelper oss å gjøre tilbudet bedre."),
        ),
    }[event]
    when = dates.when(timezone.localtime(booking.start), "datetime")
    title = title_template % {"room": booking.room.name, "when": when}
    if booking.decision_reason and event in {"declined", "cancelled_by_staff"}:
        body += "\n" + _("Begrunnelse: %(reason)s") % {"reason": booking.decision_reason}
    return title, body


def _tell_organiser(booking: Booking, event: str) -> None:
    """In-app notice and email, in the organiser's language, with the booking as an .ics attachment."""
    organiser = booking.organiser
    with translation.override(organiser.language):
        title, body = _texts(booking, event)
        cancelled = not booking.is_active
        attachment = Attachment.ics(
            f"booking-{booking.pk}.ics", ical.booking_calendar([booking], cancelled=cancelled)
        )
        notify(
            user=organiser,
            title=title,
            body=body,
            url=booking_url(booking),
            kind=Kind.BOOKINGS,
            email_template="rooms/email/booking",
            email_context=_email_context(booking, event),
            attachments=[attachment],
        )


def booking_url(booking: Booking) -> str:
    from django.urls import reverse

    return reverse("rooms:booking_detail", args=[booking.pk])


def _email_context(booking: Booking, event: str) -> dict[str, Any]:
    local_start, local_end = timezone.localtime(booking.start), timezone.localtime(booking.end)
    return {
        "event": event,
        "room_name": booking.room.name,
        "date": local_start.date(),
        "start": local_start.strftime("%H:%M"),
        "end": local_end.strftime("%H:%M"),
        "status_label": str(booking.get_status_display()),
    }


def _schedule_followups(booking: Booking) -> None:
    """After commit: reminder the day before, release if nobody checks in, and ask for the outcome after."""
    from ideverkstedet.rooms import tasks

    transaction.on_commit(lambda: tasks.schedule_followups(booking.pk, booking.sequence))


def bookings_decide(
    *, actor: User, bookings: list[Booking], approve: bool, reason: str = ""
) -> tuple[list[Booking], list[tuple[Booking, str]]]:
    """Approve or decline several bookings at once with one reason, through `booking_approve` and
    `booking_decline` (each under its own row lock, audited and told to its organiser). A booking that no
    longer waits (someone else decided it first) is reported back, never an error for the others."""
    _require_staff(actor)
    if not approve and not reason.strip():
        raise BookingError([Problem("reason_missing", _("Skriv hvorfor bookingene avslås."), "reason")])
    done: list[Booking] = []
    failed: list[tuple[Booking, str]] = []
    for booking in bookings:
        try:
            if approve:
                done.append(booking_approve(actor=actor, booking=booking))
            else:
                done.append(booking_decline(actor=actor, booking=booking, reason=reason))
        except BookingError as error:
            failed.append((booking, error.problems[0].message))
    return done, failed
