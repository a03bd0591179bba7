"""Reads for challenges and ideas: what a person may see, with a constant number of queries per page."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from ideverkstedet.accounts.rules import is_municipal
from ideverkstedet.challenges.models import (
    Challenge,
    Cheer,
    Comment,
    Follow,
    Idea,
    IdeaMerge,
    Insight,
    JoinProposal,
    Membership,
    Phase,
    PostingBlock,
    Report,
    TeamInvitation,
)
from ideverkstedet.challenges.rules import can_see, is_team_member
from ideverkstedet.core import sections


def visible_challenges(user: Any) -> QuerySet[Challenge]:
    """Public challenges for everyone; internal ones for the municipality's people (see rules.can_see)."""
    qs = Challenge.objects.all()
    if user.has_perm("challenges.view_internal"):
        return qs
    if user.is_authenticated:
        # People outside the municipality see public challenges, and internal ones only that they own.
        return qs.filter(Q(visibility="public") | Q(owner=user))
    return qs.filter(visibility="public")


@dataclass
class ListFilters:
    phase: str = ""
    area: str = ""
    tag: str = ""
    open_for_input: bool = False
    mine: bool = False
    visibility: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def challenge_list(user: Any, filters: ListFilters) -> QuerySet[Challenge]:
    qs = visible_challenges(user).filter(merged_into__isnull=True)  # joined ones live on in the kept one
    if filters.phase:
        qs = qs.filter(phase__slug=filters.phase)
    if filters.area:
        qs = qs.filter(service_areas__slug=filters.area)
    if filters.tag:
        qs = qs.filter(tags__slug=filters.tag)
    if filters.visibility in {"public", "internal"}:
        qs = qs.filter(visibility=filters.visibility)
    if filters.open_for_input:
        now = timezone.now()
        qs = qs.filter(input_opens_at__lte=now, input_closes_at__gt=now)
    if filters.mine and user.is_authenticated:
        member = Membership.objects.filter(
            challenge=OuterRef("pk"), user=user, status=Membership.Status.ACTIVE
        )
        qs = qs.filter(Q(owner=user) | Exists(member))
    return (
        qs.select_related("phase", "unit", "organisation")
        .prefetch_related("service_areas")
        # Lists show neither the long texts nor the image field (setting one costs per row); the card's
        # picture needs only the stored name and its alt text, read as plain strings.
        .defer("description", "outcome", "image", "image_alt")
        .annotate(picture_name=F("image"), picture_alt=F("image_alt"))
        .order_by("-updated_at", "-id")
    )


def seconds_until_an_input_window_changes() -> float | None:
    """How long lists stay true by time alone: until the next input window opens or closes ("Åpen for
    innspill" on a card, the "open" filter). None when none is ahead."""
    from django.db.models import Min

    now = timezone.now()
    ahead = Challenge.objects.aggregate(
        opens=Min("input_opens_at", filter=Q(input_opens_at__gt=now)),
        closes=Min("input_closes_at", filter=Q(input_closes_at__gt=now)),
    )
    moments = [m for m in ahead.values() if m is not None]
    return (min(moments) - now).total_seconds() if moments else None


@dataclass(frozen=True)
class ChallengeCard:
    """What a list shows of a challenge, worked out in Python once: list pages render 50 of these fast."""

    url: str
    title: str
    summary: str
    phase: str
    areas: str
    is_open: bool
    is_internal: bool
    ideas: str
    comments: str
    image: str = ""  # the stored image's name, for core's card_picture tag (renditions, placeholder)
    image_alt: str = ""


def _picture_of(challenge: Challenge) -> tuple[str, str]:
    """The image's name and alt text without a query: from challenge_list's annotation, else the loaded field."""
    if hasattr(challenge, "picture_name"):
        return challenge.picture_name or "", getattr(challenge, "picture_alt", "") or ""
    if "image" in challenge.get_deferred_fields():
        return "", ""
    return challenge.image.name or "", challenge.image_alt


