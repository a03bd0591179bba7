from typing import Any

from django.db.models import F

from ideverkstedet.core import privacy


def export_participation(user: Any) -> dict[str, Any]:
    from ideverkstedet.challenges.models import Challenge, Comment, Follow, Idea, Insight, Membership

    return {
        "challenges_owned": [
            {"title": c.title, "created_at": c.created_at.isoformat(), "visibility": c.visibility}
            for c in Challenge.objects.filter(owner=user)
        ],
        "team_memberships": [
            {"challenge": m.challenge.title, "status": m.status, "since": m.created_at.isoformat()}
            for m in Membership.objects.filter(user=user).select_related("challenge")
        ],
        "insights_written": [
            {"challenge": i.challenge.title, "title": i.title, "body": i.body, "source": i.source}
            for i in Insight.objects.filter(author=user).select_related("challenge")
        ],
        "ideas": [
            {
                "challenge": i.challenge.title,
                "title": i.title,
                "description": i.description,
                "anonymous_to_others": i.is_anonymous,
                "created_at": i.created_at.isoformat(),
                "hidden_reason": i.hidden_reason,
            }
            for i in Idea.objects.filter(author=user).select_related("challenge")
        ],
        "comments": [
            {
                "challenge": c.challenge.title,
                "body": c.body,
                "anonymous_to_others": c.is_anonymous,
                "created_at": c.created_at.isoformat(),
                "hidden_reason": c.hidden_reason,
            }
            for c in Comment.objects.filter(author=user).select_related("challenge")
        ],
        "cheered_ideas": list(user.cheers.values_list("idea__title", flat=True)),
        "following": [
            (f.challenge.title if f.challenge_id else f.idea.title)  # type: ignore[union-attr]
            for f in Follow.objects.filter(user=user).select_related("challenge", "idea")
        ],
    }


def erase_participation(user: Any) -> None:
    """Ideas and comments stay (others answered and cheered them) but lose the name; personal ties go."""
    from ideverkstedet.challenges.models import Cheer, Comment, Follow, Idea, Membership

    for cheer in Cheer.objects.filter(user=user):
        Idea.objects.filter(pk=cheer.idea_id).update(cheer_count=F("cheer_count") - 1)
    Cheer.objects.filter(user=user).delete()
    Follow.objects.filter(user=user).delete()
    Membership.objects.filter(user=user).exclude(challenge__owner=user).delete()
    Idea.objects.filter(author=user).update(is_anonymous=True)
    Comment.objects.filter(author=user).update(is_anonymous=True)


def export_joining(user: Any) -> dict[str, Any]:
    """Proposals to join challenges the person made or answered, and their cheers and follows that a merge moved."""
    from django.db.models import Q

    from ideverkstedet.challenges.models import JoinProposal, MergeMove

    return {
        "join_proposals": [
            {
                "from": p.source.title,
                "to": p.target.title,
                "message": p.message if p.proposed_by_id == user.pk else "",
                "answer": p.answer if p.answered_by_id == user.pk else "",
                "status": p.status,
            }
            for p in JoinProposal.objects.filter(Q(proposed_by=user) | Q(answered_by=user)).select_related(
                "source", "target"
            )
        ],
        "moved_by_merges": [
            {
                "idea": m.duplicate.title,
                "what": m.kind,
                "moved": m.moved,
                "merged_at": m.merge.merged_at.isoformat(),
            }
            for m in MergeMove.objects.filter(user=user).select_related("duplicate", "merge")
        ],
    }


def erase_joining(user: Any) -> None:
    """What an undo would put back for the person goes (their cheers and follows go too); proposals and merges
    stay for the teams, without the name."""
    from ideverkstedet.challenges.models import IdeaMerge, JoinProposal, MergeMove

    MergeMove.objects.filter(user=user).delete()
    JoinProposal.objects.filter(proposed_by=user).update(proposed_by=None)
    JoinProposal.objects.filter(answered_by=user).update(answered_by=None)
    IdeaMerge.objects.filter(merged_by=user).update(merged_by=None)
    IdeaMerge.objects.filter(undone_by=user).update(undone_by=None)


def export_invitations(user: Any) -> dict[str, Any]:
    """Open invitations to the person's address, and those they sent (by the address they typed)."""
    from ideverkstedet.challenges.models import TeamInvitation

    return {
        "received": [
            {
                "challenge": i.challenge.title,
                "invited_at": i.created_at.isoformat(),
                "expires_at": i.expires_at.isoformat(),
            }
            for i in TeamInvitation.objects.filter(email=user.email.strip().lower()).select_related(
                "challenge"
            )
        ],
        "sent": [
            {
                "challenge": i.challenge.title,
                "email": i.email,
                "invited_at": i.created_at.isoformat(),
                "expires_at": i.expires_at.isoformat(),
            }
            for i in TeamInvitation.objects.filter(invited_by=user).select_related("challenge")
        ],
    }


def erase_invitations(user: Any) -> None:
    """Invitations to the address go (nobody is left to answer them); those the person sent stay the team's,
    without the name. Runs before the account's address is replaced."""
    from ideverkstedet.challenges.models import TeamInvitation

    TeamInvitation.objects.filter(email=user.email.strip().lower()).delete()
    TeamInvitation.objects.filter(invited_by=user).update(invited_by=None)


privacy.register_exporter("participation", export_participation)
privacy.register_exporter("team_invitations", export_invitations)
privacy.register_eraser("team_invitations", erase_invitations)
privacy.register_exporter("joining_forces", export_joining)
privacy.register_eraser("joining_forces", erase_joining)
privacy.register_eraser("participation", erase_participation)
