"""Challenges, ideas, comments, cheers and follows in the API: the same selectors, services and rules as the pages.

A challenge the caller may not see answers 404, never 403, so the API does not confirm that an internal
challenge exists. Anonymous posts show "Anonym" and nothing else about the account behind them.
"""

from datetime import date, datetime
from typing import Any, Literal, cast

from django.http import Http404, HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import AuthenticationError, HttpError
from pydantic import field_validator

from ideverkstedet.accounts.models import User
from ideverkstedet.api.auth import token_or_session
from ideverkstedet.challenges import rules as challenge_rules
from ideverkstedet.challenges import selectors, services
from ideverkstedet.challenges.models import Challenge, Comment, Idea, IdeaStatus, PhaseChange
from ideverkstedet.challenges.services import ChallengeError, NotAllowed
from ideverkstedet.core.permissions_api import require

router = Router(tags=["challenges"])

MAX_PAGE = 100
# Far beyond any real list; keeps OFFSET inside what every database accepts.
MAX_OFFSET = 1_000_000
MAX_ID = 2**31 - 1


def _anyone(request: HttpRequest) -> bool:
    """The last resort for public reads: no credentials. A token that was sent but is wrong stays a 401."""
    return "authorization" not in request.headers


# Public reads: a token or session when there is one (so "cheered" and internal challenges work), else anonymous.
token_session_or_anyone = [*token_or_session, _anyone]


# ---------------------------------------------------------------- schemas


class ErrorOut(Schema):
    error: str
    detail: str
    field: str | None = None


class PhaseOut(Schema):
    slug: str
    name: str


class InputOut(Schema):
    state: Literal["none", "upcoming", "open", "closed"]
    opens_at: datetime | None
    closes_at: datetime | None
    question: str
    audience: str = Field(description="employees or everyone (citizens too)")


class ChallengeOut(Schema):
    id: int
    slug: str
    title: str
    summary: str
    phase: PhaseOut
    visibility: str
    service_areas: list[str] = Field(description="Service area slugs")
    tags: list[str] = Field(description="Tag slugs")
    idea_count: int
    comment_count: int
    input: InputOut
    url: str


class ChallengePageOut(Schema):
    items: list[ChallengeOut]
    count: int


class PhaseChangeOut(Schema):
    from_phase: PhaseOut | None
    to_phase: PhaseOut
    note: str
    changed_at: datetime


class InsightOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    source: str
    observed_on: date
    method: str
    shareable: bool


class ChallengeDetailOut(ChallengeOut):
    description: str = Field(description="Markdown, as written; sanitise before rendering")
    outcome: str = Field(description="What the team did with the input")
    unit: str | None
    organisation: str | None
    created_at: datetime
    updated_at: datetime
    phase_history: list[PhaseChangeOut]
    insights: list[InsightOut] = Field(description="Shareable insight; the team sees all of it")
    following: bool
    may_give_input: bool


class IdeaOut(Schema):
    id: int
    challenge: str = Field(description="The challenge's slug")
    title: str
    description: str
    author: str = Field(description='The name others see: "Anonym" for an anonymous idea')
    anonymous: bool
    status: str
    status_note: str
    cheer_count: int
    comment_count: int
    cheered: bool = Field(description="Whether the caller has cheered")
    hidden: bool = Field(description="Only the author and advisors ever get hidden ideas")
    hidden_reason: str
    created_at: datetime
    url: str


class IdeaPageOut(Schema):
    items: list[IdeaOut]
    count: int


