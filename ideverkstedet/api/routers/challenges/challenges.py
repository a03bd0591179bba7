"""Challenges in the API: the list and one challenge."""

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Status
from ninja.errors import AuthenticationError

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
from ideverkstedet.challenges.models import PhaseChange
from ideverkstedet.core.permissions_api import require

# ---------------------------------------------------------------- challenges


@router.get(
    "/challenges",
    response={200: ChallengePageOut, 401: ErrorOut},
    auth=token_session_or_anyone,
    summary="Challenges the caller may see, most recently active first (public ones need no credentials)",
)
def challenge_list(request: HttpRequest, filters: Query[ChallengeFilter]) -> Status:
    require(request, "challenges.view_challenge")
    user = request.user
    if filters.mine and not user.is_authenticated:
        raise AuthenticationError()
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
    page = list(challenges[filters.offset : filters.offset + filters.limit]) if count > filters.offset else []
    now = timezone.now()
    pattern = _url(request, "challenges:detail", "SLUG")
    areas, tags = selectors.area_and_tag_slugs([c.pk for c in page])
    items = [
        _challenge_fields(request, c, now, pattern, (areas.get(c.pk, []), tags.get(c.pk, []))) for c in page
    ]
    return Status(200, {"items": items, "count": count})


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
