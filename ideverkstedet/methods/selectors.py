"""Reads for the method library and the planner. List pages run a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404

from ideverkstedet.accounts.models import User
from ideverkstedet.methods.models import Agenda, Method, Plan, PlanBlock


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
        text = Q()
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
    see it but not do `permission`."""
    plan = Plan.objects.select_related("owner").filter(pk=pk).first()
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
