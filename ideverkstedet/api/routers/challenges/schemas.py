"""What the challenges API takes and gives: the schemas of its requests, answers and errors."""

from datetime import date, datetime
from typing import Any, Literal

from ninja import Field, Schema
from pydantic import field_validator

from ideverkstedet.api.errors import ErrorOut
from ideverkstedet.core.bounds import MAX_ID

MAX_PAGE = 100
# Far beyond any real list; keeps OFFSET inside what every database accepts.
MAX_OFFSET = 1_000_000


# ---------------------------------------------------------------- schemas


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
