"""Every write to workshop plans: the pages, the API and the demo call these.

Locking: a plan's block positions are rewritten as a whole (`_renumber`) inside a transaction that first locks
the plan's row (`select_for_update`; on SQLite every write transaction is IMMEDIATE, so it holds the database's
write lock). Two people reordering one plan therefore queue; the unique (plan, position) constraint is the
backstop, never a source of server errors.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any, Literal

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ideverkstedet.accounts.models import User
from ideverkstedet.challenges.models import Challenge
from ideverkstedet.core import errors
from ideverkstedet.core.audit import audit_record
from ideverkstedet.core.errors import ServiceError
from ideverkstedet.events.models import Session
from ideverkstedet.methods import selectors
from ideverkstedet.methods.models import Method, Plan, PlanBlock
from ideverkstedet.rooms.models import Booking

MAX_BLOCKS = 60
# Added to every position while a plan is renumbered, so the new positions never meet the old ones.
_RENUMBER_OFFSET = 10_000


class PlanError(ServiceError):
    """A change to a plan that cannot be made, with a message a person can act on."""

    def __init__(self, message: str, *, code: str = "invalid", field: str | None = None) -> None:
        super().__init__(message, code=code, field=field)


class NotAllowed(PlanError, errors.NotAllowed):
    def __init__(self, message: str) -> None:
        super().__init__(message, code="not_allowed")


def _require(actor: User, permission: str, plan: Plan | None = None) -> None:
    if not actor.has_perm(permission, plan):
        raise NotAllowed(_("Du har ikke tilgang til å endre dette opplegget."))


def _check_minutes(minutes: int) -> None:
    if not 1 <= minutes <= PlanBlock.MAX_MINUTES:
        raise PlanError(
            _("Et punkt må vare mellom 1 og %(max)s minutter.") % {"max": PlanBlock.MAX_MINUTES},
            code="bad_minutes",
            field="minutes",
        )


def _lock(plan: Plan) -> Plan:
    return Plan.objects.select_for_update().get(pk=plan.pk)


def _staff_on_others_template(actor: User, plan: Plan) -> bool:
    return plan.is_template and plan.owner_id != actor.pk


def _check_tie(
    *, actor: User, owner: User, booking: Booking | None, session: Session | None, plan: Plan | None = None
) -> None:
    """A plan may be tied to its owner's own active booking that has not ended, or (for people who manage
    events) to an upcoming session; not both. A tie the plan already has is kept even when it no longer
    qualifies (the booking has ended, say), so the rest of the plan can still be edited."""
    if booking is not None and session is not None:
        raise PlanError(
            _("Knytt opplegget til en booking eller en økt, ikke begge."), code="two_ties", field="tie"
        )
    kept_booking = plan is not None and booking is not None and plan.booking_id == booking.pk
    if (
        booking is not None
        and not kept_booking
        and not selectors.bookings_for_plan(owner).filter(pk=booking.pk).exists()
    ):
        raise PlanError(
            _("Du kan bare knytte opplegget til dine egne bookinger som ikke er over."),
            code="bad_booking",
            field="tie",
        )
    kept_session = plan is not None and session is not None and plan.session_id == session.pk
    if (
        session is not None
        and not kept_session
        and not selectors.sessions_for_plan(actor).filter(pk=session.pk).exists()
    ):
        raise PlanError(
            _("Du kan bare knytte opplegget til økter i kommende arrangementer som du har ansvar for."),
            code="bad_session",
            field="tie",
        )


KEEP = object()  # plan_update: leave the plan's challenge as it is


def _tie_starts(booking: Booking | None, session: Session | None) -> datetime | None:
    """When the booking or session a plan is tied to starts, in local time (None when untied)."""
    tied = booking or session
    return None if tied is None else timezone.localtime(tied.start)


def _check_challenge(owner: User, challenge: Challenge | None) -> None:
    """A plan can be tied to a challenge whose team the plan's owner is on."""
    if challenge is not None and not owner.has_perm("challenges.change_challenge", challenge):
        raise PlanError(
            _("Du kan bare knytte opplegget til utfordringer der du er med på laget."),
            code="bad_challenge",
            field="challenge",
        )


def plan_create(
    *,
    owner: User,
    title: str,
    date: date | None = None,
    start_time: time = time(9, 0),
    notes: str = "",
    is_shared: bool = False,
    is_template: bool = False,
    booking: Booking | None = None,
    session: Session | None = None,
    challenge: Challenge | None = None,
) -> Plan:
    """A new, empty plan. Only advisors may make it a template. It may be tied to the owner's own booking or
    (for people who manage events) an event session; then it takes that one's date and start time."""
    _require(owner, "methods.add_plan")
    if is_template:
        _require_publish(owner)
    title = title.strip()
    if not title:
        raise PlanError(_("Gi opplegget en tittel."), code="no_title", field="title")
    _check_tie(actor=owner, owner=owner, booking=booking, session=session)
    _check_challenge(owner, challenge)
    if (starts := _tie_starts(booking, session)) is not None:
        date, start_time = starts.date(), starts.time().replace(second=0, microsecond=0)
    with transaction.atomic():
        plan = Plan.objects.create(
            challenge=challenge,
            owner=owner,
            title=title,
            date=date,
            start_time=start_time,
            notes=notes.strip(),
            is_shared=is_shared,
            is_template=is_template,
            booking=booking,
            session=session,
        )
        if is_template:
            audit_record(actor=owner, action="methods.template_published", target=plan)
    return plan


