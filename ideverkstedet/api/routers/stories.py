"""Stories and their reuse in the API: the same selectors, services and rules as the pages.

A story the caller may not see answers 404, never 403, so the API does not confirm that a draft or an
internal story exists.
"""

from datetime import date, datetime
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import field_validator

from ideverkstedet.accounts.models import ServiceArea
from ideverkstedet.api.errors import ErrorOut
from ideverkstedet.api.plain import cached_plain_response
from ideverkstedet.api.routers.challenges.base import token_session_or_anyone
from ideverkstedet.challenges.models import Challenge
from ideverkstedet.challenges.rules import can_see
from ideverkstedet.core.current import current_user as _user
from ideverkstedet.core.permissions_api import require
from ideverkstedet.stories import selectors, services
from ideverkstedet.stories.innovation import (
    Actor,
    Effect,
    EffectLevel,
    InnovationType,
    Origin,
    UserInvolvement,
)
from ideverkstedet.stories.models import Reuse, Story

router = Router(tags=["stories"])

MAX_PAGE = 100
MAX_OFFSET = 1_000_000


class EffectSchema(Schema):
    kind: Literal[tuple(Effect.values)]  # type: ignore[valid-type]
    level: Literal[tuple(EffectLevel.values)]  # type: ignore[valid-type]
    figure: str = Field("", max_length=300)


class InnovationSchema(Schema):
    taken_into_use: bool = False
    taken_into_use_on: date | None = None
    types: list[Literal[tuple(InnovationType.values)]] = []  # type: ignore[valid-type]
    core_tasks: bool = False
    origin: Literal[("", *Origin.values)] = ""  # type: ignore[valid-type]
    adopted_from: str = Field("", max_length=200)
    initiators: list[Literal[tuple(Actor.values)]] = []  # type: ignore[valid-type]
    carriers: list[Literal[tuple(Actor.values)]] = []  # type: ignore[valid-type]
    partners: list[Literal[tuple(Actor.values)]] = []  # type: ignore[valid-type]
    user_involvement: Literal[("", *UserInvolvement.values)] = ""  # type: ignore[valid-type]
    effects: list[EffectSchema] = []
    spread_actively: bool = False


class StoryOut(Schema):
    id: int
    slug: str
    title: str
    summary: str
    visibility: str
    published_at: datetime | None = Field(description="None for a draft (only its team gets drafts)")
    service_areas: list[str] = Field(description="Service area slugs")
    taken_into_use: bool
    url: str


class StoryPageOut(Schema):
    items: list[StoryOut]
    count: int


class ReuseOut(Schema):
    id: int
    who: str
    status: str
    created_at: datetime


class StoryDetailOut(StoryOut):
    problem: str = Field(description="Markdown, as written; sanitise before rendering")
    tried: str
    outcome: str
    not_worked: str
    next_steps: str
    partners: str
    unit: str | None
    challenge: str | None = Field(description="The challenge's slug, when the caller may see it")
    methods: list[str] = Field(description="Method card slugs")
    innovation: InnovationSchema
    reuse: list[ReuseOut]


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank")
    return value


class StoryIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    summary: str = Field(min_length=1, max_length=300)
    problem: str = Field(min_length=1, max_length=20_000)
    tried: str = Field(min_length=1, max_length=20_000)
    outcome: str = Field("", max_length=20_000)
    not_worked: str = Field("", max_length=20_000)
    next_steps: str = Field("", max_length=20_000)
    partners: str = Field("", max_length=300)
    visibility: Literal["internal", "public"] = "internal"
    service_areas: list[str] = Field([], max_length=50, description="Service area slugs")
    challenge: str | None = Field(None, max_length=220, description="Create from this challenge (its team)")
    innovation: InnovationSchema | None = None
    publish: bool = Field(False, description="Publish now; otherwise a draft only the team sees")

    _not_blank = field_validator("title", "summary", "problem", "tried")(_not_blank)


class ReuseIn(Schema):
    who: str = Field(min_length=1, max_length=200, description="Who you are, e.g. your unit")
    note: str = Field("", max_length=2000)

    _not_blank = field_validator("who")(_not_blank)


