"""Invitations to a challenge's team, by email address, answered by whoever holds the address.

Anyone can become a challenge owner by signing up, so the invitation form must not become a lookup of who has
an account. An invitation is therefore made the same way for every address (see models_invitations): the team
sees it listed by the address it typed until it is answered, withdrawn or expires, whoever the address belongs
to. What happens next depends on the address, out of the team's sight: an account that may join is told; an
address without an account gets an email inviting them to sign up, after which (once the address is verified)
the invitation waits on their pages for them to accept or decline; nobody is joined without saying yes. An
account that is already on the team, or a citizen invited to an internal challenge, hears nothing and never
sees it: it expires unseen.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ideverkstedet.accounts.models import User
from ideverkstedet.challenges import rules as challenge_rules
from ideverkstedet.challenges import selectors
from ideverkstedet.challenges.models import Challenge, Follow, Membership, TeamInvitation
from ideverkstedet.challenges.models_invitations import INVITATION_LIFETIME
from ideverkstedet.challenges.services.base import ChallengeError, NotAllowed, locked, tell
from ideverkstedet.core import ratelimit
from ideverkstedet.core.audit import audit_record


def normalise_address(email: str) -> str:
    """The address as typed, without surrounding spaces and lower-cased (how invitations are kept and found)."""
    return email.strip().lower()


def member_invite(*, actor: User, challenge: Challenge, email: str) -> TeamInvitation:
    """Invite whoever holds `email` to the team; the same record and the same answer for every address.

    A second invitation to an address with an open one changes nothing (and tells nobody again); an expired one
    is replaced. Lock: the challenge's row, so two invitations to one address give one row. Audited.
    """
    if not challenge_rules.can_manage_challenge(actor, challenge):
        raise NotAllowed(_("Bare laget kan invitere nye medlemmer."))
    address = normalise_address(email)
    now = timezone.now()
    with transaction.atomic():
        locked(challenge)
        TeamInvitation.objects.filter(challenge=challenge, email=address, expires_at__lte=now).delete()
        invitation, created = TeamInvitation.objects.get_or_create(
            challenge=challenge,
            email=address,
            defaults={"invited_by": actor, "created_at": now, "expires_at": now + INVITATION_LIFETIME},
        )
        if created:
            audit_record(
                actor=actor,
                action="challenges.member_invited",
                target=challenge,
                data={"invitation": invitation.pk},
            )
            _deliver(invitation, actor=actor)
    return invitation


def _deliver(invitation: TeamInvitation, *, actor: User) -> None:
    """Tell the holder of the address, if anyone may be told; never anything the inviter can observe."""
    from ideverkstedet.accounts.services import account_mail_allowed
    from ideverkstedet.notifications.services import email_send

    challenge = invitation.challenge
    address = invitation.email
    holder = User.objects.filter(email__iexact=address, anonymised_at__isnull=True).first()
    if holder is not None and holder.email_verified_at is not None:
        if not holder.is_active or not selectors.invitations_for(holder).filter(pk=invitation.pk).exists():
            return  # already on the team, not allowed here (a citizen and an internal challenge), or closed
        # Withdrawing and inviting again must not flood anyone: the same hourly limit as account emails.
        key = ratelimit.value_key("team_invitation", address)
        if ratelimit.allow(key, limit=settings.ACCOUNT_MAILS_PER_ADDRESS, per=timedelta(hours=1)):
            tell(
                [holder],
                "invited",
                url=challenge.get_absolute_url(),
                challenge=challenge.title,
                by=actor.display_name,
            )
        return
    if holder is not None and not holder.is_active:
        return
    # No account, or one whose address is not verified yet: the invitation waits for them after sign-up.
    if account_mail_allowed(address):
        email_send(
            to_address=address,
            template="challenges/email/invite_to_sign_up",
            context={
                "challenge": challenge.title,
                "by": actor.display_name,
                "sign_up_url": settings.SITE_URL + reverse("accounts:sign_up"),
                "my_page_url": settings.SITE_URL + reverse("accounts:profile"),
                "days": INVITATION_LIFETIME.days,
            },
        )


def member_invite_withdraw(*, actor: User, invitation: TeamInvitation) -> None:
    """The team takes back an open invitation; the address holder no longer sees it.

    Lock: the challenge's row, so a withdrawal and an answer do not both happen. Audited.
    """
    challenge = invitation.challenge
    if not challenge_rules.can_manage_challenge(actor, challenge):
        raise NotAllowed(_("Bare laget kan trekke tilbake invitasjoner."))
    with transaction.atomic():
        locked(challenge)
        deleted, _rows = TeamInvitation.objects.filter(pk=invitation.pk).delete()
        if not deleted:
            raise ChallengeError(
                "already_answered", _("Invitasjonen er allerede besvart, trukket tilbake eller utløpt.")
            )
        audit_record(
            actor=actor,
            action="challenges.invitation_withdrawn",
            target=challenge,
            data={"invitation": invitation.pk},
        )


def member_respond(*, user: User, challenge: Challenge, accept: bool) -> Membership | None:
    """Accept or decline one's own invitation to a team (one to one's verified address that one may answer).

    Accepting makes the person a member (a request to join they made becomes membership too) and a follower.
    Lock: the challenge's row. Audited.
    """
    with transaction.atomic():
        locked(challenge)
        invitation = selectors.invitations_for(user).filter(challenge=challenge).first()
        if invitation is None:
            raise ChallengeError("no_invitation", _("Du har ingen invitasjon til dette laget."))
        invitation.delete()
        if not accept:
            audit_record(actor=user, action="challenges.invitation_declined", target=challenge)
            return None
        membership, _created = Membership.objects.get_or_create(
            challenge=challenge,
            user=user,
            defaults={"status": Membership.Status.ACTIVE, "invited_by_id": invitation.invited_by_id},
        )
        if membership.status != Membership.Status.ACTIVE:
            membership.status = Membership.Status.ACTIVE
            membership.invited_by_id = invitation.invited_by_id
            membership.save(update_fields=["status", "invited_by"])
        Follow.objects.get_or_create(user=user, challenge=challenge)
        audit_record(actor=user, action="challenges.member_joined", target=challenge)
    return membership


def invitations_sweep(now: datetime) -> dict[str, int]:
    """Delete expired invitations (housekeeping): an address nobody answered for is not kept."""
    deleted, _rows = TeamInvitation.objects.filter(expires_at__lte=now).delete()
    return {"team_invitations_expired": deleted}