def _require_publish(actor: User) -> None:
    if not actor.has_perm("methods.publish_template"):
        raise NotAllowed(_("Bare innovasjonsrådgivere kan publisere maler."))


def plan_update(
    *,
    actor: User,
    plan: Plan,
    title: str,
    date: date | None,
    start_time: time,
    notes: str,
    is_shared: bool,
    is_template: bool | None = None,
    booking: Booking | None = None,
    session: Session | None = None,
    challenge: Challenge | object | None = KEEP,
) -> Plan:
    """Change a plan's details. `is_template=None` leaves it as it is (people who may not publish). The
    booking or session replaces the plan's tie (None for either unties it); see `_check_tie` for which. A
    new tie gives the plan its date and start time; a kept one leaves the person's own times alone."""
    _require(actor, "methods.change_plan", plan)
    title = title.strip()
    if not title:
        raise PlanError(_("Gi opplegget en tittel."), code="no_title", field="title")
    _check_tie(actor=actor, owner=plan.owner, booking=booking, session=session, plan=plan)
    newly_tied = (booking is not None and booking.pk != plan.booking_id) or (
        session is not None and session.pk != plan.session_id
    )
    if newly_tied and (starts := _tie_starts(booking, session)) is not None:
        date, start_time = starts.date(), starts.time().replace(second=0, microsecond=0)
    if challenge is not KEEP and challenge != plan.challenge:
        _check_challenge(plan.owner, challenge)  # type: ignore[arg-type]
        plan.challenge = challenge  # type: ignore[assignment]
    template_changed = is_template is not None and is_template != plan.is_template
    if template_changed:
        _require_publish(actor)
    with transaction.atomic():
        staff_edit = _staff_on_others_template(actor, plan)
        plan.title = title
        plan.date = date
        plan.start_time = start_time
        plan.notes = notes.strip()
        plan.is_shared = is_shared
        plan.booking = booking
        plan.session = session
        if template_changed:
            plan.is_template = bool(is_template)
        plan.save()
        if template_changed:
            action = "methods.template_published" if plan.is_template else "methods.template_withdrawn"
            audit_record(actor=actor, action=action, target=plan)
        elif staff_edit:
            audit_record(actor=actor, action="methods.template_changed", target=plan)
    return plan


def plan_delete(*, actor: User, plan: Plan) -> None:
    _require(actor, "methods.delete_plan", plan)
    with transaction.atomic():
        if _staff_on_others_template(actor, plan):
            audit_record(actor=actor, action="methods.template_deleted", target=plan)
        plan.delete()


def plan_copy(*, actor: User, plan: Plan, title: str | None = None) -> Plan:
    """A private copy of a plan (one's own, a template or a shared one), with all its blocks."""
    _require(actor, "methods.copy_plan", plan)
    if not actor.has_perm("methods.add_plan"):
        raise NotAllowed(_("Du har ikke tilgang til å lage opplegg."))
    with transaction.atomic():
        copy = Plan.objects.create(
            owner=actor,
            title=(title or _("Kopi av %(title)s") % {"title": plan.title})[:200],
            date=None,
            start_time=plan.start_time,
            notes=plan.notes,
            copied_from=plan,
        )
        PlanBlock.objects.bulk_create(
            PlanBlock(
                plan=copy,
                position=block.position,
                method_id=block.method_id,
                title=block.title,
                minutes=block.minutes,
                facilitator_notes=block.facilitator_notes,
            )
            for block in plan.blocks.order_by("position")
        )
    return copy


def block_add(
    *,
    actor: User,
    plan: Plan,
    method: Method | None = None,
    title: str = "",
    minutes: int | None = None,
    facilitator_notes: str = "",
) -> PlanBlock:
    """Add a block at the end: a method (title and minutes default to the method's name and shortest
    duration) or a free block such as a welcome or a break (title and minutes required)."""
    _require(actor, "methods.change_plan", plan)
    title = title.strip() or (str(method) if method is not None else "")
    if not title:
        raise PlanError(_("Gi punktet en tittel, for eksempel «Pause»."), code="no_title", field="title")
    if minutes is None:
        if method is None:
            raise PlanError(
                _("Skriv hvor mange minutter punktet skal vare."), code="no_minutes", field="minutes"
            )
        minutes = method.duration_min
    _check_minutes(minutes)
    with transaction.atomic():
        _lock(plan)
        count = plan.blocks.count()
        if count >= MAX_BLOCKS:
            raise PlanError(
                _("Et opplegg kan ha høyst %(max)s punkter.") % {"max": MAX_BLOCKS}, code="too_many_blocks"
            )
        last = plan.blocks.order_by("-position").values_list("position", flat=True).first() or 0
        block = PlanBlock.objects.create(
            plan=plan,
            position=last + 1,
            method=method,
            title=title[:200],
            minutes=minutes,
            facilitator_notes=facilitator_notes.strip(),
        )
        Plan.objects.filter(pk=plan.pk).update(updated_at=timezone.now())
    return block


