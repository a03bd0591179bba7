"""Ideas, cheers, comments and follows in the API."""

from django.http import HttpRequest
from ninja import Query, Status

from ideverkstedet.api.routers.challenges.base import (
    _comment_fields,
    _idea_out,
    _not_found,
    router,
    token_session_or_anyone,
)
from ideverkstedet.api.routers.challenges.schemas import (
    ERRORS,
    CheerOut,
    CommentFilter,
    CommentIn,
    CommentOut,
    ErrorOut,
    FollowOut,
    IdeaFilter,
    IdeaIn,
    IdeaOut,
    IdeaPageOut,
    StatusIn,
    ThreadOut,
    ThreadPageOut,
)
from ideverkstedet.challenges import selectors, services
from ideverkstedet.challenges.models import Comment, IdeaStatus
from ideverkstedet.core.current import current_user as _user
from ideverkstedet.core.permissions_api import require

# ---------------------------------------------------------------- ideas


@router.get(
    "/challenges/{slug}/ideas",
    response={200: IdeaPageOut, 404: ErrorOut},
    auth=token_session_or_anyone,
    summary="A challenge's ideas, newest or most cheered first",
)
def idea_list(request: HttpRequest, slug: str, filters: Query[IdeaFilter]) -> IdeaPageOut:
    challenge = selectors.get_challenge_for_user(request.user, slug)
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
    challenge = selectors.get_challenge_for_user(request.user, slug)
    idea = services.idea_create(
        author=_user(request),
        challenge=challenge,
        title=payload.title,
        description=payload.description,
        is_anonymous=payload.anonymous,
    )
    return Status(201, _idea_out(request, idea, challenge, cheered=False))


@router.post(
    "/ideas/{idea_id}/status",
    response={200: IdeaOut, **ERRORS},
    summary="The team sets an idea's status with a public explanation; followers are told",
)
def idea_status(request: HttpRequest, idea_id: int, payload: StatusIn) -> Status:
    idea = selectors.get_idea_for_user(request.user, None, idea_id, "challenges.set_idea_status")
    idea = services.idea_set_status(
        actor=_user(request), idea=idea, status=IdeaStatus(payload.status), note=payload.note
    )
    cheered = idea.cheers.filter(user=_user(request)).exists()
    return Status(200, _idea_out(request, idea, idea.challenge, cheered=cheered))


# ---------------------------------------------------------------- cheers


@router.post(
    "/ideas/{idea_id}/cheer",
    response={200: CheerOut, **ERRORS},
    summary="Cheer an idea (heia!). Once per person: a second call changes nothing",
)
def cheer_add(request: HttpRequest, idea_id: int) -> Status:
    idea = selectors.get_idea_for_user(request.user, None, idea_id, "challenges.cheer")
    result = services.cheer_add(user=_user(request), idea=idea)
    return Status(200, CheerOut(cheered=True, cheer_count=result.idea.cheer_count, changed=result.changed))


@router.delete("/ideas/{idea_id}/cheer", response={200: CheerOut, **ERRORS}, summary="Take back a cheer")
def cheer_remove(request: HttpRequest, idea_id: int) -> Status:
    idea = selectors.get_idea_for_user(request.user, None, idea_id)
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
    challenge = selectors.get_challenge_for_user(request.user, slug)
    idea = selectors.get_idea_for_user(request.user, challenge, filters.idea) if filters.idea else None
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
    challenge = selectors.get_challenge_for_user(request.user, slug)
    idea = selectors.get_idea_for_user(request.user, challenge, payload.idea) if payload.idea else None
    parent = None
    if payload.parent:
        parent = (
            Comment.objects.select_related("author", "parent__author")
            .filter(pk=payload.parent, challenge=challenge)
            .first()
        )
        if parent is None or (parent.is_hidden and not selectors.may_see_hidden(request.user, parent)):
            raise _not_found("comment")
    comment = services.comment_create(
        author=_user(request),
        challenge=challenge,
        body=payload.body,
        idea=idea,
        parent=parent,
        is_anonymous=payload.anonymous,
    )
    return Status(201, CommentOut(**_comment_fields(comment)))


# ---------------------------------------------------------------- follows


@router.post(
    "/challenges/{slug}/follow",
    response={200: FollowOut, **ERRORS},
    summary="Follow a challenge: hear about new phases, input windows and comments",
)
def challenge_follow(request: HttpRequest, slug: str) -> Status:
    challenge = selectors.get_challenge_for_user(request.user, slug, "challenges.follow")
    changed = services.follow(user=_user(request), challenge=challenge)
    return Status(200, FollowOut(following=True, changed=changed))


@router.delete("/challenges/{slug}/follow", response={200: FollowOut, **ERRORS}, summary="Stop following")
def challenge_unfollow(request: HttpRequest, slug: str) -> Status:
    challenge = selectors.get_challenge_for_user(request.user, slug)
    changed = services.unfollow(user=_user(request), challenge=challenge)
    return Status(200, FollowOut(following=False, changed=changed))


@router.post(
    "/ideas/{idea_id}/follow",
    response={200: FollowOut, **ERRORS},
    summary="Follow an idea: hear about its status and comments",
)
def idea_follow(request: HttpRequest, idea_id: int) -> Status:
    idea = selectors.get_idea_for_user(request.user, None, idea_id)
    require(request, "challenges.follow", idea.challenge)
    changed = services.follow(user=_user(request), idea=idea)
    return Status(200, FollowOut(following=True, changed=changed))


@router.delete("/ideas/{idea_id}/follow", response={200: FollowOut, **ERRORS}, summary="Stop following")
def idea_unfollow(request: HttpRequest, idea_id: int) -> Status:
    idea = selectors.get_idea_for_user(request.user, None, idea_id)
    changed = services.unfollow(user=_user(request), idea=idea)
    return Status(200, FollowOut(following=False, changed=changed))