def challenge_cards(challenges: list[Challenge]) -> list[ChallengeCard]:
    """Cards for a page of challenges (fetched without prefetching): one small query for the service areas."""
    from django.urls import reverse
    from django.utils.translation import ngettext

    ids = [c.pk for c in challenges]
    areas: dict[int, list[str]] = {}
    through = Challenge.service_areas.through.objects.filter(challenge_id__in=ids).order_by(
        "servicearea__name"
    )
    for challenge_id, name in through.values_list("challenge_id", "servicearea__name"):
        areas.setdefault(challenge_id, []).append(name)
    pattern = reverse("challenges:detail", args=["SLUG"])
    now = timezone.now()
    labels: dict[int, str] = {}
    cards = []
    for c in challenges:
        if c.phase_id not in labels:
            labels[c.phase_id] = c.phase.label
        owner_place = c.unit.name if c.unit else c.organisation.name if c.organisation else ""
        image, image_alt = _picture_of(c)
        cards.append(
            ChallengeCard(
                url=pattern.replace("SLUG", c.slug),
                title=c.title,
                summary=c.summary,
                phase=labels[c.phase_id],
                areas=", ".join(areas.get(c.pk, [])) or owner_place,
                is_open=c.input_state(now) == "open",
                is_internal=not c.is_public,
                ideas=ngettext("%(n)s idé", "%(n)s ideer", c.idea_count) % {"n": c.idea_count},
                comments=ngettext("%(n)s kommentar", "%(n)s kommentarer", c.comment_count)
                % {"n": c.comment_count},
                image=image,
                image_alt=image_alt,
            )
        )
    return cards


def area_and_tag_slugs(ids: list[int]) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    """The service area and tag slugs of some challenges, read from the link tables without building objects."""
    areas: dict[int, list[str]] = {}
    tags: dict[int, list[str]] = {}
    area_links = Challenge.service_areas.through.objects.filter(challenge_id__in=ids).order_by(
        "servicearea__slug"
    )
    for challenge_id, slug in area_links.values_list("challenge_id", "servicearea__slug"):
        areas.setdefault(challenge_id, []).append(slug)
    tag_links = Challenge.tags.through.objects.filter(challenge_id__in=ids).order_by("tag__slug")
    for challenge_id, slug in tag_links.values_list("challenge_id", "tag__slug"):
        tags.setdefault(challenge_id, []).append(slug)
    return areas, tags


# "Similar challenges" asks the search index for entries sharing any of a challenge's words. An OR over every
# word of a long title and summary matches a large part of the index and ranks all of it (about 320 ms per page
# view on the large demo), so the query keeps the challenge's most telling words (the longest, from the title
# first), asks for no total, and its answer (ids only) is cached per challenge version and audience.
SIMILAR_MAX_WORDS = 6
SIMILAR_CACHE_SECONDS = 15 * 60  # new challenges elsewhere show up as similar within this time


def similar_query(challenge: Challenge) -> str:
    """The words "similar challenges" searches for: the title's longest words, then the summary's."""
    from ideverkstedet.search.text import stem, words

    chosen: dict[str, str] = {}
    for text in (challenge.title, challenge.summary):
        for word in sorted(dict.fromkeys(words(text)), key=len, reverse=True):
            if len(chosen) >= SIMILAR_MAX_WORDS:
                break
            chosen.setdefault(stem(word), word)
    return " ".join(chosen.values())


def similar_challenge_ids(user: Any, challenge: Challenge, *, limit: int = 3) -> list[int]:
    """Ids of challenges sharing words with this one, most alike first, for the audience `user` belongs to
    (public, or public and internal). Cached by the challenge's id and `updated_at` and the audience: an edit
    asks again; a person never gets ids from another audience's answer."""
    from django.core.cache import cache

    from ideverkstedet.search.selectors import search, visible_visibilities

    audience = "+".join(sorted(visible_visibilities(user)))
    key = f"challenges:similar:{challenge.pk}:{challenge.updated_at.timestamp()}:{audience}:{limit}"
    ids = cache.get(key)
    if ids is None:
        hits, _total = search(
            user, similar_query(challenge), kinds=["challenge"], limit=limit + 1, any_word=True, count=False
        )
        ids = [hit.object_id for hit in hits if hit.object_id != challenge.pk][:limit]
        cache.set(key, ids, SIMILAR_CACHE_SECONDS)
    return list(ids)


