"""Every write at the desk: the pages, the API, the admin and the tasks call these.

Locking: `_take_number` is the only place a reference number is given out. It locks the year's counter row
(SELECT ... FOR UPDATE on PostgreSQL; on SQLite every transaction begins IMMEDIATE, which holds the database's
write lock) and the request is written in the same transaction, so numbers are gap-free per year: a request
that fails rolls its number back with it. The unique constraint on (year, number) is the database's last word.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ideverkstedet.accounts.models import Organisation, Unit, User
from ideverkstedet.core import dates
from ideverkstedet.core.audit import audit_record
from ideverkstedet.desk.errors import Conflict, DeskError, NotAllowed
from ideverkstedet.desk.files import MAX_FILES, check_attachment, neutral_name
from ideverkstedet.desk.models import (
    FINAL_STATUSES,
    REASON_STATUSES,
    Attachment,
    Kind,
    Message,
    Priority,
    ReferenceCounter,
    Request,
    Status,
)
from ideverkstedet.desk.workdays import add_working_days
from ideverkstedet.notifications.models import Kind as NoticeKind
from ideverkstedet.notifications.services import notify

MAX_NEED = 4000
MAX_MESSAGE = 8000
MAX_REASON = 2000
MAX_ASSIGNEES = 10


def format_reference(year: int, number: int) -> str:
    return f"IV-{year}-{number:04d}"


def answer_due_for(created_at: datetime) -> date:
    """The day the first answer is promised by: N working days after the day it was asked (Europe/Oslo)."""
    return add_working_days(timezone.localdate(created_at), settings.DESK_ANSWER_WORKING_DAYS)


def _take_number(year: int) -> int:
    """The next number of `year`. Must run inside the transaction that writes the request (see module doc)."""
    # Make sure the year's row exists without racing: a concurrent insert of the same year is simply ignored.
    ReferenceCounter.objects.bulk_create([ReferenceCounter(year=year, last=0)], ignore_conflicts=True)
    counter = ReferenceCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


# Telling people -----------------------------------------------------------------------------------------

# (title, body) per event, in bokmål; translated in each recipient's language. Never an internal note's text.
NOTICES: dict[str, tuple[str, str]] = {
    "received": (
        gettext_noop("Vi har fått henvendelsen din (%(ref)s)"),
        gettext_noop(
            "Takk! Referansen er %(ref)s. Vi svarer innen %(due)s. Du finner samtalen og status på siden for "
            "henvendelsen."
        ),
    ),
    "message_to_requester": (
        gettext_noop("Nytt svar fra Innovasjonsenheten (%(ref)s)"),
        gettext_noop("%(author)s har skrevet til deg:\n\n%(text)s"),
    ),
    "message_to_advisers": (
        gettext_noop("Ny melding på %(ref)s"),
        gettext_noop("%(author)s har skrevet en melding på %(ref)s."),
    ),
    "note_to_advisers": (
        gettext_noop("Ny intern merknad på %(ref)s"),
        gettext_noop("%(author)s har skrevet en intern merknad på %(ref)s."),
    ),
    "status": (
        gettext_noop("%(ref)s: %(status)s"),
        gettext_noop("Henvendelsen har fått status «%(status)s».%(reason)s"),
    ),
    "closed": (
        gettext_noop("%(ref)s er avsluttet – hvordan gikk det?"),
        gettext_noop(
            "Henvendelsen er avsluttet. Vi blir glade om du gir oss en vurdering (1–5) og en setning om hvordan "
            "det gikk."
        ),
    ),
    "assigned": (
        gettext_noop("Du er satt på %(ref)s"),
        gettext_noop("%(author)s har satt deg på henvendelse %(ref)s (%(kind)s)."),
    ),
    "made": (
        gettext_noop("%(ref)s: %(made)s"),
        gettext_noop("Innovasjonsenheten har laget %(made)s for henvendelsen din."),
    ),
}


def _value(value: Any) -> str:
    if callable(value):
        return str(value())
    return str(value)


def _tell(
    users: Iterable[User], what: str, *, request: Request, skip: User | None = None, **params: Any
) -> int:
    """Tell each person (once) in their own language, in the app and by email, with a link to the request.

    Parameters may be callables, evaluated inside the recipient's language (e.g. a status label).
    """
    seen: set[int] = set()
    url = request.get_absolute_url()
    for user in users:
        if user.pk in seen or (skip is not None and user.pk == skip.pk) or not user.is_active:
            continue
        seen.add(user.pk)
        with translation.override(user.language):
            values = {"ref": request.reference, **{k: _value(v) for k, v in params.items()}}
            title_src, body_src = NOTICES[what]
            notify(
                user=user,
                title=_(title_src) % values,
                body=_(body_src) % values,
                url=url,
                kind=NoticeKind.DESK,
                email_template="desk/email/notice",
            )
    return len(seen)


def _advisers_on(request: Request) -> list[User]:
    return list(request.assignees.all())


# Asking -------------------------------------------------------------------------------------------------


def request_create(
    *,
    requester: User,
    kind: Kind,
    need: str,
    unit: Unit | None = None,
    organisation: Organisation | None = None,
    group_name: str = "",
    group_size: int | None = None,
    no_hurry: bool = False,
    window_start: date | None = None,
    window_end: date | None = None,
    challenge: Any = None,
    booking: Any = None,
    plan: Any = None,
    files: Sequence[UploadedFile] = (),
    now: datetime | None = None,
) -> Request:
    """Ask the unit for help. Gives the request its reference (gap-free per year, see `_take_number`),
    stores the checked attachments and tells the requester, after commit, in their language."""
    now = now or timezone.now()
    need = need.strip()
    if not need:
        raise DeskError("need_missing", _("Skriv kort hva dere trenger hjelp til."), "need")
    if len(need) > MAX_NEED:
        raise DeskError("need_too_long", _("Beskrivelsen kan være høyst 4000 tegn."), "need")
    if not kind.is_active:
        raise DeskError("kind_inactive", _("Velg en annen type henvendelse."), "kind")
    if window_start and window_end and window_end < window_start:
        raise DeskError("window_backwards", _("«Senest» må være etter «tidligst»."), "window_end")
    if len(files) > MAX_FILES:
        raise DeskError("too_many_files", _("Du kan legge ved høyst 5 filer."), "attachments")
    checked = []
    for upload in files:
        try:
            checked.append(check_attachment(upload))
        except ValidationError as error:
            raise DeskError("bad_file", " ".join(error.messages), "attachments") from error
    if no_hurry:
        window_start = window_end = None
    year = timezone.localtime(now).year
    with transaction.atomic():
        number = _take_number(year)
        request = Request.objects.create(
            year=year,
            number=number,
            reference=format_reference(year, number),
            kind=kind,
            requester=requester,
            need=need,
            unit=unit,
            organisation=organisation,
            group_name=group_name.strip()[:200],
            group_size=group_size,
            no_hurry=no_hurry,
            window_start=window_start,
            window_end=window_end,
            challenge=challenge,
            booking=booking,
            plan=plan,
            created_at=now,
            updated_at=now,
            answer_due=answer_due_for(now),
        )
        for number, item in enumerate(checked, start=1):
            Attachment.objects.create(
                request=request,
                uploaded_by=requester,
                token=item.token,
                file=item.content,
                name=neutral_name(number, item.extension),
                content_type=item.content_type,
                size=item.content.size,
            )
        _tell(
            [requester],
            "received",
            request=request,
            due=lambda: _format_date(request.answer_due),
        )
    return request


def _format_date(day: date) -> str:
    return dates.when(day, "date")


# The conversation ---------------------------------------------------------------------------------------


def message_post(*, actor: User, request: Request, body: str, internal: bool = False) -> Message:
    """Write in the request's conversation. An internal note is for the advisers only: the requester is never
    told of it and never sees it. The first message from an adviser to the requester is the first answer."""
    body = body.strip()
    if not body:
        raise DeskError("message_empty", _("Skriv en melding."), "body")
    if len(body) > MAX_MESSAGE:
        raise DeskError("message_too_long", _("Meldingen kan være høyst 8000 tegn."), "body")
    permission = "desk.write_internal_note" if internal else "desk.write_message"
    if not actor.has_perm(permission, request):
        raise NotAllowed("not_allowed", _("Du kan ikke skrive her."))
    now = timezone.now()
    with transaction.atomic():
        locked = Request.objects.select_for_update().get(pk=request.pk)
        message = Message.objects.create(
            request=locked, author=actor, body=body, is_internal=internal, created_at=now
        )
        fields = ["updated_at"]
        locked.updated_at = now
        from_unit = actor.pk != locked.requester_id
        if from_unit and not internal and locked.first_answer_at is None:
            locked.first_answer_at = now
            fields.append("first_answer_at")
        if from_unit and not internal and locked.status == Status.NEW:
            locked.status = Status.REVIEWING
            fields.append("status")
        locked.save(update_fields=fields)
        audit_record(
            actor=actor,
            action="desk.note_written" if internal else "desk.message_written",
            target=locked,
            data={"message": message.pk},
        )
        advisers = _advisers_on(locked)
        author = actor.display_name
        if internal:
            _tell(advisers, "note_to_advisers", request=locked, skip=actor, author=author)
        elif from_unit:
            _tell([locked.requester], "message_to_requester", request=locked, author=author, text=body)
            _tell(advisers, "message_to_advisers", request=locked, skip=actor, author=author)
        else:
            _tell(advisers, "message_to_advisers", request=locked, skip=actor, author=author)
    request.refresh_from_db()
    return message


# Triage -------------------------------------------------------------------------------------------------


def request_assign(
    *, actor: User, request: Request, assignees: Sequence[User], priority: int | None = None
) -> Request:
    """Put advisers on a request (replacing who was on it) and set its priority. The newly assigned are told."""
    if not actor.has_perm("desk.assign", request):
        raise NotAllowed("not_allowed", _("Bare Innovasjonsenheten kan fordele henvendelser."))
    if len(assignees) > MAX_ASSIGNEES:
        raise DeskError("too_many", _("Velg høyst 10 rådgivere."), "assignees")
    if any(not person.has_perm("desk.be_assigned") for person in assignees):
        raise DeskError("not_adviser", _("Bare rådgivere i Innovasjonsenheten kan settes på."), "assignees")
    if priority is not None and priority not in Priority.values:
        raise DeskError("bad_priority", _("Velg en prioritet."), "priority")
    with transaction.atomic():
        locked = Request.objects.select_for_update().get(pk=request.pk)
        before = set(locked.assignees.values_list("pk", flat=True))
        after = {person.pk for person in assignees}
        locked.assignees.set(assignees)
        changes: dict[str, Any] = {}
        if after != before:
            changes["assignees"] = sorted(after)
        if priority is not None and priority != locked.priority:
            changes["priority"] = priority
            locked.priority = priority
        if not changes:
            return locked
        locked.updated_at = timezone.now()
        locked.save(update_fields=["priority", "updated_at"])
        audit_record(actor=actor, action="desk.assigned", target=locked, data=changes)
        new = [person for person in assignees if person.pk not in before]
        _tell(
            new,
            "assigned",
            request=locked,
            skip=actor,
            author=actor.display_name,
            kind=lambda: locked.kind.label,
        )
    request.refresh_from_db()
    return locked


ALLOWED_MOVES: dict[str, set[str]] = {
    Status.NEW: {Status.REVIEWING, Status.AGREED, Status.IN_PROGRESS, Status.CLOSED, *REASON_STATUSES},
    Status.REVIEWING: {Status.AGREED, Status.IN_PROGRESS, Status.CLOSED, *REASON_STATUSES},
    Status.AGREED: {Status.REVIEWING, Status.IN_PROGRESS, Status.CLOSED, *REASON_STATUSES},
    Status.IN_PROGRESS: {Status.AGREED, Status.CLOSED, *REASON_STATUSES},
    # A closed, declined or referred request can be opened again for a second look.
    Status.CLOSED: {Status.REVIEWING},
    Status.DECLINED: {Status.REVIEWING},
    Status.REFERRED: {Status.REVIEWING},
}


def request_change_status(
    *, actor: User, request: Request, status: str, reason: str = "", agreed: str | None = None
) -> Request:
    """Move a request on. Declining or referring needs a reason, which the requester sees; closing asks the
    requester for an evaluation. `agreed` (what was agreed) may be updated at the same time."""
    if not actor.has_perm("desk.change_status", request):
        raise NotAllowed("not_allowed", _("Bare rådgiverne som er satt på henvendelsen, kan endre den."))
    reason = reason.strip()
    if status not in Status.values:
        raise DeskError("bad_status", _("Velg en status."), "status")
    if status in REASON_STATUSES and not reason:
        raise DeskError("reason_missing", _("Skriv en begrunnelse. Den som spurte, får se den."), "reason")
    if len(reason) > MAX_REASON or (agreed is not None and len(agreed) > MAX_NEED):
        raise DeskError("too_long", _("Teksten er for lang."), "reason")
    now = timezone.now()
    with transaction.atomic():
        locked = Request.objects.select_for_update().get(pk=request.pk)
        moved = status != locked.status
        if moved and status not in ALLOWED_MOVES[locked.status]:
            raise Conflict(
                "bad_move",
                _("En henvendelse med status «%(old)s» kan ikke få status «%(new)s».")
                % {"old": locked.get_status_display(), "new": Status(status).label},
                "status",
            )
        fields = ["updated_at"]
        if agreed is not None and agreed.strip() != locked.agreed:
            locked.agreed = agreed.strip()
            fields.append("agreed")
        if moved:
            old = locked.status
            locked.status = status
            locked.status_reason = reason if status in REASON_STATUSES else reason or ""
            fields += ["status", "status_reason"]
            if status in FINAL_STATUSES:
                locked.closed_at = now
                fields.append("closed_at")
                if locked.first_answer_at is None:
                    # A decision the requester is told of is an answer too.
                    locked.first_answer_at = now
                    fields.append("first_answer_at")
            elif old in FINAL_STATUSES:
                locked.closed_at = None
                fields.append("closed_at")
        if len(fields) == 1:
            return locked
        locked.updated_at = now
        locked.save(update_fields=fields)
        audit_record(
            actor=actor,
            action="desk.status_changed" if moved else "desk.agreement_changed",
            target=locked,
            reason=reason,
            data={"status": locked.status},
        )
        if moved:
            label = Status(status).label
            extra = (lambda: " " + _("Begrunnelse: %(reason)s") % {"reason": reason}) if reason else ""
            _tell([locked.requester], "status", request=locked, status=lambda: str(label), reason=extra)
            _tell(
                _advisers_on(locked),
                "status",
                request=locked,
                skip=actor,
                status=lambda: str(label),
                reason="",
            )
            if status == Status.CLOSED:
                _tell([locked.requester], "closed", request=locked)
    request.refresh_from_db()
    return locked


def request_evaluate(*, actor: User, request: Request, rating: int, comment: str = "") -> Request:
    """The requester's short evaluation of a closed request: 1–5 and a sentence. Once."""
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise DeskError("bad_rating", _("Velg en vurdering fra 1 til 5."), "rating")
    comment = comment.strip()
    if len(comment) > 500:
        raise DeskError("comment_too_long", _("Kommentaren kan være høyst 500 tegn."), "comment")
    with transaction.atomic():
        locked = Request.objects.select_for_update().get(pk=request.pk)
        if not actor.has_perm("desk.evaluate", locked):
            raise Conflict("cannot_evaluate", _("Denne henvendelsen kan ikke vurderes nå."))
        locked.rating = rating
        locked.rating_comment = comment
        locked.rated_at = timezone.now()
        locked.save(update_fields=["rating", "rating_comment", "rated_at"])
        audit_record(actor=actor, action="desk.evaluated", target=locked, data={"rating": rating})
    request.refresh_from_db()
    return locked


