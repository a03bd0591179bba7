"""Challenges in the API: the list and one challenge."""

from types import SimpleNamespace
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Query
from ninja.errors import AuthenticationError

from ideverkstedet.api.plain import cached_plain_response
from ideverkstedet.api.routers.challenges.base import (
    _challenge_fields,
    _phase,
    _url,
    router,
    token_session_or_anyone,
)
from ideverkstedet.api.routers.challenges.schemas import (
    ChallengeDetailOut,
    ChallengeFilter,
    ChallengePageOut,
    ErrorOut,
    InsightOut,
    PhaseChangeOut,
)
from ideverkstedet.challenges import selectors
from ideverkstedet.challenges.models import PhaseChange, input_state
from ideverkstedet.core.i18n import localized
from ideverkstedet.core.permissions_api import require

# What the list reads of each challenge: ChallengeOut's fields without building Challenge objects.
LIST_FIELDS = (
    "id",
    "slug",
    "title",
    "summary",
    "phase_id",
    "phase__slug",
    "phase__name",
    "phase__name_nn",
    "phase__name_en",
    "visibility",
    "idea_count",
    "comment_count",
    "input_opens_at",
    "input_closes_at",
    "input_question",
    "input_audience",
)

# ---------------------------------------------------------------- challenges


@router.get(
    "/challenges",
    response={200: ChallengePageOut, 401: ErrorOut},
    auth=token_session_or_anyone,
    summary="Challenges the caller may see, most recently active first (public ones need no credentials)",
)
def challenge_list(request: HttpRequest, filters: Query[ChallengeFilter]) -> HttpResponse:
    require(request, "challenges.view_challenge")
    user = request.user
    if filters.mine and not user.is_authenticated:
        raise AuthenticationError()

    def build() -> dict[str, Any]:
        challenges = selectors.challenge_list(
            user,
            selectors.ListFilters(
                phase=filters.phase,
                area=filters.area,
                tag=filters.tag,
                open_for_input=filters.open_for_input,
                mine=filters.mine,
            ),
        ).prefetch_related(None)
        count = challenges.count()
        page = (
            list(challenges.values(*LIST_FIELDS)[filters.offset : filters.offset + filters.limit])
            if count > filters.offset
            else []
        )
        areas, tags = selectors.area_and_tag_slugs([c["id"] for c in page])
        url_pattern = _url(request, "challenges:detail", "SLUG")
        return {"items": challenge_rows(page, areas, tags, url_pattern), "count": count}

    # Anonymous callers share the answer (api/plain.py, core/fragments.py): the "challenges" group watches
    # every model the list shows (counters moved by .update() go with a watched row saved in the same
    # transaction), and its lifetime ends when the next input window opens or closes ("state", the "open"
    # filter). The URLs are absolute: cached_plain_response keeps the answer per origin.
    return cached_plain_response(request, "challenges", build)


def challenge_rows(
    page: list[dict[str, Any]], areas: dict[int, list[str]], tags: dict[int, list[str]], url_pattern: str
) -> list[dict[str, Any]]:
    """ChallengeOut as plain data (api/plain.py), in its field order, from rows of LIST_FIELDS."""
    now = timezone.now()
    phases: dict[int, dict[str, str]] = {}
    items = []
    for c in page:
        phase = phases.get(c["phase_id"])
        if phase is None:
            names = SimpleNamespace(
                name=c["phase__name"], name_nn=c["phase__name_nn"], name_en=c["phase__name_en"]
            )
            phase = phases[c["phase_id"]] = {"slug": c["phase__slug"], "name": localized(names, "name")}
        opens_at, closes_at = c["input_opens_at"], c["input_closes_at"]
        items.append(
            {
                "id": c["id"],
                "slug": c["slug"],
                "title": c["title"],
                "summary": c["summary"],
                "phase": phase,
                "visibility": c["visibility"],
                "service_areas": areas.get(c["id"], []),
                "tags": tags.get(c["id"], []),
                "idea_count": c["idea_count"],
                "comment_count": c["comment_count"],
                "input": {
                    "state": input_state(opens_at, closes_at, now),
                    "opens_at": timezone.localtime(opens_at) if opens_at else None,
                    "closes_at": timezone.localtime(closes_at) if closes_at else None,
                    "question": c["input_question"],
                    "audience": c["input_audience"],
                },
                # One reverse for the page, not one per challenge.
                "url": url_pattern.replace("SLUG", c["slug"]),
            }
        )
    return items


@router.get(
    "/challenges/{slug}",
    response={200: ChallengeDetailOut, 404: ErrorOut},
    auth=token_session_or_anyone,
    summary="One challenge with its phase history and insight",
)
def challenge_detail(request: HttpRequest, slug: str) -> ChallengeDetailOut:
    challenge = selectors.get_challenge_for_user(request.user, slug)
    user = request.user
    history = PhaseChange.objects.filter(challenge=challenge).select_related("from_phase", "to_phase")
    return ChallengeDetailOut(
        **_challenge_fields(request, challenge, timezone.now()),
        description=challenge.description,
        outcome=challenge.outcome,
        unit=challenge.unit.name if challenge.unit else None,
        organisation=challenge.organisation.name if challenge.organisation else None,
        created_at=timezone.localtime(challenge.created_at),
        updated_at=timezone.localtime(challenge.updated_at),
        phase_history=[
            PhaseChangeOut(
                from_phase=_phase(change.from_phase) if change.from_phase else None,
                to_phase=_phase(change.to_phase),
                note=change.note,
                changed_at=timezone.localtime(change.changed_at),
            )
            for change in history
        ],
        insights=[
            InsightOut(
                id=insight.pk,
                kind=insight.kind,
                title=insight.title,
                body=insight.body,
                source=insight.source,
                observed_on=insight.observed_on,
                method=insight.method,
                shareable=insight.is_shareable,
            )
            for insight in selectors.insights_for(user, challenge)
        ],
        following=selectors.is_following(user, challenge=challenge),
        may_give_input=user.has_perm("challenges.give_input", challenge),
    )
