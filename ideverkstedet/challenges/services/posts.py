"""Posts on a challenge: ideas, comments, cheers and follows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ideverkstedet.accounts.models import User
from ideverkstedet.challenges import rules as challenge_rules
from ideverkstedet.challenges.models import (
    Challenge,
    Cheer,
    Comment,
    Follow,
    Idea,
    IdeaStatus,
)
from ideverkstedet.challenges.services.base import (
    ChallengeError,
    NotAllowed,
    check_may_post,
    clean_text,
    followers_of,
    index_idea,
    locked,
    stored_image,
    tell,
)
from ideverkstedet.core.audit import audit_record

# ---------------------------------------------------------------- ideas, cheers, comments


def idea_create(
    *,
    author: User,
    challenge: Challenge,
    title: str,
    description: str,
    is_anonymous: bool = False,
    image: Any = None,
    image_alt: str = "",
) -> Idea:
    """Post an idea on a challenge open for input; the team is told.

    Lock: the challenge's row (posting rules, rate limit and the idea counter are checked and kept in step under it).
    """
    title = clean_text(title, field="title", limit=200, empty=_("Gi idéen en tittel."))
    description = clean_text(description, field="description", limit=10000, empty=_("Beskriv idéen."))
    with transaction.atomic():
        challenge = locked(challenge)
        check_may_post(author, challenge)
        idea = Idea(
            challenge=challenge,
            author=author,
            title=title,
            description=description,
            is_anonymous=is_anonymous,
            image_alt=image_alt,
        )
        encoded = stored_image(image)
        if encoded:
            idea.image.save(encoded.name, encoded, save=False)
        idea.save()
        Challenge.objects.filter(pk=challenge.pk).update(
            idea_count=F("idea_count") + 1, updated_at=timezone.now()
        )
        Follow.objects.create(user=author, idea=idea)
        index_idea(idea)
        team = [m.user for m in challenge.memberships.select_related("user").filter(status="active")]
        tell(
            team,
            "new_idea",
            url=idea.get_absolute_url(),
            skip=author,
            challenge=challenge.title,
            idea=idea.title,
        )
    return idea


def idea_update(*, actor: User, idea: Idea, title: str, description: str) -> Idea:
    """Change one's own idea's title and description.

    Lock: none (one row, written by its author only).
    """
    if idea.author_id != actor.pk or idea.hidden_at or idea.merged_into_id:
        raise NotAllowed(_("Du kan bare endre dine egne ideer."))
    with transaction.atomic():
        idea.title = title.strip()
        idea.description = description
        idea.save(update_fields=["title", "description"])
        index_idea(idea)
    return idea


def idea_set_status(*, actor: User, idea: Idea, status: str, note: str) -> Idea:
    """Set an idea's status with a public note (the team only); the idea's followers are told.

    Lock: the challenge's row, then the idea's row. Audited.
    """
    if not challenge_rules.can_set_idea_status(actor, idea):
        raise NotAllowed(_("Bare laget bak utfordringen kan sette status."))
    if status not in IdeaStatus.values:
        raise ChallengeError("status", _("Velg en status."), "status")
    if not note.strip():
        raise ChallengeError(
            "note",
            _("Skriv en kort forklaring. Den vises offentlig og sendes til dem som følger idéen."),
            "note",
        )
    with transaction.atomic():
        locked(idea.challenge)
        idea = Idea.objects.select_for_update().select_related("challenge").get(pk=idea.pk)
        idea.status = status
        idea.status_note = note.strip()
        idea.status_changed_at = timezone.now()
        idea.save(update_fields=["status", "status_note", "status_changed_at"])
        audit_record(actor=actor, action="challenges.idea_status", target=idea, data={"status": status})
        followers = [] if idea.hidden_at else followers_of(idea=idea)
        tell(
            followers,
            "status",
            url=idea.get_absolute_url(),
            skip=actor,
            idea=idea.title,
            status=IdeaStatus(status).label,
            note=idea.status_note,
        )
    return idea


@dataclass(frozen=True)
class CheerResult:
    idea: Idea
    cheered: bool  # the person's cheer stands after the call
    changed: bool  # False when it already was so (a double click)


def _cheer_target(idea: Idea) -> Idea:
    """Lock the idea's row. A cheer on a duplicate that is (or meanwhile was) merged lands on the idea it was
    merged into, so no cheer is lost while a merge runs (services/merging.py locks the same rows, duplicates
    before the kept idea, the direction this follows)."""
    idea_id = idea.pk
    for _step in range(20):
        row = Idea.objects.select_for_update().get(pk=idea_id)
        if row.merged_into_id is None:
            return row
        idea_id = row.merged_into_id
    raise ChallengeError("merged", _("Idéen er slått sammen med en annen."))


def cheer_add(*, user: User, idea: Idea) -> CheerResult:
    """Cheer an idea; a second cheer by the same person is no error (changed=False). A cheer on a merged
    duplicate goes to the kept idea (the result names the idea that holds it).

    Lock: the idea's row (and the kept idea's, for a merged duplicate); the unique constraint on (idea, user)
    decides a race, the counter moves with the row.
    """
    if not challenge_rules.can_cheer(user, idea):
        raise NotAllowed(_("Du kan ikke heie på denne idéen."))
    target = idea
    try:
        with transaction.atomic():
            target = _cheer_target(idea)
            if target.pk != idea.pk and not challenge_rules.can_cheer(user, target):
                raise NotAllowed(_("Du kan ikke heie på denne idéen."))
            Cheer.objects.create(idea=target, user=user)
            Idea.objects.filter(pk=target.pk).update(cheer_count=F("cheer_count") + 1)
    except IntegrityError:
        target.refresh_from_db(fields=["cheer_count"])
        return CheerResult(idea=target, cheered=True, changed=False)
    target.refresh_from_db(fields=["cheer_count"])
    return CheerResult(idea=target, cheered=True, changed=True)


def cheer_remove(*, user: User, idea: Idea) -> CheerResult:
    """Take back one's cheer on an idea (no error when there was none); on a merged duplicate, the kept idea's.

    Lock: the idea's row (as cheer_add); the counter moves only when a row was deleted.
    """
    with transaction.atomic():
        target = _cheer_target(idea)
        deleted, _ignored = Cheer.objects.filter(idea=target, user=user).delete()
        if deleted:
            Idea.objects.filter(pk=target.pk).update(cheer_count=F("cheer_count") - 1)
    target.refresh_from_db(fields=["cheer_count"])
    return CheerResult(idea=target, cheered=False, changed=bool(deleted))


def comment_create(
    *,
    author: User,
    challenge: Challenge,
    body: str,
    idea: Idea | None = None,
    parent: Comment | None = None,
    is_anonymous: bool = False,
) -> Comment:
    """Comment on a challenge or an idea, or reply in a thread (one level deep); followers are told.

    Lock: the challenge's row (posting rules, rate limit and counters are checked and kept in step under it).
    """
    if idea is not None and idea.challenge_id != challenge.pk:
        raise ChallengeError("idea", _("Idéen hører ikke til denne utfordringen."))
    if idea is not None and idea.hidden_at:
        raise ChallengeError("hidden", _("Idéen er skjult og kan ikke kommenteres."))
    if idea is not None and idea.merged_into_id:
        raise ChallengeError("merged", _("Idéen er slått sammen med en annen. Kommenter der i stedet."))
    if parent is not None:
        if parent.hidden_at:
            raise ChallengeError("hidden", _("Kommentaren er skjult og kan ikke besvares."))
        if parent.challenge_id != challenge.pk or parent.idea_id != (idea.pk if idea else None):
            raise ChallengeError("parent", _("Svaret hører ikke til denne samtalen."))
        if parent.parent_id is not None:
            parent = Comment.objects.get(pk=parent.parent_id)  # one level of replies: answer the thread
            if parent.hidden_at:
                raise ChallengeError("hidden", _("Kommentaren er skjult og kan ikke besvares."))
    body = clean_text(body, field="body", limit=5000, empty=_("Skriv en kommentar."))
    with transaction.atomic():
        challenge = locked(challenge)
        check_may_post(author, challenge)
        if idea is not None and Idea.objects.filter(pk=idea.pk, hidden_at__isnull=False).exists():
            raise ChallengeError("hidden", _("Idéen er skjult og kan ikke kommenteres."))
        comment = Comment.objects.create(
            challenge=challenge,
            idea=idea,
            parent=parent,
            author=author,
            body=body,
            is_anonymous=is_anonymous,
        )
        Challenge.objects.filter(pk=challenge.pk).update(comment_count=F("comment_count") + 1)
        if idea is not None:
            Idea.objects.filter(pk=idea.pk).update(comment_count=F("comment_count") + 1)
            followers = followers_of(idea=idea)
            target = idea.title
        else:
            followers = followers_of(challenge=challenge)
            target = challenge.title
        if parent is not None and parent.author.is_active:
            followers.append(parent.author)
        tell(followers, "new_comment", url=comment.get_absolute_url(), skip=author, target=target)
    return comment


# ---------------------------------------------------------------- follows


def follow(*, user: User, challenge: Challenge | None = None, idea: Idea | None = None) -> bool:
    """Start following a challenge or an idea; True when this call made the difference.

    Lock: none; the unique constraint decides a race.
    """
    target_challenge = idea.challenge if idea is not None else challenge
    if target_challenge is None:
        raise ChallengeError("target", _("Velg hva du vil følge."))
    if idea is not None and idea.hidden_at:
        raise ChallengeError("hidden", _("Idéen er skjult."))
    if idea is not None and idea.merged_into_id:
        raise ChallengeError("merged", _("Idéen er slått sammen med en annen. Følg den i stedet."))
    if not challenge_rules.can_follow(user, target_challenge):
        raise NotAllowed(_("Du kan ikke følge denne."))
    try:
        with transaction.atomic():
            Follow.objects.create(user=user, challenge=None if idea else challenge, idea=idea)
    except IntegrityError:
        return False
    return True


def unfollow(*, user: User, challenge: Challenge | None = None, idea: Idea | None = None) -> bool:
    """Stop following a challenge or an idea; True when there was something to stop.

    Lock: none (one delete).
    """
    if challenge is None and idea is None:
        raise ChallengeError("target", _("Velg hva du vil slutte å følge."))
    qs = (
        Follow.objects.filter(user=user, idea=idea)
        if idea
        else Follow.objects.filter(user=user, challenge=challenge)
    )
    deleted, _ignored = qs.delete()
    return bool(deleted)
