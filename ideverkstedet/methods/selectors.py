"""Reads for the method library and the planner. List pages run a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from ideverkstedet.accounts.models import User
from ideverkstedet.challenges.models import Challenge
from ideverkstedet.core import dates
from ideverkstedet.core.times import NonexistentLocalTime, local_datetime, plus_minutes, real_minutes
from ideverkstedet.events.models import Event, Session
from ideverkstedet.methods.models import Agenda, Method, Plan, PlanBlock
from ideverkstedet.methods.templatetags.methods_extras import minutes as minutes_text
from ideverkstedet.rooms.models import Booking

# How many bookings and sessions the plan form offers at most: the nearest first.
MAX_TIE_CHOICES = 100


@dataclass(frozen=True)
class MethodFilter:
    """What a person is looking for. Every part is optional; None means "any"."""

    phase: str | None = None
    max_minutes: int | None = None  # the time they have: the method must fit in it at its shortest
    people_from: int | None = None  # the group: the method must work for every size from..to
    people_to: int | None = None
    difficulty: str | None = None
    query: str = ""

    @property
    def is_empty(self) -> bool:
        return self == MethodFilter()


def published_methods() -> QuerySet[Method]:
    return Method.objects.published().order_by("name", "pk")


def filter_methods(wanted: MethodFilter) -> QuerySet[Method]:
    methods = published_methods()
    if wanted.phase:
        # A JSON list on SQLite and PostgreSQL alike: the quoted value appears in the list's text.
        methods = methods.filter(phases__icontains=f'"{wanted.phase}"')
    if wanted.max_minutes is not None:
        methods = methods.filter(duration_min__lte=wanted.max_minutes)
    low = wanted.people_from if wanted.people_from is not None else wanted.people_to
    high = wanted.people_to if wanted.people_to is not None else wanted.people_from
    if low is not None and high is not None:
        low, high = min(low, high), max(low, high)
        methods = methods.filter(group_min__lte=low, group_max__gte=high)
    if wanted.difficulty:
        methods = methods.filter(difficulty=wanted.difficulty)
    if wanted.query:
        # The site's search (Norwegian stemming: "intervjuene" finds "intervju"), or the words as typed.
        from django.contrib.auth.models import AnonymousUser

        from ideverkstedet.search.selectors import search

        hits, _total = search(AnonymousUser(), wanted.query, kinds=["method"], limit=100)
        text = Q(pk__in=[hit.object_id for hit in hits])
        for field in ("name", "summary", "purpose"):
            for suffix in ("", "_nn", "_en"):
                text |= Q(**{f"{field}{suffix}__icontains": wanted.query})
        methods = methods.filter(text)
    return methods


def get_method(slug: str) -> Method:
    return get_object_or_404(Method.objects.published().prefetch_related("related"), slug=slug)


def _with_totals(plans: QuerySet[Plan]) -> QuerySet[Plan]:
    return plans.select_related("owner").annotate(
        block_count=Count("blocks"), total_minutes=Sum("blocks__minutes")
    )


def plans_owned_by(user: User) -> QuerySet[Plan]:
    return _with_totals(Plan.objects.filter(owner=user)).order_by("-updated_at", "-pk")


def template_plans() -> QuerySet[Plan]:
    return _with_totals(Plan.objects.filter(is_template=True)).order_by("title", "pk")


def plans_shared_with(user: User) -> QuerySet[Plan]:
    """Plans others have shared with the municipality's employees (none for anyone else)."""
    if not user.is_municipal:
        return Plan.objects.none()
    return (
        _with_totals(Plan.objects.filter(is_shared=True, is_template=False))
        .exclude(owner=user)
        .order_by("-updated_at", "-pk")
    )


