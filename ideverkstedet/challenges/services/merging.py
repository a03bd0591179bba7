"""Merging duplicate ideas into one, and undoing a merge.

Each person counts once: a cheer (or follow) on a duplicate moves to the kept idea, unless the person already has
one there; then the duplicate's row goes. Every such row is written down per person (MergeMove), so an undo puts
back exactly what was there. The duplicates stay readable as short pages that link on, with their comments.

Locks: the challenge's row first, then the duplicates in id order, then the kept idea (cheer_add locks the idea it cheers, so a
cheer arriving during a merge waits and then lands on the kept idea; see posts.cheer_add).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ideverkstedet.accounts.models import User
from ideverkstedet.challenges import rules as challenge_rules
from ideverkstedet.challenges.models import Challenge, Cheer, Follow, Idea, IdeaMerge, MergeMove
from ideverkstedet.challenges.models_joining import UNDO_DAYS
from ideverkstedet.challenges.services.base import ChallengeError, NotAllowed, index_idea, locked, notice_kind
from ideverkstedet.core.audit import audit_record
from ideverkstedet.notifications.services import notify

MAX_DUPLICATES = 50
REASON_LIMIT = 500

# Translated when sent, in the recipient's language.
NOTICES: dict[str, tuple[str, str]] = {
    "merged": (
        gettext_noop("Ideer er slått sammen: %(kept)s"),
        gettext_noop(
            "Idéene %(duplicates)s er slått sammen med «%(kept)s» på «%(challenge)s». Heiarop og følgere er "
            "flyttet dit, og hver person teller én gang. Begrunnelse: %(reason)s"
        ),
    ),
    "merge_undone": (
        gettext_noop("Sammenslåingen er angret: %(kept)s"),
        gettext_noop(
            "Innovasjonsenheten har angret sammenslåingen av %(duplicates)s med «%(kept)s». Heiarop og "
            "følgere er tilbake der de var. Begrunnelse: %(reason)s"
        ),
    ),
}


def tell(
    users: Iterable[User],
    notices: dict[str, tuple[str, str]],
    what: str,
    *,
    url: str | dict[int, str],
    skip: User | None = None,
    **params: Any,
) -> int:
    """Tell each person once, in their own language, in the app and by email. `url` may differ per person."""
    seen: set[int] = set()
    for user in users:
        if user.pk in seen or (skip is not None and user.pk == skip.pk) or not user.is_active:
            continue
        seen.add(user.pk)
        title_src, body_src = notices[what]
        with translation.override(user.language):
            values = {k: str(v) for k, v in params.items()}
            title, body = _(title_src) % values, _(body_src) % values
        link = url if isinstance(url, str) else url.get(user.pk, "")
        notify(
            user=user,
            title=title,
            body=body,
            url=link,
            kind=notice_kind(what),
            email_template="challenges/email/notice",
        )
    return len(seen)


def _reason(reason: str) -> str:
    reason = (reason or "").replace("\x00", "").strip()
    if not reason:
        raise ChallengeError(
            "reason", _("Skriv en begrunnelse. Den vises offentlig og sendes til dem det gjelder."), "reason"
        )
    if len(reason) > REASON_LIMIT:
        raise ChallengeError(
            "too_long", _("Teksten er for lang: høyst %(limit)s tegn.") % {"limit": REASON_LIMIT}, "reason"
        )
    return reason


def _titles(ideas: Iterable[Idea]) -> str:
    return ", ".join(f"«{idea.title}»" for idea in ideas)


def _lock_ideas(kept_id: int, duplicate_ids: list[int]) -> dict[int, Idea]:
    """Lock the duplicates' rows in id order, then the kept idea's: the direction of `merged_into`, the order
    in which a cheer on a duplicate locks its way on to the kept idea (posts._cheer_target), so a merge,
    an undo and cheers never wait for each other in a circle."""
    rows = (
        Idea.objects.select_for_update().filter(pk__in=sorted(set(duplicate_ids) - {kept_id})).order_by("pk")
    )
    found = {idea.pk: idea for idea in rows}
    kept = Idea.objects.select_for_update().filter(pk=kept_id).first()
    if kept is not None:
        found[kept.pk] = kept
    return found


def _recount(ideas: Iterable[Idea]) -> None:
    for idea in ideas:
        Idea.objects.filter(pk=idea.pk).update(cheer_count=Cheer.objects.filter(idea_id=idea.pk).count())


def _people_told(kept: Idea, duplicates: list[Idea], merge: IdeaMerge) -> list[User]:
    """The authors of every idea involved and whoever followed a duplicate (they follow the kept idea now)."""
    authors = [kept.author, *(d.author for d in duplicates)]
    follower_ids = merge.moves.filter(kind=MergeMove.Kind.FOLLOW).values_list("user_id", flat=True)
    followers = list(User.objects.filter(pk__in=follower_ids, is_active=True))
    return [u for u in [*authors, *followers] if challenge_rules.can_see(u, kept.challenge)]


def idea_merge(*, actor: User, kept: Idea, duplicates: list[Idea], reason: str) -> IdeaMerge:
    """Merge `duplicates` into `kept` with a public reason. Holds the challenge's row lock and the ideas' locks."""
    if not challenge_rules.can_merge_ideas(actor, kept):
        raise NotAllowed(_("Bare laget bak utfordringen og Innovasjonsenheten kan slå sammen ideer."))
    reason = _reason(reason)
    duplicate_ids = sorted({d.pk for d in duplicates} - {kept.pk})
    if not duplicate_ids:
        raise ChallengeError(
            "duplicates", _("Velg minst én idé som skal slås sammen med denne."), "duplicates"
        )
    if len(duplicate_ids) > MAX_DUPLICATES:
        raise ChallengeError(
            "duplicates",
            _("Du kan slå sammen høyst %(n)s ideer om gangen.") % {"n": MAX_DUPLICATES},
            "duplicates",
        )
    with transaction.atomic():
        challenge = locked(kept.challenge)
        if challenge_rules.is_read_only(challenge):
            raise ChallengeError(
                "read_only", _("Utfordringen er slått sammen med en annen og kan ikke endres.")
            )
        rows = _lock_ideas(kept.pk, duplicate_ids)
        kept_row = rows.get(kept.pk)
        dups = [rows[pk] for pk in duplicate_ids if pk in rows]
        if kept_row is None or len(dups) != len(duplicate_ids):
            raise ChallengeError("duplicates", _("Noen av idéene finnes ikke lenger."), "duplicates")
        for idea in [kept_row, *dups]:
            if idea.challenge_id != challenge.pk:
                raise ChallengeError("duplicates", _("Idéene må høre til samme utfordring."), "duplicates")
            if idea.merged_into_id:
                raise ChallengeError(
                    "already_merged",
                    _("«%(idea)s» er allerede slått sammen med en annen idé.") % {"idea": idea.title},
                    "duplicates",
                )
            if idea.hidden_at:
                raise ChallengeError(
                    "hidden",
                    _("«%(idea)s» er skjult og kan ikke slås sammen.") % {"idea": idea.title},
                    "duplicates",
                )
        merge = IdeaMerge.objects.create(challenge=challenge, kept=kept_row, reason=reason, merged_by=actor)
        merge.duplicates.set(dups)
        _move_to_kept(merge, kept_row, dups)
        now = timezone.now()
        Idea.objects.filter(pk__in=duplicate_ids).update(merged_into=kept_row, cheer_count=0)
        _recount([kept_row])
        Challenge.objects.filter(pk=challenge.pk).update(
            idea_count=F("idea_count") - len(dups), updated_at=now
        )
        from ideverkstedet.search.services import search_remove

        for dup in dups:
            search_remove(kind="idea", object_id=dup.pk)
        audit_record(
            actor=actor,
            action="challenges.ideas_merged",
            target=kept_row,
            reason=reason,
            data={"merge": merge.pk, "duplicates": duplicate_ids},
        )
        kept_row.challenge = challenge
        tell(
            _people_told(kept_row, dups, merge),
            NOTICES,
            "merged",
            url=kept_row.get_absolute_url(),
            skip=actor,
            kept=kept_row.title,
            duplicates=_titles(dups),
            challenge=challenge.title,
            reason=reason,
        )
    return merge


def _move_to_kept(merge: IdeaMerge, kept: Idea, duplicates: list[Idea]) -> None:
    """Move cheers and follows from the duplicates to `kept`, one per person, writing down each row."""
    moves: list[MergeMove] = []
    for model, kind in ((Cheer, MergeMove.Kind.CHEER), (Follow, MergeMove.Kind.FOLLOW)):
        has = set(model.objects.filter(idea=kept).values_list("user_id", flat=True))
        move_ids: list[int] = []
        drop_ids: list[int] = []
        for dup in duplicates:
            rows = model.objects.filter(idea=dup).order_by("created_at", "id")
            for pk, user_id, created_at in rows.values_list("pk", "user_id", "created_at"):
                moved = user_id not in has
                has.add(user_id)
                (move_ids if moved else drop_ids).append(pk)
                moves.append(
                    MergeMove(
                        merge=merge,
                        duplicate=dup,
                        user_id=user_id,
                        kind=kind,
                        moved=moved,
                        created_at=created_at,
                    )
                )
        model.objects.filter(pk__in=move_ids).update(idea=kept)
        model.objects.filter(pk__in=drop_ids).delete()
    MergeMove.objects.bulk_create(moves)


def merge_undo_problem(merge: IdeaMerge, now: Any = None) -> str | None:
    """Why this merge can no longer be undone, or None."""
    if merge.undone_at:
        return _("Sammenslåingen er allerede angret.")
    if (now or timezone.now()) > merge.merged_at + timedelta(days=UNDO_DAYS):
        return _("En sammenslåing kan bare angres innen %(days)s dager.") % {"days": UNDO_DAYS}
    return None


def idea_merge_undo(*, actor: User, merge: IdeaMerge, reason: str) -> IdeaMerge:
    """Put every cheer and follow back where it was before the merge (an adviser, within 30 days).

    Holds the challenge's row lock, the merge's row and the ideas' locks."""
    if not challenge_rules.can_undo_merge(actor, merge):
        raise NotAllowed(_("Bare Innovasjonsenheten kan angre en sammenslåing."))
    reason = _reason(reason)
    with transaction.atomic():
        challenge = locked(merge.challenge)
        merge = IdeaMerge.objects.select_for_update().get(pk=merge.pk)
        problem = merge_undo_problem(merge)
        if problem:
            raise ChallengeError("undo", problem)
        duplicate_ids = list(merge.duplicates.values_list("pk", flat=True))
        rows = _lock_ideas(merge.kept_id, duplicate_ids)
        kept = rows[merge.kept_id]
        dups = [rows[pk] for pk in duplicate_ids if pk in rows]
        if kept.merged_into_id:
            raise ChallengeError(
                "kept_merged", _("Idéen som ble beholdt, er senere slått sammen videre. Angre den først.")
            )
        if kept.challenge_id != challenge.pk:
            raise ChallengeError("moved", _("Idéene er flyttet til en annen utfordring og kan ikke skilles."))
        _move_back(merge, kept)
        Idea.objects.filter(pk__in=[d.pk for d in dups]).update(merged_into=None)
        _recount([kept, *dups])
        now = timezone.now()
        back = sum(1 for d in dups if not d.hidden_at)
        Challenge.objects.filter(pk=challenge.pk).update(idea_count=F("idea_count") + back, updated_at=now)
        merge.undone_at, merge.undone_by, merge.undo_reason = now, actor, reason
        merge.save(update_fields=["undone_at", "undone_by", "undo_reason"])
        for dup in dups:
            dup.merged_into = None
            dup.challenge = challenge
            index_idea(dup)
        audit_record(
            actor=actor,
            action="challenges.merge_undone",
            target=kept,
            reason=reason,
            data={"merge": merge.pk},
        )
        kept.challenge = challenge
        tell(
            _people_told(kept, dups, merge),
            NOTICES,
            "merge_undone",
            url=kept.get_absolute_url(),
            skip=actor,
            kept=kept.title,
            duplicates=_titles(dups),
            reason=reason,
        )
    return merge


def _move_back(merge: IdeaMerge, kept: Idea) -> None:
    models: tuple[tuple[Any, str], ...] = ((Cheer, MergeMove.Kind.CHEER), (Follow, MergeMove.Kind.FOLLOW))
    for model, kind in models:
        moves = list(merge.moves.filter(kind=kind))
        moved_users = [m.user_id for m in moves if m.moved]
        model.objects.filter(idea=kept, user_id__in=moved_users).delete()
        model.objects.bulk_create(
            [model(idea_id=m.duplicate_id, user_id=m.user_id, created_at=m.created_at) for m in moves],
            ignore_conflicts=True,
        )


def merges_for_idea(idea: Idea) -> list[IdeaMerge]:
    """The merges that kept this idea, newest first, with their duplicates (two queries)."""
    return list(idea.merges_received.prefetch_related("duplicates").order_by("-merged_at", "-id"))


def merge_url(merge: IdeaMerge) -> str:
    return reverse("challenges:idea", args=[merge.challenge.slug, merge.kept_id])