def _clean_text(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank")
    return value


class IdeaIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    description: str = Field(min_length=1, max_length=20_000)
    anonymous: bool = Field(False, description="Others see 'Anonym'; moderators can still see who wrote it")

    _not_blank = field_validator("title", "description")(_clean_text)


class CommentOut(Schema):
    id: int
    idea: int | None
    parent: int | None
    body: str
    author: str = Field(description='The name others see: "Anonym" for an anonymous comment')
    anonymous: bool
    hidden: bool
    hidden_reason: str
    created_at: datetime


class ThreadOut(CommentOut):
    replies: list[CommentOut]


class ThreadPageOut(Schema):
    items: list[ThreadOut]
    count: int


class CommentIn(Schema):
    body: str = Field(min_length=1, max_length=5000)
    idea: int | None = Field(None, ge=1, le=MAX_ID, description="Comment on this idea of the challenge")
    parent: int | None = Field(None, ge=1, le=MAX_ID, description="Reply to this comment (one level)")
    anonymous: bool = False

    _not_blank = field_validator("body")(_clean_text)


class CheerOut(Schema):
    cheered: bool
    cheer_count: int
    changed: bool = Field(description="False when it already was so (a double click)")


class FollowOut(Schema):
    following: bool
    changed: bool


class StatusIn(Schema):
    status: Literal["new", "considering", "testing", "implemented", "set_aside"]
    note: str = Field(min_length=1, max_length=2000, description="Shown publicly and sent to followers")

    _not_blank = field_validator("note")(_clean_text)


class ChallengeFilter(Schema):
    phase: str = Field("", max_length=40, description="Phase slug, e.g. tenke")
    area: str = Field("", max_length=100, description="Service area slug")
    tag: str = Field("", max_length=80, description="Tag slug")
    open_for_input: bool = Field(False, alias="open", description="Only challenges open for input now")
    mine: bool = Field(False, description="Only challenges I own or am on the team of (needs credentials)")
    limit: int = Field(50, ge=1, le=MAX_PAGE)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class IdeaFilter(Schema):
    order: Literal["new", "popular"] = "new"
    limit: int = Field(50, ge=1, le=MAX_PAGE)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class CommentFilter(Schema):
    idea: int | None = Field(None, ge=1, le=MAX_ID, description="The idea's comments; none: the challenge's")
    limit: int = Field(MAX_PAGE, ge=1, le=MAX_PAGE, description="Threads per page")
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


ERRORS: dict[int, Any] = {403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut, 429: ErrorOut}


# ---------------------------------------------------------------- helpers


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _not_found(what: str) -> HttpError:
    error = HttpError(404, f"No such {what}")
    error.code = "not_found"  # type: ignore[attr-defined]
    return error


def _problem(error: ChallengeError) -> Status:
    """A rule the service refused, as `{"error": code, "detail": message, "field": …}` with a fitting status."""
    if isinstance(error, NotAllowed):
        status = 403
    elif error.code == "rate_limited":
        status = 429
    elif error.code.startswith("already") or error.code in {"closed", "not_open_yet"}:
        # The request is fine; the challenge's state (its input window, an earlier action) stands in the way.
        status = 409
    else:
        status = 422
    return Status(status, {"error": error.code, "detail": error.message, "field": error.field})


def _url(request: HttpRequest, name: str, *args: Any) -> str:
    try:
        return request.build_absolute_uri(reverse(name, args=args))
    except NoReverseMatch:
        return ""


def _phase(phase: Any) -> PhaseOut:
    return PhaseOut(slug=phase.slug, name=phase.label)


def _local(moment: datetime | None) -> datetime | None:
    return timezone.localtime(moment) if moment else None


def _challenge_fields(
    request: HttpRequest,
    challenge: Challenge,
    now: datetime,
    url_pattern: str | None = None,
    slugs: tuple[list[str], list[str]] | None = None,
) -> dict[str, Any]:
    """The list fields as plain data: ninja validates them once against the response schema. A list passes
    the URL pattern and the area and tag slugs it read for the whole page (selectors.area_and_tag_slugs)."""
    if url_pattern is None:
        url_pattern = _url(request, "challenges:detail", "SLUG")
    if slugs is None:
        slugs = (
            [area.slug for area in challenge.service_areas.all()],
            [tag.slug for tag in challenge.tags.all()],
        )
    return {
        "id": challenge.pk,
        "slug": challenge.slug,
        "title": challenge.title,
        "summary": challenge.summary,
        "phase": {"slug": challenge.phase.slug, "name": challenge.phase.label},
        "visibility": challenge.visibility,
        "service_areas": slugs[0],
        "tags": slugs[1],
        "idea_count": challenge.idea_count,
        "comment_count": challenge.comment_count,
        "input": {
            "state": challenge.input_state(now),
            "opens_at": _local(challenge.input_opens_at),
            "closes_at": _local(challenge.input_closes_at),
            "question": challenge.input_question,
            "audience": challenge.input_audience,
        },
        # One reverse for the page, not one per challenge.
        "url": url_pattern.replace("SLUG", challenge.slug),
    }


def author_name(post: Idea | Comment) -> str:
    """What the API says about who wrote a post: "Anonym", or the display name — never an email or an id."""
    label = selectors.author_label(post)
    if not post.is_anonymous and label == post.author.email:
        # display_name falls back to the email for people without a name; the API never shows an email.
        return _("Deltaker")
    return label


def _idea_out(request: HttpRequest, idea: Idea, challenge: Challenge, *, cheered: bool) -> IdeaOut:
    return IdeaOut(
        id=idea.pk,
        challenge=challenge.slug,
        title=idea.title,
        description=idea.description,
        author=author_name(idea),
        anonymous=idea.is_anonymous,
        status=idea.status,
        status_note=idea.status_note,
        cheer_count=idea.cheer_count,
        comment_count=idea.comment_count,
        cheered=cheered,
        hidden=idea.is_hidden,
        hidden_reason=idea.hidden_reason if idea.is_hidden else "",
        created_at=timezone.localtime(idea.created_at),
        url=_url(request, "challenges:idea", challenge.slug, idea.pk),
    )


def _comment_fields(comment: Comment) -> dict[str, Any]:
    return {
        "id": comment.pk,
        "idea": comment.idea_id,
        "parent": comment.parent_id,
        "body": comment.body,
        "author": author_name(comment),
        "anonymous": comment.is_anonymous,
        "hidden": comment.is_hidden,
        "hidden_reason": comment.hidden_reason if comment.is_hidden else "",
        "created_at": timezone.localtime(comment.created_at),
    }


def _challenge(request: HttpRequest, slug: str) -> Challenge:
    """The challenge if the caller may see it; 404 otherwise (an internal challenge's existence is not told)."""
    try:
        return selectors.get_challenge_for_user(request.user, slug)
    except Http404:
        raise _not_found("challenge") from None


def _idea_in(request: HttpRequest, challenge: Challenge, idea_id: int) -> Idea:
    try:
        return selectors.get_idea_for_user(request.user, challenge, idea_id)
    except Http404:
        raise _not_found("idea") from None


def _idea(request: HttpRequest, idea_id: int) -> Idea:
    """An idea whose challenge the caller may see, and which is not hidden from them; 404 otherwise."""
    idea = Idea.objects.select_related("challenge").filter(pk=idea_id).first()
    if idea is None or not challenge_rules.can_see(request.user, idea.challenge):
        raise _not_found("idea")
    if idea.is_hidden and not selectors.may_see_hidden(request.user, idea):
        raise _not_found("idea")
    return idea


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
    challenge = _challenge(request, slug)
    require(request, "challenges.view_challenge", challenge)
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


# ---------------------------------------------------------------- ideas


@router.get(
    "/challenges/{slug}/ideas",
    response={200: IdeaPageOut, 404: ErrorOut},
    auth=token_session_or_anyone,
    summary="A challenge's ideas, newest or most cheered first",
)
def idea_list(request: HttpRequest, slug: str, filters: Query[IdeaFilter]) -> IdeaPageOut:
    challenge = _challenge(request, slug)
    require(request, "challenges.view_challenge", challenge)
    ideas = selectors.ideas_for(request.user, challenge, order=filters.order)
    count = ideas.count()
    page = list(ideas[filters.offset : filters.offset + filters.limit]) if count > filters.offset else []
    items = [
        _idea_out(request, idea, challenge, cheered=bool(getattr(idea, "cheered", False))) for idea in page
    ]
    return IdeaPageOut(items=items, count=count)


@router.post(
    "/challenges/{slug}/ideas",
    response={201: IdeaOut, **ERRORS},
    summary="Post an idea while the challenge is open for input (409 when it is not)",
)
def idea_create(request: HttpRequest, slug: str, payload: IdeaIn) -> Status:
    require(request, "challenges.give_input")
    challenge = _challenge(request, slug)
    try:
        idea = services.idea_create(
            author=_user(request),
            challenge=challenge,
            title=payload.title,
            description=payload.description,
            is_anonymous=payload.anonymous,
        )
    except ChallengeError as error:
        return _problem(error)
    return Status(201, _idea_out(request, idea, challenge, cheered=False))


@router.post(
    "/ideas/{idea_id}/status",
    response={200: IdeaOut, **ERRORS},
    summary="The team sets an idea's status with a public explanation; followers are told",
)
def idea_status(request: HttpRequest, idea_id: int, payload: StatusIn) -> Status:
    idea = _idea(request, idea_id)
    require(request, "challenges.set_idea_status", idea)
    try:
        idea = services.idea_set_status(
            actor=_user(request), idea=idea, status=IdeaStatus(payload.status), note=payload.note
        )
    except ChallengeError as error:
        return _problem(error)
    cheered = idea.cheers.filter(user=_user(request)).exists()
    return Status(200, _idea_out(request, idea, idea.challenge, cheered=cheered))


# ---------------------------------------------------------------- cheers


@router.post(
    "/ideas/{idea_id}/cheer",
    response={200: CheerOut, **ERRORS},
    summary="Cheer an idea (heia!). Once per person: a second call changes nothing",
)
def cheer_add(request: HttpRequest, idea_id: int) -> Status:
    idea = _idea(request, idea_id)
    require(request, "challenges.cheer", idea)
    try:
        result = services.cheer_add(user=_user(request), idea=idea)
    except ChallengeError as error:
        return _problem(error)
    return Status(200, CheerOut(cheered=True, cheer_count=result.idea.cheer_count, changed=result.changed))


@router.delete("/ideas/{idea_id}/cheer", response={200: CheerOut, **ERRORS}, summary="Take back a cheer")
def cheer_remove(request: HttpRequest, idea_id: int) -> Status:
    idea = _idea(request, idea_id)
    result = services.cheer_remove(user=_user(request), idea=idea)
    return Status(200, CheerOut(cheered=False, cheer_count=result.idea.cheer_count, changed=result.changed))


# ---------------------------------------------------------------- comments


@router.get(
    "/challenges/{slug}/comments",
    response={200: ThreadPageOut, 404: ErrorOut},
    auth=token_session_or_anyone,
    summary="Comment threads (oldest first, one level of replies) on a challenge or one of its ideas",
)
def comment_list(request: HttpRequest, slug: str, filters: Query[CommentFilter]) -> ThreadPageOut:
    challenge = _challenge(request, slug)
    require(request, "challenges.view_challenge", challenge)
    idea = _idea_in(request, challenge, filters.idea) if filters.idea else None
    threads = selectors.comment_threads(request.user, challenge, idea)
    page = threads[filters.offset : filters.offset + filters.limit]
    items = [
        ThreadOut(
            **_comment_fields(thread),
            replies=[CommentOut(**_comment_fields(reply)) for reply in getattr(thread, "reply_list", [])],
        )
        for thread in page
    ]
    return ThreadPageOut(items=items, count=len(threads))


@router.post(
    "/challenges/{slug}/comments",
    response={201: CommentOut, **ERRORS},
    summary="Comment on a challenge or an idea, or reply to a comment, while open for input",
)
def comment_create(request: HttpRequest, slug: str, payload: CommentIn) -> Status:
    require(request, "challenges.give_input")
    challenge = _challenge(request, slug)
    idea = _idea_in(request, challenge, payload.idea) if payload.idea else None
    parent = None
    if payload.parent:
        parent = (
            Comment.objects.select_related("author", "parent__author")
            .filter(pk=payload.parent, challenge=challenge)
            .first()
        )
        if parent is None or (parent.is_hidden and not selectors.may_see_hidden(request.user, parent)):
            raise _not_found("comment")
    try:
        comment = services.comment_create(
            author=_user(request),
            challenge=challenge,
            body=payload.body,
            idea=idea,
            parent=parent,
            is_anonymous=payload.anonymous,
        )
    except ChallengeError as error:
        return _problem(error)
    return Status(201, CommentOut(**_comment_fields(comment)))


# ---------------------------------------------------------------- follows


@router.post(
    "/challenges/{slug}/follow",
    response={200: FollowOut, **ERRORS},
    summary="Follow a challenge: hear about new phases, input windows and comments",
)
def challenge_follow(request: HttpRequest, slug: str) -> Status:
    challenge = _challenge(request, slug)
    require(request, "challenges.follow", challenge)
    try:
        changed = services.follow(user=_user(request), challenge=challenge)
    except ChallengeError as error:
        return _problem(error)
    return Status(200, FollowOut(following=True, changed=changed))


@router.delete("/challenges/{slug}/follow", response={200: FollowOut, **ERRORS}, summary="Stop following")
def challenge_unfollow(request: HttpRequest, slug: str) -> Status:
    challenge = _challenge(request, slug)
    changed = services.unfollow(user=_user(request), challenge=challenge)
    return Status(200, FollowOut(following=False, changed=changed))


@router.post(
    "/ideas/{idea_id}/follow",
    response={200: FollowOut, **ERRORS},
    summary="Follow an idea: hear about its status and comments",
)
def idea_follow(request: HttpRequest, idea_id: int) -> Status:
    idea = _idea(request, idea_id)
    require(request, "challenges.follow", idea.challenge)
    try:
        changed = services.follow(user=_user(request), idea=idea)
    except ChallengeError as error:
        return _problem(error)
    return Status(200, FollowOut(following=True, changed=changed))


@router.delete("/ideas/{idea_id}/follow", response={200: FollowOut, **ERRORS}, summary="Stop following")
def idea_unfollow(request: HttpRequest, idea_id: int) -> Status:
    idea = _idea(request, idea_id)
    changed = services.unfollow(user=_user(request), idea=idea)
    return Status(200, FollowOut(following=False, changed=changed))