def similar_challenges(user: Any, challenge: Challenge, *, limit: int = 3) -> list[ChallengeCard]:
    """Challenges the person may see that share words with this one, most alike first: teams in other
    services discover they work on the same problem. The ids come from `similar_challenge_ids` (one search
    query, or none when cached); the challenges themselves are read fresh, through what `user` may see."""
    ids = similar_challenge_ids(user, challenge, limit=limit)
    if not ids:
        return []
    found = {
        c.pk: c
        for c in visible_challenges(user).filter(pk__in=ids).select_related("phase", "unit", "organisation")
    }
    return challenge_cards([found[pk] for pk in ids if pk in found])


def get_challenge_for_user(user: Any, slug: str, permission: str = "challenges.view_challenge") -> Challenge:
    """Fetch and authorise in one step: 404 if it does not exist or the person may not see it (an internal
    challenge's existence is not told), 403 if they may see it but not do `permission`. Pages and the API both
    fetch challenges here."""
    challenge = (
        Challenge.objects.select_related("phase", "owner", "unit", "organisation").filter(slug=slug).first()
    )
    if challenge is None or not can_see(user, challenge):
        raise Http404
    if permission != "challenges.view_challenge" and not user.has_perm(permission, challenge):
        raise PermissionDenied(permission)
    return challenge


def get_idea_for_user(user: Any, challenge: Challenge | None, pk: int, permission: str | None = None) -> Idea:
    """Fetch and authorise an idea in one step: 404 if it is not on `challenge` (or, with None, on a challenge
    the person may see) or it is hidden from them, 403 if they may see it but not do `permission` (a rule that
    takes the idea)."""
    ideas = Idea.objects.select_related("author", "challenge")
    if challenge is not None:
        idea = ideas.filter(challenge=challenge, pk=pk).first()
    else:
        idea = ideas.filter(pk=pk).first()
        if idea is not None and not can_see(user, idea.challenge):
            idea = None
    if idea is None or (idea.hidden_at and not may_see_hidden(user, idea)):
        raise Http404
    if permission is not None and not user.has_perm(permission, idea):
        raise PermissionDenied(permission)
    return idea


def get_merge_for_user(
    user: Any, challenge: Challenge | None, pk: int, permission: str = "challenges.undo_merge"
) -> IdeaMerge:
    """A merge of ideas on `challenge` (or, with None, on a challenge the person may see): 404 if there is none,
    403 if the person may not do `permission`."""
    merges = IdeaMerge.objects.select_related("kept", "challenge")
    if challenge is not None:
        merge = merges.filter(pk=pk, challenge=challenge).first()
    else:
        merge = merges.filter(pk=pk).first()
        if merge is not None and not can_see(user, merge.challenge):
            merge = None
    if merge is None:
        raise Http404
    if not user.has_perm(permission, merge):
        raise PermissionDenied(permission)
    return merge


def get_proposal_for_user(
    user: Any, challenge: Challenge | None, pk: int, permission: str | None = None
) -> JoinProposal:
    """A proposal to join two challenges: 404 unless the person may see both (and, given `challenge`, it
    involves that one), 403 if they may see it but not do `permission` (a rule that takes the proposal)."""
    proposal = JoinProposal.objects.select_related("source", "target").filter(pk=pk).first()
    if proposal is None or (
        challenge is not None and challenge.pk not in {proposal.source_id, proposal.target_id}
    ):
        raise Http404
    if not (can_see(user, proposal.source) and can_see(user, proposal.target)):
        raise Http404
    if permission is not None and not user.has_perm(permission, proposal):
        raise PermissionDenied(permission)
    return proposal


