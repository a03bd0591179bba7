"""What the challenges endpoints share: the router, who may call public reads, fetching and shaping."""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router
from ninja.errors import HttpError

from ideverkstedet.api.auth import (
    token_session_or_anyone,  # noqa: F401  (the endpoints import it from here)
)
from ideverkstedet.api.routers.challenges.schemas import (
    IdeaOut,
    PhaseOut,
)
from ideverkstedet.challenges import selectors
from ideverkstedet.challenges.models import Challenge, Comment, Idea

router = Router(tags=["challenges"])


# ---------------------------------------------------------------- helpers


def _not_found(what: str) -> HttpError:
    error = HttpError(404, f"No such {what}")
    error.code = "not_found"  # type: ignore[attr-defined]
    return error


def _url(request: HttpRequest, name: str, *args: Any) -> str:
    try:
        return request.build_absolute_uri(reverse(name, args=args))
    except NoReverseMatch:
        return ""


def _phase(phase: Any) -> PhaseOut:
    return PhaseOut(slug=phase.slug, name=phase.label)


def _local(moment: datetime | None) -> datetime | None:
    return timezone.localtime(moment) if moment else None


def _challenge_fields(request: HttpRequest, challenge: Challenge, now: datetime) -> dict[str, Any]:
    """One challenge's ChallengeOut fields as plain data (the list builds its own: challenges.challenge_rows)."""
    url_pattern = _url(request, "challenges:detail", "SLUG")
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