# One step to a booking, an event or a plan ----------------------------------------------------------------


def request_tie(
    *, actor: User, request: Request, booking: Any = None, event: Any = None, plan: Any = None
) -> Request:
    """Store what was made from a request (the booking form, event form and planner call this through
    desk.receivers), and tell the requester."""
    if not actor.has_perm("desk.make_from_request", request):
        raise NotAllowed("not_allowed", _("Du kan ikke knytte noe til denne henvendelsen."))
    with transaction.atomic():
        locked = Request.objects.select_for_update().get(pk=request.pk)
        fields = ["updated_at"]
        made = []
        if booking is not None:
            locked.made_booking = booking
            fields.append("made_booking")
            made.append(("booking", booking.pk))
        if event is not None:
            locked.made_event = event
            fields.append("made_event")
            made.append(("event", event.pk))
        if plan is not None:
            locked.made_plan = plan
            fields.append("made_plan")
            made.append(("plan", plan.pk))
        locked.updated_at = timezone.now()
        locked.save(update_fields=fields)
        audit_record(actor=actor, action="desk.tied", target=locked, data=dict(made))
        labels = {
            "booking": gettext_noop("en booking"),
            "event": gettext_noop("et arrangement"),
            "plan": gettext_noop("et opplegg"),
        }
        for key, _pk in made:
            _tell([locked.requester], "made", request=locked, skip=actor, made=lambda key=key: _(labels[key]))
    request.refresh_from_db()
    return locked


def made_links(request: Request) -> list[tuple[str, str]]:
    """(label, url) for what was made from the request, for its page."""
    links = []
    if request.made_booking_id:
        links.append((_("Booking"), reverse("rooms:booking_detail", args=[request.made_booking_id])))
    if request.made_event_id and request.made_event is not None:
        links.append((_("Arrangement"), reverse("events:event_detail", args=[request.made_event.slug])))
    if request.made_plan_id:
        links.append((_("Opplegg"), reverse("methods:plan_detail", args=[request.made_plan_id])))
    return links