def may_see_hidden(user: Any, post: Idea | Comment) -> bool:
    """Advisors and the author see a hidden post (the author with the reason); nobody else."""
    return bool(user.is_authenticated and (user.has_perm("challenges.moderate") or post.author_id == user.pk))


def ideas_for(user: Any, challenge: Challenge, *, order: str = "new") -> QuerySet[Idea]:
    # Merged duplicates stay readable on their own page and are listed on the kept idea's.
    qs = Idea.objects.filter(challenge=challenge, merged_into__isnull=True).select_related("author")
    if not user.has_perm("challenges.moderate"):
        qs = qs.filter(Q(hidden_at__isnull=True) | Q(author_id=user.pk if user.is_authenticated else None))
    if user.is_authenticated:
        qs = qs.annotate(cheered=Exists(Cheer.objects.filter(idea=OuterRef("pk"), user=user)))
    ordering = {"new": ["-created_at", "-id"], "popular": ["-cheer_count", "-created_at", "-id"]}
    return qs.order_by(*ordering.get(order, ordering["new"]))


def prepare_ideas(challenge: Challenge, ideas: list[Idea]) -> list[Idea]:
    """Work out what a list of idea cards shows once in Python: their links, author labels and counts."""
    from django.urls import reverse
    from django.utils.translation import ngettext

    pattern = reverse("challenges:idea", args=[challenge.slug, 987654321])
    for idea in ideas:
        idea._url = pattern.replace("987654321", str(idea.pk))  # type: ignore[attr-defined]
        idea.challenge = challenge
        idea.author_name = author_label(idea)  # type: ignore[attr-defined]
        idea.comments_text = ngettext(  # type: ignore[attr-defined]
            "%(n)s kommentar", "%(n)s kommentarer", idea.comment_count
        ) % {"n": idea.comment_count}
    return ideas


def _visible_comments(user: Any) -> QuerySet[Comment]:
    visible = Comment.objects.select_related("author")
    if not user.has_perm("challenges.moderate"):
        visible = visible.filter(
            Q(hidden_at__isnull=True) | Q(author_id=user.pk if user.is_authenticated else None)
        )
    return visible


def comment_threads(
    user: Any, challenge: Challenge, idea: Idea | None = None, *, start: int = 0, stop: int | None = None
) -> list[Comment]:
    """Top-level comments with their replies, oldest first (threads `start`–`stop` of them): two queries
    whatever the length."""
    visible = _visible_comments(user)
    top = (
        visible.filter(challenge=challenge, idea=idea, parent__isnull=True)
        .prefetch_related(
            Prefetch("replies", queryset=visible.order_by("created_at", "id"), to_attr="reply_list")
        )
        .order_by("created_at", "id")
    )
    return list(top[start:stop])


PER_PAGE = 20  # a challenge's ideas and comment threads, a page at a time ("Vis flere")
MAX_PAGE = 10_000  # beyond any real challenge; keeps the offset a small number


def page_number(raw: str | None) -> int:
    """A page number from a query string: 1 for anything that is not a number from 1 to MAX_PAGE."""
    try:
        number = int(raw or 1)
    except ValueError:
        return 1
    return number if 1 <= number <= MAX_PAGE else 1


def ideas_page(
    user: Any, challenge: Challenge, *, order: str = "new", page: int = 1
) -> tuple[list[Idea], bool]:
    """One page of the challenge's ideas as the person may see them, and whether there are more: one query
    (a row more than the page tells whether another page follows, without counting)."""
    start = (page - 1) * PER_PAGE
    ideas = list(ideas_for(user, challenge, order=order)[start : start + PER_PAGE + 1])
    return prepare_ideas(challenge, ideas[:PER_PAGE]), len(ideas) > PER_PAGE