def block_update(
    *, actor: User, block: PlanBlock, title: str, minutes: int, facilitator_notes: str
) -> PlanBlock:
    _require(actor, "methods.change_plan", block.plan)
    title = title.strip()
    if not title:
        raise PlanError(_("Gi punktet en tittel."), code="no_title", field="title")
    _check_minutes(minutes)
    with transaction.atomic():
        block.title = title
        block.minutes = minutes
        block.facilitator_notes = facilitator_notes.strip()
        block.save(update_fields=["title", "minutes", "facilitator_notes"])
        Plan.objects.filter(pk=block.plan_id).update(updated_at=timezone.now())
    return block


def _renumber(plan: Plan, blocks: list[PlanBlock]) -> None:
    """Give `blocks` the positions 1..n in the order given. The caller holds the plan's lock."""
    PlanBlock.objects.filter(plan=plan).update(position=F("position") + _RENUMBER_OFFSET)
    for number, block in enumerate(blocks, start=1):
        block.position = number
    PlanBlock.objects.bulk_update(blocks, ["position"])
    Plan.objects.filter(pk=plan.pk).update(updated_at=timezone.now())


def block_move(*, actor: User, block: PlanBlock, direction: Literal["up", "down"]) -> PlanBlock:
    """Move a block one place up (earlier) or down (later). At the top or bottom it stays where it is."""
    plan = block.plan
    _require(actor, "methods.change_plan", plan)
    if direction not in ("up", "down"):
        raise PlanError(_("Ukjent retning."), code="bad_direction")
    with transaction.atomic():
        _lock(plan)
        blocks = list(plan.blocks.order_by("position"))
        index = next((i for i, b in enumerate(blocks) if b.pk == block.pk), None)
        if index is None:
            raise PlanError(_("Punktet finnes ikke lenger."), code="gone")
        other = index - 1 if direction == "up" else index + 1
        if 0 <= other < len(blocks):
            blocks[index], blocks[other] = blocks[other], blocks[index]
            _renumber(plan, blocks)
            block.position = other + 1
    return block


def block_remove(*, actor: User, block: PlanBlock) -> None:
    plan = block.plan
    _require(actor, "methods.change_plan", plan)
    with transaction.atomic():
        _lock(plan)
        PlanBlock.objects.filter(pk=block.pk).delete()
        _renumber(plan, list(plan.blocks.order_by("position")))


def plan_reorder(*, actor: User, plan: Plan, block_ids: list[int]) -> list[PlanBlock]:
    """Put a plan's blocks in the order given (drag and drop). `block_ids` must name each of the plan's blocks
    exactly once; anything else (a block added or removed in another tab meanwhile, a block of another plan)
    is refused, and nothing changes. Holds the plan's row lock while it checks and renumbers."""
    _require(actor, "methods.change_plan", plan)
    with transaction.atomic():
        _lock(plan)
        blocks = {block.pk: block for block in plan.blocks.all()}
        if len(block_ids) != len(set(block_ids)) or set(block_ids) != set(blocks):
            raise PlanError(
                _("Programmet er endret et annet sted. Last inn siden på nytt og prøv igjen."),
                code="stale_order",
            )
        ordered = [blocks[pk] for pk in block_ids]
        if [b.pk for b in sorted(blocks.values(), key=lambda b: b.position)] != block_ids:
            _renumber(plan, ordered)
    return ordered


# ---------------------------------------------------------------- search


def method_search_index(method: Any) -> None:
    """Put a method card in the site's search (or take it out when unpublished). Takes a Method or, from a
    data migration, its historical twin: only plain fields are read. All three languages are searchable."""
    from django.urls import reverse

    from ideverkstedet.search.services import search_index, search_remove

    if not method.is_published:
        search_remove(kind="method", object_id=method.pk)
        return
    texts = [
        method.summary,
        method.purpose,
        method.name_nn,
        method.summary_nn,
        method.name_en,
        method.summary_en,
    ]
    search_index(
        kind="method",
        object_id=method.pk,
        title=method.name,
        body="\n".join(text for text in texts if text),
        url=reverse("methods:method_detail", args=[method.slug]),
        visibility="public",
    )
