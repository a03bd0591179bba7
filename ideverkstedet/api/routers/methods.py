"""The method library and workshop plans in the API: the same selectors and rules as the pages.

Texts come in the language asked for (`lang=nb|nn|en`), falling back to bokmål where a translation is missing.
"""

from datetime import date, datetime
from typing import Literal

from django.http import HttpRequest
from django.utils import translation
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from ideverkstedet.api.auth import token_session_or_anyone
from ideverkstedet.core.bounds import Id
from ideverkstedet.core.current import current_user as _user
from ideverkstedet.core.permissions_api import require
from ideverkstedet.methods import selectors
from ideverkstedet.methods.models import Method, MethodCard, Phase, Plan

router = Router(tags=["methods"])

Language = Literal["nb", "nn", "en"]
MAX_METHODS = 200


class MethodFilterIn(Schema):
    phase: Literal["mote", "tenke", "skape", "dele"] | None = Field(
        None, description="One of the four phases"
    )
    max_minutes: int | None = Field(None, ge=1, le=1440, description="Time available: shortest version fits")
    people_from: int | None = Field(None, ge=1, le=500)
    people_to: int | None = Field(None, ge=1, le=500)
    difficulty: Literal["easy", "medium", "hard"] | None = None
    q: str = Field("", max_length=100, description="Search in names and summaries, any language")
    lang: Language = "nb"


class MethodSummaryOut(Schema):
    slug: str
    name: str
    summary: str
    phases: list[str]
    duration_min: int
    duration_max: int
    group_min: int
    group_max: int
    difficulty: str


class MethodOut(MethodSummaryOut):
    purpose: str
    materials: list[str]
    preparation: str
    steps: list[str]
    tips: str
    pitfalls: str
    privacy_note: str
    source: str
    licence: str
    related: list[str]


class BlockOut(Schema):
    id: int
    position: int
    title: str
    minutes: int
    starts: str = Field(description="Local wall-clock time, HH:MM")
    ends: str
    method: str | None = Field(description="The method's slug, or null for a free block")
    facilitator_notes: str


class PlanSummaryOut(Schema):
    id: int
    title: str
    date: date | None
    start_time: str
    is_shared: bool
    is_template: bool
    block_count: int
    total_minutes: int


class TieOut(Schema):
    kind: Literal["booking", "session"]
    id: int = Field(description="The booking's or the event session's id")
    place: str = Field(description="The room, or where the session is held")
    title: str = Field(description="The event's title (sessions); the booking's title, may be empty")
    starts: datetime = Field(description="With the Europe/Oslo offset")
    ends: datetime
    minutes: int


class PlanOut(PlanSummaryOut):
    notes: str
    ends: str
    blocks: list[BlockOut]
    materials: list[str]
    tied_to: TieOut | None = Field(
        description="The room booking or event session the plan is tied to (read-only here: set it on the page)"
    )
    timing_warnings: list[str] = Field(
        description="Where the agenda does not fit the booking or session: too long, another day, too early or late"
    )


def _summary(method: Method) -> MethodSummaryOut:
    return MethodSummaryOut(
        slug=method.slug,
        name=method.text("name"),
        summary=method.text("summary"),
        phases=[p for p in Phase.values if p in (method.phases or [])],
        duration_min=method.duration_min,
        duration_max=method.duration_max,
        group_min=method.group_min,
        group_max=method.group_max,
        difficulty=method.difficulty,
    )


@router.get(
    "/methods",
    response=list[MethodSummaryOut],
    auth=token_session_or_anyone,
    summary="Method cards, filtered",
)
def method_list(request: HttpRequest, filters: Query[MethodFilterIn]) -> list[MethodSummaryOut]:
    require(request, "methods.view_method")
    wanted = selectors.MethodFilter(
        phase=filters.phase,
        max_minutes=filters.max_minutes,
        people_from=filters.people_from,
        people_to=filters.people_to,
        difficulty=filters.difficulty,
        query=filters.q.strip(),
    )
    with translation.override(filters.lang):
        return [_summary(m) for m in selectors.filter_methods(wanted)[:MAX_METHODS]]


@router.get("/methods/{slug}", response=MethodOut, auth=token_session_or_anyone, summary="One method card")
def method_detail(request: HttpRequest, slug: str, lang: Language = "nb") -> MethodOut:
    require(request, "methods.view_method")
    method = Method.objects.published().prefetch_related("related").filter(slug=slug).first()
    if method is None:
        raise HttpError(404, "No such method")
    with translation.override(lang):
        card = MethodCard.of(method)
        return MethodOut(
            **_summary(method).model_dump(),
            purpose=card.purpose,
            materials=card.materials,
            preparation=card.preparation,
            steps=card.steps,
            tips=card.tips,
            pitfalls=card.pitfalls,
            privacy_note=card.privacy_note,
            source=card.source,
            licence=method.licence,
            related=[m.slug for m in method.related.all() if m.is_published],
        )


def _plan_summary(plan: Plan, block_count: int, total_minutes: int) -> PlanSummaryOut:
    return PlanSummaryOut(
        id=plan.pk,
        title=plan.title,
        date=plan.date,
        start_time=f"{plan.start_time:%H:%M}",
        is_shared=plan.is_shared,
        is_template=plan.is_template,
        block_count=block_count,
        total_minutes=total_minutes,
    )


@router.get("/plans", response=list[PlanSummaryOut], summary="My workshop plans, most recently changed first")
def plan_list(request: HttpRequest) -> list[PlanSummaryOut]:
    require(request, "methods.view_plans")
    return [
        _plan_summary(p, p.block_count, p.total_minutes or 0)  # type: ignore[attr-defined]
        for p in selectors.plans_owned_by(_user(request))[:500]
    ]


@router.get("/plans/{plan_id}", response=PlanOut, summary="One plan with its agenda and running clock")
def plan_detail(request: HttpRequest, plan_id: Id, lang: Language = "nb") -> PlanOut:
    require(request, "methods.view_plans")
    plan = selectors.get_plan_for_user(_user(request), plan_id)
    can_change = request.user.has_perm("methods.change_plan", plan)
    with translation.override(lang):
        agenda = selectors.plan_agenda(plan)
        materials = [item for item, _methods in selectors.plan_materials(agenda)]
        tie, warnings = selectors.plan_timing(plan, agenda)
    return PlanOut(
        **_plan_summary(plan, len(agenda.items), agenda.total_minutes).model_dump(),
        notes=plan.notes,
        ends=f"{agenda.ends:%H:%M}",
        materials=materials,
        tied_to=None
        if tie is None
        else TieOut(
            kind=tie.kind,
            id=tie.pk,
            place=tie.place,
            title=tie.title,
            starts=tie.starts,
            ends=tie.ends,
            minutes=tie.minutes,
        ),
        timing_warnings=warnings,
        blocks=[
            BlockOut(
                id=item.block.pk,
                position=item.block.position,
                title=item.block.title,
                minutes=item.block.minutes,
                starts=f"{item.starts:%H:%M}",
                ends=f"{item.ends:%H:%M}",
                method=item.block.method.slug if item.block.method else None,
                # Notes are for whoever runs the workshop: the people who may change the plan.
                facilitator_notes=item.block.facilitator_notes if can_change else "",
            )
            for item in agenda.items
        ],
    )