def threads_page(user: Any, challenge: Challenge, *, page: int = 1) -> tuple[list[Comment], bool]:
    """One page of the challenge's comment threads (oldest first), and whether there are more: two queries."""
    start = (page - 1) * PER_PAGE
    threads = comment_threads(user, challenge, start=start, stop=start + PER_PAGE + 1)
    return threads[:PER_PAGE], len(threads) > PER_PAGE


def thread_page_of(user: Any, challenge: Challenge, comment_pk: int) -> int:
    """The page of the challenge's conversation that holds this comment's thread, as the person sees it (a
    link to a comment, `?kommentar=<id>`, opens the right page); 1 if there is no such comment to them."""
    comment = (
        _visible_comments(user)
        .filter(challenge=challenge, idea__isnull=True, pk=comment_pk)
        .select_related("parent")
        .first()
    )
    if comment is None:
        return 1
    root = comment.parent or comment
    before = (
        _visible_comments(user)
        .filter(challenge=challenge, idea__isnull=True, parent__isnull=True)
        .filter(Q(created_at__lt=root.created_at) | Q(created_at=root.created_at, id__lt=root.pk))
        .count()
    )
    return min(before // PER_PAGE + 1, MAX_PAGE)


def insights_for(user: Any, challenge: Challenge) -> QuerySet[Insight]:
    qs = challenge.insights.select_related("author")
    if not (is_team_member(user, challenge) or user.has_perm("challenges.moderate")):
        qs = qs.filter(is_shareable=True)
    return qs


def is_following(user: Any, *, challenge: Challenge | None = None, idea: Idea | None = None) -> bool:
    if not user.is_authenticated:
        return False
    if idea is not None:
        return Follow.objects.filter(user=user, idea=idea).exists()
    return Follow.objects.filter(user=user, challenge=challenge).exists()


def membership_of(user: Any, challenge: Challenge) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, challenge=challenge).first()


def moderation_queue() -> QuerySet[Report]:
    return (
        Report.objects.filter(decision=Report.Decision.PENDING)
        .select_related(
            "idea__challenge", "idea__author", "comment__challenge", "comment__author", "reporter"
        )
        .order_by("created_at", "id")
    )


def author_label(post: Idea | Comment) -> str:
    """The name others see. An anonymous post never reveals its account: not here, not in the API."""
    from django.utils.translation import gettext as _

    if post.is_anonymous:
        return _("Anonym")
    author = post.author
    if author.anonymised_at:
        return author.display_name
    return author.full_name or _("Deltaker")  # never the email address


def challenge_page(user: Any, challenge: Challenge) -> dict[str, Any]:
    """What the challenge page reads besides its ideas and conversation (`ideas_page`, `threads_page`, which
    the view caches for visitors): insight, team, history, plans, methods for the phase.

    A bounded number of queries whatever the challenge holds; the view adds forms and permissions.
    """
    return {
        "insights": list(insights_for(user, challenge)[:50]),
        "phases": list(Phase.objects.all()),
        "similar": similar_challenges(user, challenge),
        "history": list(challenge.phase_changes.select_related("to_phase").order_by("changed_at", "id")),
        "areas": list(challenge.service_areas.all()),
        "tags": list(challenge.tags.all()),
        "team": list(challenge.memberships.select_related("user").filter(status=Membership.Status.ACTIVE)),
        "following": is_following(user, challenge=challenge),
        # Workshop plans and method cards for the phase, from the methods app (which builds on challenges).
        **sections.context("challenge", user, challenge),
    }


def team_page(user: Any, challenge: Challenge, *, manage: bool = False) -> dict[str, Any]:
    """A challenge's memberships by status, the person's own, their invitation, and (for the team) the open
    invitations by the address the team typed, never by whose account it may be."""
    memberships = list(challenge.memberships.select_related("user").order_by("status", "created_at"))
    return {
        "active": [m for m in memberships if m.status == Membership.Status.ACTIVE],
        "requested": [m for m in memberships if m.status == Membership.Status.REQUESTED],
        "membership": next((m for m in memberships if m.user_id == user.pk), None),
        "invitation": invitation_for(user, challenge),
        "invitations": list(
            TeamInvitation.objects.filter(challenge=challenge, expires_at__gt=timezone.now())[:200]
        )
        if manage
        else [],
    }