def get_plan_for_user(user: User, pk: int, permission: str = "methods.view_plan") -> Plan:
    """Fetch and authorise in one step: 404 if it does not exist or the person may not see it, 403 if they may
    see it but not do `permission`. The booking or session it is tied to comes along (no extra queries)."""
    plan = (
        Plan.objects.select_related(
            "owner", "challenge", "booking__room", "session__event", "session__booking__room"
        )
        .filter(pk=pk)
        .first()
    )
    if plan is None or not user.has_perm("methods.view_plan", plan):
        raise Http404
    if permission != "methods.view_plan" and not user.has_perm(permission, plan):
        raise PermissionDenied(permission)
    return plan


def get_block_for_user(user: User, pk: int, permission: str = "methods.change_plan") -> PlanBlock:
    block = PlanBlock.objects.select_related("plan", "plan__owner").filter(pk=pk).first()
    if block is None or not user.has_perm("methods.view_plan", block.plan):
        raise Http404
    if not user.has_perm(permission, block.plan):
        raise PermissionDenied(permission)
    return block


def plan_blocks(plan: Plan) -> list[PlanBlock]:
    return list(plan.blocks.select_related("method").order_by("position"))


def plan_agenda(plan: Plan) -> Agenda:
    return Agenda.of(plan.start_time, plan_blocks(plan))


def plan_materials(agenda: Agenda) -> list[tuple[str, list[str]]]:
    """Materials from the plan's methods, in the current language: each item once, with the methods that need
    it, in the order they first appear."""
    needed: dict[str, list[str]] = {}
    keys: dict[str, str] = {}
    for item in agenda.items:
        method = item.block.method
        if method is None:
            continue
        card = method.card
        for material in card.materials:
            key = material.casefold()
            label = keys.setdefault(key, material)
            if card.name not in needed.setdefault(label, []):
                needed[label].append(card.name)
    return list(needed.items())


# Tying a plan to a booking or an event session ------------------------------------------------------------


def bookings_for_plan(owner: User) -> QuerySet[Booking]:
    """The bookings a plan can be tied to: the owner's own active room bookings that have not ended."""
    return (
        Booking.objects.active()
        .filter(organiser=owner, kind=Booking.Kind.BOOKING, end__gt=timezone.now())
        .select_related("room")
        .order_by("start", "pk")
    )


def sessions_for_plan(actor: User) -> QuerySet[Session]:
    """The event sessions a plan can be tied to: upcoming sessions of events that are not cancelled, for the
    people who manage events (nobody else)."""
    if not actor.has_perm("events.manage_events"):
        return Session.objects.none()
    return (
        Session.objects.filter(end__gt=timezone.now())
        .exclude(event__status=Event.Status.CANCELLED)
        .select_related("event", "booking__room")
        .order_by("start", "pk")
    )


@dataclass(frozen=True)
class Tie:
    """What a plan is tied to, in local time (Europe/Oslo): a room booking or an event session."""

    kind: Literal["booking", "session"]
    pk: int
    place: str  # the room's name, or where an event session is held
    title: str  # the event's title; the booking's own title (may be empty)
    starts: datetime  # aware, local
    ends: datetime

    @property
    def minutes(self) -> int:
        return real_minutes(self.starts, self.ends)

    @property
    def day(self) -> date:
        return self.starts.date()

    @classmethod
    def of_booking(cls, booking: Booking) -> Tie:
        return cls(
            kind="booking",
            pk=booking.pk,
            place=str(booking.room),
            title=booking.title,
            starts=timezone.localtime(booking.start),
            ends=timezone.localtime(booking.end),
        )

    @classmethod
    def of_session(cls, session: Session) -> Tie:
        place = str(session.booking.room) if session.booking is not None else session.place
        return cls(
            kind="session",
            pk=session.pk,
            place=place,
            title=session.event.title,
            starts=timezone.localtime(session.start),
            ends=timezone.localtime(session.end),
        )

    def label(self) -> str:
        """ "Verkstedet, torsdag 3. desember 2026, 09:00–11:00" (an event's title first)."""
        when = dates.when(self.day, "weekday_date")
        text = f"{self.place}, {when}, {self.starts:%H:%M}–{self.ends:%H:%M}"
        return f"{self.title}: {text}" if self.kind == "session" else text