class StoryFilter(Schema):
    area: str = Field("", max_length=100, description="Service area slug")
    type: Literal[("", *InnovationType.values)] = ""  # type: ignore[valid-type]
    effect: Literal[("", *Effect.values)] = ""  # type: ignore[valid-type]
    year: int | None = Field(None, ge=2000, le=2100, description="Year published")
    in_use: bool | None = Field(
        None, description="Only stories whose innovation is (or is not) taken into use"
    )
    limit: int = Field(50, ge=1, le=MAX_PAGE)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


ERRORS: dict[int, Any] = {403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _story(request: HttpRequest, slug: str) -> Story:
    try:
        return selectors.get_story_for_user(request.user, slug[:220])
    except (Http404, PermissionDenied):
        error = HttpError(404, "No such story")
        error.code = "not_found"  # type: ignore[attr-defined]
        raise error from None


def _fields(story: Story, url_pattern: str, areas: list[str]) -> dict[str, Any]:
    record = getattr(story, "innovation", None)
    return {
        "id": story.pk,
        "slug": story.slug,
        "title": story.title,
        "summary": story.summary,
        "visibility": story.visibility,
        "published_at": story.published_at,
        "service_areas": areas,
        "taken_into_use": bool(record and record.taken_into_use),
        "url": url_pattern.replace("SLUG", story.slug),
    }


def _innovation(record: Any) -> dict[str, Any]:
    if record is None:
        return {}
    return {name: getattr(record, name) for name in InnovationSchema.model_fields}


def _page(request: HttpRequest, filters: StoryFilter) -> dict[str, Any]:
    """The list as plain data shaped like StoryPageOut (api/plain.py), in three queries whatever the limit: the
    count, the page's fields (the record's flag by a join) and the page's service area slugs."""
    stories = selectors.story_list(
        request.user,
        selectors.StoryFilters(
            service_area=filters.area,
            type=filters.type,
            effect=filters.effect,
            year=filters.year,
            in_use=filters.in_use,
        ),
    )
    count = stories.count()
    if count <= filters.offset:
        return {"items": [], "count": count}
    rows = list(
        stories.select_related(None)
        .prefetch_related(None)
        .values("id", "slug", "title", "summary", "visibility", "published_at", "innovation__taken_into_use")[
            filters.offset : filters.offset + filters.limit
        ]
    )
    areas: dict[int, list[str]] = {}
    links = Story.service_areas.through.objects.filter(story_id__in=[row["id"] for row in rows])
    for story_id, slug in links.order_by("servicearea__name").values_list("story_id", "servicearea__slug"):
        areas.setdefault(story_id, []).append(slug)
    pattern = request.build_absolute_uri(reverse("stories:detail", args=["SLUG"]))
    items = [
        {
            "id": row["id"],
            "slug": row["slug"],
            "title": row["title"],
            "summary": row["summary"],
            "visibility": row["visibility"],
            "published_at": row["published_at"],
            "service_areas": areas.get(row["id"], []),
            "taken_into_use": bool(row["innovation__taken_into_use"]),
            "url": pattern.replace("SLUG", row["slug"]),
        }
        for row in rows
    ]
    return {"items": items, "count": count}


@router.get(
    "/stories",
    response={200: StoryPageOut, 401: ErrorOut},
    auth=token_session_or_anyone,
    summary="Published stories the caller may read, newest first, with the list page's filters",
)
def story_list(request: HttpRequest, filters: Query[StoryFilter]) -> HttpResponse:
    require(request, "stories.view_story")
    # Anonymous callers share the answer (api/plain.py; the "stories" group watches every model it shows:
    # stories/apps.py); others get theirs built. The items' URLs are absolute: cached_plain_response keeps the
    # answer per origin.
    return cached_plain_response(request, "stories", lambda: _page(request, filters))


def _detail(request: HttpRequest, story: Story) -> StoryDetailOut:
    pattern = request.build_absolute_uri(reverse("stories:detail", args=["SLUG"]))
    challenge = story.challenge
    return StoryDetailOut(
        **_fields(story, pattern, [a.slug for a in story.service_areas.all()]),
        problem=story.problem,
        tried=story.tried,
        outcome=story.outcome,
        not_worked=story.not_worked,
        next_steps=story.next_steps,
        partners=story.partners,
        unit=story.unit.name if story.unit else None,
        challenge=challenge.slug if challenge and can_see(request.user, challenge) else None,
        methods=list(story.methods.values_list("slug", flat=True)),
        innovation=InnovationSchema(**_innovation(getattr(story, "innovation", None))),
        reuse=[
            ReuseOut(id=r.pk, who=r.who, status=r.status, created_at=r.created_at)
            for r in story.reuses.order_by("-created_at", "-id")[:100]
        ],
    )


@router.get(
    "/stories/{slug}",
    response={200: StoryDetailOut, 404: ErrorOut},
    auth=token_session_or_anyone,
    summary="One story with its innovation record and who reuses it",
)
def story_detail(request: HttpRequest, slug: str) -> StoryDetailOut:
    return _detail(request, _story(request, slug))


def _data(payload: StoryIn) -> services.StoryData:
    return services.StoryData(
        title=payload.title,
        summary=payload.summary,
        problem=payload.problem,
        tried=payload.tried,
        outcome=payload.outcome,
        not_worked=payload.not_worked,
        next_steps=payload.next_steps,
        partners=payload.partners,
        visibility=payload.visibility,
        service_areas=list(ServiceArea.objects.filter(slug__in=payload.service_areas)),
    )


def _innovation_data(payload: InnovationSchema) -> services.InnovationData:
    data = payload.model_dump()
    data["effects"] = [dict(e) for e in data["effects"]]
    return services.InnovationData(**data)


def _save_rest(request: HttpRequest, story: Story, payload: StoryIn) -> None:
    if payload.innovation is not None:
        services.innovation_record_save(
            actor=_user(request), story=story, data=_innovation_data(payload.innovation)
        )
    if payload.publish:
        services.story_publish(actor=_user(request), story=story)


@router.post(
    "/stories", response={201: StoryDetailOut, **ERRORS}, summary="Write a story (a draft unless publish)"
)
def story_create(request: HttpRequest, payload: StoryIn) -> Status:
    challenge = None
    if payload.challenge:
        challenge = Challenge.objects.filter(slug=payload.challenge).first()
        if challenge is None or not can_see(request.user, challenge):
            return Status(404, {"error": "not_found", "detail": "No such challenge", "field": "challenge"})
    require(request, "stories.add_story", challenge)
    story = services.story_create(actor=_user(request), data=_data(payload), challenge=challenge)
    _save_rest(request, story, payload)
    return Status(201, _detail(request, _story(request, story.slug)))


@router.put("/stories/{slug}", response={200: StoryDetailOut, **ERRORS}, summary="Change a story (its team)")
def story_update(request: HttpRequest, slug: str, payload: StoryIn) -> Status:
    story = _story(request, slug)
    require(request, "stories.change_story", story)
    data = _data(payload)
    data.methods = list(story.methods.all())
    data.events = list(story.events.all())
    data.contact = story.contact
    services.story_update(actor=_user(request), story=story, data=data)
    _save_rest(request, story, payload)
    return Status(200, _detail(request, _story(request, story.slug)))


@router.post(
    "/stories/{slug}/reuse",
    response={201: ReuseOut, **ERRORS},
    summary='"Vi vil prøve dette": tell the story\'s team you want to try it (409 if you already have)',
)
def story_reuse(request: HttpRequest, slug: str, payload: ReuseIn) -> Status:
    story = _story(request, slug)
    require(request, "stories.reuse_story", story)
    reuse: Reuse = services.reuse_create(
        actor=_user(request), story=story, who=payload.who, note=payload.note
    )
    return Status(201, ReuseOut(id=reuse.pk, who=reuse.who, status=reuse.status, created_at=reuse.created_at))