def invitations_for(user: Any) -> QuerySet[TeamInvitation]:
    """The open invitations this person can answer: to their verified address, on a challenge they may join
    (public, or internal for the municipality's people) that is not joined into another, and whose team they
    are not on yet. Everything else waits unseen until it expires."""
    if not (user.is_authenticated and user.is_active and user.email_verified_at and not user.anonymised_at):
        return TeamInvitation.objects.none()
    invitations = TeamInvitation.objects.filter(
        email=user.email.strip().lower(),
        expires_at__gt=timezone.now(),
        challenge__merged_into__isnull=True,
    ).exclude(
        Exists(
            Membership.objects.filter(
                challenge=OuterRef("challenge"), user=user, status=Membership.Status.ACTIVE
            )
        )
    )
    if not is_municipal(user):
        invitations = invitations.filter(challenge__visibility="public")
    return invitations.select_related("challenge")


def invitation_for(user: Any, challenge: Challenge) -> TeamInvitation | None:
    return invitations_for(user).filter(challenge=challenge).first()


def my_posts(user: Any) -> dict[str, Any]:
    """One's own ideas, comments, challenges, open invitations and posting block, for "my posts"."""
    return {
        "ideas": list(
            Idea.objects.filter(author=user).select_related("challenge").order_by("-created_at")[:200]
        ),
        "comments": list(
            Comment.objects.filter(author=user)
            .select_related("challenge", "idea")
            .order_by("-created_at")[:200]
        ),
        "posting_block": PostingBlock.objects.filter(user=user, lifted_at__isnull=True).first(),
        "challenges": challenge_cards(
            list(challenge_list(user, ListFilters(mine=True)).prefetch_related(None)[:100])
        ),
        "invitations": list(invitations_for(user).order_by("-created_at")[:50]),
    }


def moderation_page() -> dict[str, Any]:
    """The moderators' page: pending reports grouped per post, recently hidden posts and open blocks."""
    grouped: dict[tuple[str, int], dict[str, Any]] = {}
    for r in moderation_queue()[:200]:
        post = r.post
        key = ("idea" if r.idea_id else "comment", post.pk)
        entry = grouped.setdefault(
            key,
            {"post": post, "kind": key[0], "url_kind": "ide" if r.idea_id else "kommentar", "reports": []},
        )
        entry["reports"].append(r)
    hidden: list[tuple[Idea | Comment, str]] = [
        (idea, "ide")
        for idea in Idea.objects.filter(hidden_at__isnull=False)
        .select_related("challenge")
        .order_by("-hidden_at")[:20]
    ] + [
        (comment, "kommentar")
        for comment in Comment.objects.filter(hidden_at__isnull=False)
        .select_related("challenge", "idea__challenge")
        .order_by("-hidden_at")[:20]
    ]
    return {
        "entries": list(grouped.values()),
        "hidden": hidden,
        "blocks": list(
            PostingBlock.objects.filter(lifted_at__isnull=True).select_related(
                "user", "idea__challenge", "comment__challenge", "comment__idea"
            )[:100]
        ),
    }


def ideas_with_status(user: Any, status: str, limit: int) -> list[Any]:
    """The newest visible ideas with `status` in challenges this person may see (for the verb landings)."""
    return list(
        Idea.objects.filter(
            challenge__in=visible_challenges(user).values("pk"),
            status=status,
            hidden_at__isnull=True,
            merged_into__isnull=True,  # a merged duplicate lives on in the idea it was merged into
        )
        .select_related("challenge")
        .order_by("-created_at", "-id")[:limit]
    )
