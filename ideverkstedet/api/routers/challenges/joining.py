"""Joining forces in the API: merge duplicate ideas (and undo), propose and answer joining two challenges, and
similar ideas for a title being written. The same services and rules as the pages."""

from datetime import datetime
from typing import Annotated, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Schema, Status
from pydantic import field_validator

from ideverkstedet.api.routers.challenges.base import (
    _not_found,
    router,
    token_session_or_anyone,
)
from ideverkstedet.api.routers.challenges.schemas import ERRORS, _clean_text
from ideverkstedet.challenges import selectors, services
from ideverkstedet.challenges.models import Idea, IdeaMerge, JoinProposal
from ideverkstedet.challenges.services.joining import proposals_for
from ideverkstedet.challenges.services.merging import MAX_DUPLICATES
from ideverkstedet.challenges.suggestions import similar_ideas
from ideverkstedet.core.current import current_user as _user
from ideverkstedet.core.permissions_api import require

IdeaId = Annotated[int, Field(ge=1, le=2_147_483_647)]


class MergeIn(Schema):
    duplicates: list[IdeaId] = Field(min_length=1, max_length=MAX_DUPLICATES, description="Ideas to merge in")
    reason: str = Field(
        min_length=1, max_length=500, description="Shown publicly and sent to those concerned"
    )

    _not_blank = field_validator("reason")(_clean_text)


class ReasonIn(Schema):
    reason: str = Field(min_length=1, max_length=500)

    _not_blank = field_validator("reason")(_clean_text)


class MergeOut(Schema):
    id: int
    kept: int
    duplicates: list[int]
    reason: str
    merged_at: datetime
    undone_at: datetime | None
    kept_cheer_count: int


class ProposalIn(Schema):
    source: str = Field(min_length=1, max_length=220, description="Slug of the proposing team's challenge")
    keep: Literal["target", "source"] = Field("target", description="Which challenge goes on")
    message: str = Field(min_length=1, max_length=1000)

    _not_blank = field_validator("message")(_clean_text)


class AnswerIn(Schema):
    accept: bool
    answer: str = Field(
        "", max_length=1000, description="Required when declining; sent to the proposing team"
    )


class ProposalOut(Schema):
    id: int
    source: str
    target: str
    keep: str
    message: str
    status: str
    answer: str
    created_at: datetime


class SimilarFilter(Schema):
    title: str = Field("", max_length=200, description="What the person has typed so far")


class SimilarIdeaOut(Schema):
    id: int
    title: str
    url: str


def _merge_out(merge: IdeaMerge) -> MergeOut:
    kept = Idea.objects.only("cheer_count").get(pk=merge.kept_id)
    return MergeOut(
        id=merge.pk,
        kept=merge.kept_id,
        duplicates=sorted(merge.duplicates.values_list("pk", flat=True)),
        reason=merge.reason,
        merged_at=timezone.localtime(merge.merged_at),
        undone_at=timezone.localtime(merge.undone_at) if merge.undone_at else None,
        kept_cheer_count=kept.cheer_count,
    )


def _proposal_out(proposal: JoinProposal) -> ProposalOut:
    return ProposalOut(
        id=proposal.pk,
        source=proposal.source.slug,
        target=proposal.target.slug,
        keep=proposal.keep,
        message=proposal.message,
        status=proposal.status,
        answer=proposal.answer,
        created_at=timezone.localtime(proposal.created_at),
    )


@router.post(
    "/ideas/{idea_id}/merge",
    response={200: MergeOut, **ERRORS},
    summary="Merge duplicate ideas into this one: cheers and followers move, each person counted once",
)
def idea_merge(request: HttpRequest, idea_id: int, payload: MergeIn) -> Status:
    kept = selectors.get_idea_for_user(request.user, None, idea_id, "challenges.merge_ideas")
    duplicates = list(Idea.objects.filter(pk__in=payload.duplicates, challenge=kept.challenge))
    if len(duplicates) != len(set(payload.duplicates)):
        raise _not_found("idea")
    merge = services.idea_merge(actor=_user(request), kept=kept, duplicates=duplicates, reason=payload.reason)
    return Status(200, _merge_out(merge))


@router.post(
    "/idea-merges/{merge_id}/undo",
    response={200: MergeOut, **ERRORS},
    summary="Undo a merge within 30 days (the innovation unit): every cheer and follow goes back",
)
def merge_undo(request: HttpRequest, merge_id: int, payload: ReasonIn) -> Status:
    merge = selectors.get_merge_for_user(request.user, None, merge_id, "challenges.undo_merge")
    merge = services.idea_merge_undo(actor=_user(request), merge=merge, reason=payload.reason)
    return Status(200, _merge_out(merge))


@router.get(
    "/challenges/{slug}/ideas/similar",
    response={200: list[SimilarIdeaOut], **ERRORS},
    auth=token_session_or_anyone,
    summary="Up to five ideas on the challenge like a title being written",
)
def ideas_similar(request: HttpRequest, slug: str, filters: Query[SimilarFilter]) -> Status:
    challenge = selectors.get_challenge_for_user(request.user, slug)
    hits = similar_ideas(request.user, challenge, filters.title)
    return Status(
        200,
        [SimilarIdeaOut(id=h.object_id, title=h.title, url=request.build_absolute_uri(h.url)) for h in hits],
    )


@router.get(
    "/challenges/{slug}/join-proposals",
    response={200: list[ProposalOut], **ERRORS},
    summary="Open proposals to and from the challenge (for its team)",
)
def proposals_list(request: HttpRequest, slug: str) -> Status:
    challenge = selectors.get_challenge_for_user(request.user, slug, "challenges.change_challenge")
    return Status(200, [_proposal_out(p) for p in proposals_for(_user(request), challenge)])


@router.post(
    "/challenges/{slug}/join-proposals",
    response={201: ProposalOut, **ERRORS},
    summary="'We have the same challenge': the source challenge's team proposes joining this one",
)
def proposal_create(request: HttpRequest, slug: str, payload: ProposalIn) -> Status:
    target = selectors.get_challenge_for_user(request.user, slug, "challenges.propose_join")
    source = selectors.get_challenge_for_user(request.user, payload.source)
    proposal = services.join_propose(
        actor=_user(request), source=source, target=target, keep=payload.keep, message=payload.message
    )
    return Status(201, _proposal_out(proposal))


@router.post(
    "/join-proposals/{proposal_id}/answer",
    response={200: ProposalOut, **ERRORS},
    summary="The asked team accepts (the challenges become one) or declines with a reason",
)
def proposal_answer(request: HttpRequest, proposal_id: int, payload: AnswerIn) -> Status:
    proposal = selectors.get_proposal_for_user(request.user, None, proposal_id, "challenges.answer_join")
    proposal = services.join_answer(
        actor=_user(request), proposal=proposal, accept=payload.accept, answer=payload.answer
    )
    return Status(200, _proposal_out(proposal))


@router.post(
    "/join-proposals/{proposal_id}/withdraw",
    response={200: ProposalOut, **ERRORS},
    summary="The proposing team takes its proposal back",
)
def proposal_withdraw(request: HttpRequest, proposal_id: int) -> Status:
    proposal = selectors.get_proposal_for_user(request.user, None, proposal_id)
    require(request, "challenges.propose_join", proposal.target)
    proposal = services.join_withdraw(actor=_user(request), proposal=proposal)
    return Status(200, _proposal_out(proposal))
