"""Reads of stories: fetch-and-authorise, the filtered list, and the short lists on other pages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from ideverkstedet.accounts.models import ServiceArea
from ideverkstedet.accounts.rules import is_advisor
from ideverkstedet.stories.models import Story, StoryAttachment, StoryImage, Visibility
from ideverkstedet.stories.rules import can_see_story

PER_PAGE = 20


def get_story_for_user(
    user: Any, slug: str, permission: str = "stories.view_story", *, for_update: bool = False
) -> Story:
    """The story with its challenge, author, contact and record; 404 if there is none, 403 if `user` may not
    see it or not do `permission`. One query (a lock with for_update)."""
    stories = Story.objects.select_related(
        "challenge", "challenge__owner", "author", "contact", "unit", "innovation"
    )
    if for_update:
        stories = stories.select_for_update(of=("self",))
    story = stories.filter(slug=slug).first()
    if story is None:
        raise Http404
    if not can_see_story(user, story):
        raise PermissionDenied("stories.view_story")
    if permission != "stories.view_story" and not user.has_perm(permission, story):
        raise PermissionDenied(permission)
    return story


def visible_stories(user: Any) -> QuerySet[Story]:
    """Published stories `user` may read: public ones, and internal ones for the municipality's people."""
    stories = Story.objects.published()
    if not user.has_perm("stories.view_internal"):
        stories = stories.filter(visibility=Visibility.PUBLIC)
    return stories


@dataclass(frozen=True)
class StoryFilters:
    service_area: str = ""
    type: str = ""
    effect: str = ""
    year: int | None = None
    in_use: bool | None = None


def story_list(user: Any, wanted: StoryFilters) -> QuerySet[Story]:
    stories = visible_stories(user).select_related("innovation", "unit")
    if wanted.service_area:
        stories = stories.filter(service_areas__slug=wanted.service_area)
    if wanted.type:
        stories = stories.filter(innovation__type_codes__contains=f" {wanted.type} ")
    if wanted.effect:
        stories = stories.filter(innovation__effect_codes__contains=f" {wanted.effect} ")
    if wanted.year:
        stories = stories.filter(published_at__year=wanted.year)
    if wanted.in_use is not None:
        stories = stories.filter(innovation__taken_into_use=wanted.in_use)
    return stories.prefetch_related(
        Prefetch("service_areas", queryset=ServiceArea.objects.only("id", "name", "slug"))
    ).order_by("-published_at", "-id")


def stories_for_challenge(user: Any, challenge: Any) -> list[Story]:
    """The challenge's stories `user` may read; its team (and advisers) also see drafts."""

    stories = list(
        Story.objects.filter(challenge=challenge)
        .select_related("author")
        .order_by("-published_at", "-id")[:20]
    )
    for story in stories:
        story.challenge = challenge  # the team check needs it; saves a query per story
    return [s for s in stories if can_see_story(user, s)]


def newest_public_stories(limit: int = 3) -> list[Story]:
    return list(Story.objects.public().select_related("innovation").order_by("-published_at", "-id")[:limit])


def story_page_extras(user: Any, story: Story) -> dict[str, Any]:
    """What the story page shows beside the story itself, in a fixed number of queries."""
    reuses = list(story.reuses.select_related("unit").order_by("-created_at", "-id")[:100])
    mine = next((r for r in reuses if user.is_authenticated and r.user_id == user.pk), None)
    if mine is None and user.is_authenticated:
        mine = story.reuses.filter(user=user).first()
    return {
        "areas": list(story.service_areas.all()),
        "methods": list(story.methods.all()),
        "events": list(story.events.only("id", "title", "slug")),
        "attachments": list(StoryAttachment.objects.filter(story=story)),
        "images": list(StoryImage.objects.filter(story=story)),
        "reuses": reuses,
        "reuse_counts": dict(
            story.reuses.values_list("status").annotate(n=Count("id")).values_list("status", "n")
        ),
        "my_reuse": mine,
        "can_see_reuse_notes": is_advisor(user),
    }


def year_choices() -> list[int]:
    """The years from the newest published story back to the oldest. One MIN/MAX query (`dates()` runs a
    Python function per story on SQLite: 20 ms over the large demo's 1,200 stories, on every list request)."""
    from django.db.models import Max, Min

    span = Story.objects.published().aggregate(first=Min("published_at"), last=Max("published_at"))
    if span["first"] is None:
        return []
    first, last = timezone.localtime(span["first"]).year, timezone.localtime(span["last"]).year
    return list(range(last, first - 1, -1))


def story_cards(user: Any, wanted: StoryFilters) -> QuerySet[Story]:
    """`story_list` with only what a card shows (title, summary, whether taken into use, visibility, date)."""
    return (
        story_list(user, wanted)
        .select_related(None)
        .select_related("innovation")
        .prefetch_related(None)
        .only("id", "title", "slug", "summary", "visibility", "published_at", "innovation__taken_into_use")
    )


def stories_of(user: Any) -> QuerySet[Story]:
    """Stories `user` wrote or whose challenge team they are on, drafts included."""
    return Story.objects.filter(
        Q(author=user)
        | Q(challenge__owner=user)
        | Q(challenge__memberships__user=user, challenge__memberships__status="active")
    ).distinct()
