"""Moderation: reports, hiding and restoring posts, blocking accounts from posting."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ideverkstedet.accounts.models import User
from ideverkstedet.challenges import rules as challenge_rules
from ideverkstedet.challenges.models import (
    Challenge,
    Comment,
    Idea,
    PostingBlock,
    Report,
)
from ideverkstedet.challenges.services.base import (
    ChallengeError,
    NotAllowed,
    index_idea,
    is_blocked,
    tell,
)
from ideverkstedet.core.audit import audit_record

# ---------------------------------------------------------------- moderation


def report_create(
    *,
    reporter: User,
    reason: str,
    details: str = "",
    idea: Idea | None = None,
    comment: Comment | None = None,
) -> Report:
    """Report an idea or a comment to the moderators; a second pending report by the same person is returned as is.

    Lock: none. Audited.
    """
    post = idea or comment
    if post is None:
        raise ChallengeError("target", _("Velg hva du melder."))
    if not challenge_rules.can_report(reporter, post.challenge):
        raise NotAllowed(_("Du kan ikke melde dette innlegget."))
    if reason not in Report.Reason.values:
        raise ChallengeError("reason", _("Velg en grunn."), "reason")
    existing = Report.objects.filter(
        reporter=reporter, idea=idea, comment=comment, decision=Report.Decision.PENDING
    ).first()
    if existing:
        return existing
    with transaction.atomic():
        report = Report.objects.create(
            reporter=reporter, idea=idea, comment=comment, reason=reason, details=details.strip()[:500]
        )
        audit_record(actor=reporter, action="challenges.reported", target=post, data={"reason": reason})
    return report


def moderate_hide(*, actor: User, post: Idea | Comment, reason: str) -> Idea | Comment:
    """Hide a post with a reason (advisors only): pending reports are decided, counters and search follow, the author is told.

    Lock: the post's row. Audited.
    """
    return _moderate(actor=actor, post=post, reason=reason, hide=True)


def moderate_restore(*, actor: User, post: Idea | Comment, reason: str) -> Idea | Comment:
    """Make a hidden post visible again (advisors only): counters and search follow, the author is told.

    Lock: the post's row. Audited.
    """
    return _moderate(actor=actor, post=post, reason=reason, hide=False)


def _moderate(*, actor: User, post: Idea | Comment, reason: str, hide: bool) -> Idea | Comment:
    if not challenge_rules.is_advisor(actor):
        raise NotAllowed(_("Bare Innovasjonsenheten kan moderere."))
    if not reason.strip():
        raise ChallengeError(
            "reason", _("Skriv en begrunnelse. Den sendes til den som skrev innlegget."), "reason"
        )
    model = type(post)
    with transaction.atomic():
        post = model.objects.select_for_update().get(pk=post.pk)
        if hide and post.hidden_at:
            raise ChallengeError("already_hidden", _("Innlegget er allerede skjult."))
        if not hide and not post.hidden_at:
            raise ChallengeError("not_hidden", _("Innlegget er ikke skjult."))
        post.hidden_at = timezone.now() if hide else None
        post.hidden_reason = reason.strip() if hide else ""
        post.save(update_fields=["hidden_at", "hidden_reason"])
        if hide:
            _decide_reports(actor, post, Report.Decision.HIDDEN)
        _count(post, -1 if hide else +1)
        audit_record(
            actor=actor,
            action="challenges.post_hidden" if hide else "challenges.post_restored",
            target=post,
            reason=reason.strip(),
        )
        if isinstance(post, Idea):
            index_idea(post)
        tell(
            [post.author],
            "hidden" if hide else "restored",
            url=_author_url(post),
            challenge=post.challenge.title,
            reason=reason.strip(),
        )
    return post


def report_dismiss(*, actor: User, report: Report, reason: str = "") -> Report:
    """Keep a reported post: its pending reports are closed as kept (advisors only).

    Lock: none (one update of the pending reports). Audited.
    """
    if not challenge_rules.is_advisor(actor):
        raise NotAllowed(_("Bare Innovasjonsenheten kan moderere."))
    with transaction.atomic():
        _decide_reports(actor, report.post, Report.Decision.KEPT)
        audit_record(
            actor=actor, action="challenges.report_dismissed", target=report.post, reason=reason.strip()
        )
    report.refresh_from_db()
    return report


def _count(post: Idea | Comment, step: int) -> None:
    """Counters show what people can see: a hidden post leaves them, a restored one comes back."""
    if isinstance(post, Idea):
        if not post.merged_into_id:  # a merged duplicate already left the count
            Challenge.objects.filter(pk=post.challenge_id).update(idea_count=F("idea_count") + step)
        return
    Challenge.objects.filter(pk=post.challenge_id).update(comment_count=F("comment_count") + step)
    if post.idea_id:
        Idea.objects.filter(pk=post.idea_id).update(comment_count=F("comment_count") + step)


def _decide_reports(actor: User, post: Idea | Comment, decision: str) -> None:
    reports = Report.objects.filter(decision=Report.Decision.PENDING)
    reports = reports.filter(idea=post) if isinstance(post, Idea) else reports.filter(comment=post)
    reports.update(decision=decision, decided_by=actor, decided_at=timezone.now())


def _author_url(post: Idea | Comment) -> str:
    return reverse("challenges:my_posts")


def block_user(*, actor: User, user: User, reason: str) -> PostingBlock:
    """Block an account from posting, with a reason it is told (advisors only; not staff).

    Lock: none; the unique constraint on open blocks decides a race. Audited.
    """
    if not challenge_rules.is_advisor(actor):
        raise NotAllowed(_("Bare Innovasjonsenheten kan sperre kontoer."))
    if user.has_perm("challenges.moderate"):
        raise ChallengeError("staff", _("Rådgivere og administratorer kan ikke sperres her."))
    if not reason.strip():
        raise ChallengeError("reason", _("Skriv en begrunnelse. Den sendes til personen."), "reason")
    with transaction.atomic():
        try:
            with transaction.atomic():
                block = PostingBlock.objects.create(user=user, reason=reason.strip(), blocked_by=actor)
        except IntegrityError:
            raise ChallengeError("already_blocked", _("Kontoen er allerede sperret.")) from None
        audit_record(actor=actor, action="challenges.user_blocked", target=user, reason=block.reason)
        tell([user], "blocked", url=reverse("challenges:my_posts"), reason=block.reason)
    return block


def block_author(*, actor: User, post: Idea | Comment, reason: str) -> PostingBlock:
    """Block the author of a post from posting, from the post (advisers only).

    The answer is the same whoever the author is, so that blocking the author of an anonymous post and then
    someone else cannot show who wrote it: a row tied to the post is always added (even if the account is
    already blocked, or is an adviser, whom a block does not stop: see is_blocked), and for anonymous posts the
    audit entry names the post, not the account. The author is told (advisers are not, as nothing changes).

    Lock: none; a second block from the same post meets the unique constraint and answers the same. Audited.
    """
    if not challenge_rules.is_advisor(actor):
        raise NotAllowed(_("Bare Innovasjonsenheten kan sperre kontoer."))
    if not reason.strip():
        raise ChallengeError("reason", _("Skriv en begrunnelse. Den sendes til personen."), "reason")
    author = post.author
    link = {"idea": post} if isinstance(post, Idea) else {"comment": post}
    with transaction.atomic():
        try:
            with transaction.atomic():
                block = PostingBlock.objects.create(
                    user=author, reason=reason.strip(), blocked_by=actor, **link
                )
        except IntegrityError:
            return PostingBlock.objects.get(user=author, lifted_at__isnull=True, **link)
        audit_record(
            actor=actor,
            action="challenges.user_blocked",
            target=post if post.is_anonymous else author,
            reason=block.reason,
        )
        if not author.has_perm("challenges.moderate"):
            tell([author], "blocked", url=reverse("challenges:my_posts"), reason=block.reason)
    return block


def unblock(*, actor: User, block: PostingBlock, reason: str = "") -> bool:
    """Lift one block (advisers only). The person is told when no other block holds them.

    Only this row: lifting every block of the account would let an adviser see which anonymous post's block
    belonged to a named person (its row would go too). Lock: none (one update). Audited.
    """
    if not challenge_rules.is_advisor(actor):
        raise NotAllowed(_("Bare Innovasjonsenheten kan oppheve sperringer."))
    with transaction.atomic():
        lifted = PostingBlock.objects.filter(pk=block.pk, lifted_at__isnull=True).update(
            lifted_at=timezone.now()
        )
        if lifted:
            post = block.idea or block.comment
            anonymous = post is not None and post.is_anonymous
            audit_record(
                actor=actor,
                action="challenges.user_unblocked",
                target=post if anonymous and post is not None else block.user,
                reason=reason.strip(),
            )
            if not is_blocked(block.user):
                tell([block.user], "unblocked", url=reverse("challenges:my_posts"))
    return bool(lifted)


def unblock_user(*, actor: User, user: User, reason: str = "") -> int:
    """Lift an account's open blocks (advisors only); the person is told.

    Lock: none (one update). Audited.
    """
    if not challenge_rules.is_advisor(actor):
        raise NotAllowed(_("Bare Innovasjonsenheten kan oppheve sperringer."))
    with transaction.atomic():
        lifted = PostingBlock.objects.filter(user=user, lifted_at__isnull=True).update(
            lifted_at=timezone.now()
        )
        if lifted:
            audit_record(actor=actor, action="challenges.user_unblocked", target=user, reason=reason.strip())
            tell([user], "unblocked", url=reverse("challenges:my_posts"))
    return lifted