def plan_tie(plan: Plan) -> Tie | None:
    """The booking or session a plan is tied to (loaded with the plan by get_plan_for_user)."""
    if plan.booking is not None:
        return Tie.of_booking(plan.booking)
    if plan.session is not None:
        return Tie.of_session(plan.session)
    return None


def timing_warnings(*, tie: Tie, plan_date: date | None, start_time: time, total_minutes: int) -> list[str]:
    """Friendly notes when a plan does not fit the booking or session it is tied to. A pure function.

    - Longer: the agenda lasts longer than the booking or session (real minutes).
    - Another day: the plan has its own date, and it is not the booking's.
    - Too early or too late: on the same day (or with no date of its own), the plan starts before the booking
      starts or ends after it ends. Local wall-clock times become instants with rooms.hours.local_datetime, so a
      plan on the day summer time starts or ends is measured in real minutes, like the booking.
    """
    warnings = []
    is_booking = tie.kind == "booking"
    if total_minutes > tie.minutes:
        values = {"plan": minutes_text(total_minutes), "tie": minutes_text(tie.minutes)}
        if is_booking:
            message = _(
                "Opplegget varer %(plan)s, men bookingen er bare %(tie)s. Kort ned eller book lenger tid."
            )
        else:
            message = _(
                "Opplegget varer %(plan)s, men økta er bare %(tie)s. Kort ned programmet eller gjør økta lenger."
            )
        warnings.append(message % values)
    if plan_date is not None and plan_date != tie.day:
        values = {"plan": dates.when(plan_date), "tie": dates.when(tie.day)}
        if is_booking:
            message = _("Opplegget har datoen %(plan)s, men bookingen er %(tie)s.")
        else:
            message = _("Opplegget har datoen %(plan)s, men økta er %(tie)s.")
        warnings.append(message % values)
        return warnings
    try:
        plan_starts = local_datetime(tie.day, start_time)
    except NonexistentLocalTime:
        return warnings  # a start time that does not exist that day: nothing sensible to compare
    plan_ends = plus_minutes(plan_starts, total_minutes)
    if plan_starts < tie.starts:
        values = {"plan": f"{start_time:%H:%M}", "tie": f"{tie.starts:%H:%M}"}
        if is_booking:
            message = _("Opplegget starter klokka %(plan)s, men bookingen starter ikke før %(tie)s.")
        else:
            message = _("Opplegget starter klokka %(plan)s, men økta starter ikke før %(tie)s.")
        warnings.append(message % values)
    # A plan that is too long ends too late as well; the length warning has said so already.
    if plan_ends > tie.ends and total_minutes <= tie.minutes:
        values = {"plan": f"{timezone.localtime(plan_ends):%H:%M}", "tie": f"{tie.ends:%H:%M}"}
        if is_booking:
            message = _("Opplegget slutter klokka %(plan)s, men bookingen slutter klokka %(tie)s.")
        else:
            message = _("Opplegget slutter klokka %(plan)s, men økta slutter klokka %(tie)s.")
        warnings.append(message % values)
    return warnings


def plan_timing(plan: Plan, agenda: Agenda) -> tuple[Tie | None, list[str]]:
    """The plan's tie and the notes about how the agenda fits it."""
    tie = plan_tie(plan)
    if tie is None:
        return None, []
    return tie, timing_warnings(
        tie=tie, plan_date=plan.date, start_time=plan.start_time, total_minutes=agenda.total_minutes
    )


def challenges_for_plan(owner: User, plan: Plan | None = None) -> QuerySet[Challenge]:
    """Challenges the plan's owner is on the team of (newest first), and the plan's own, kept when it no longer is."""
    from django.db.models import Q

    team = Q(owner=owner) | Q(memberships__user=owner, memberships__status="active")
    if plan is not None and plan.challenge_id:
        team |= Q(pk=plan.challenge_id)
    ids = Challenge.objects.filter(team).values("pk")
    return Challenge.objects.filter(pk__in=ids).order_by("-updated_at", "-id")
