"""The team behind a challenge (invitations, requests, removals) and the insight it gathers."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ideverkstedet.accounts.models import MUNICIPAL_ROLES, User
from ideverkstedet.challenges import rules as challenge_rules
from ideverkstedet.challenges.models import (
    Challenge,
    Follow,
    Insight,
    Membership,
)
from ideverkstedet.challenges.services.base import (
    ChallengeError,
    NotAllowed,
    locked,
    tell,
)
from ideverkstedet.core.audit import audit_record

# ---------------------------------------------------------------- team


def member_invite(*, actor: User, challenge: Challenge, user: User) -> Membership:
    """Invite a person to the team (or accept their pending request); the person is told.

    Lock: the challenge's row, so two invitations of one person give one membership. Audited.
    """
    if not challenge_rules.can_manage_challenge(actor, challenge):
        raise NotAllowed(_("Bare laget kan invitere nye medlemmer."))
    if not user.is_active or user.anonymised_at:
        raise ChallengeError("no_user", _("Fant ingen aktiv konto med den e-postadressen."), "email")
    if not challenge.is_public and user.role not in MUNICIPAL_ROLES:
        raise ChallengeError(
            "internal", _("Interne utfordringer kan bare ha ansatte i kommunen på laget."), "email"
        )
    with transaction.atomic():
        locked(challenge)
        membership = Membership.objects.filter(challenge=challenge, user=user).first()
        if membership and membership.status == Membership.Status.ACTIVE:
            raise ChallengeError("already_member", _("Personen er allerede med på laget."), "email")
        if membership and membership.status == Membership.Status.INVITED:
            raise ChallengeError(
                "already_invited", _("Personen er allerede invitert og har ikke svart ennå."), "email"
            )
        if membership and membership.status == Membership.Status.REQUESTED:
            membership.status = Membership.Status.ACTIVE
            membership.save()
            what = "joined"
        else:
            membership = Membership.objects.create(
                challenge=challenge, user=user, status=Membership.Status.INVITED, invited_by=actor
            )
            what = "invited"
        audit_record(actor=actor, action=f"challenges.member_{what}", target=challenge)
        tell([user], what, url=challenge.get_absolute_url(), challenge=challenge.title, by=actor.display_name)
    return membership


def member_invite_by_email(*, actor: User, challenge: Challenge, email: str) -> None:
    """Invite whoever has this address, saying nothing about whether or whose the account is.

    Anyone can become a challenge owner by signing up, so the answer must not turn the invitation form into a
    lookup of names behind addresses: the page says the same in every case. An account that can join gets the
    invitation (member_invite); an address without an account gets an email inviting them to create one
    (at most ACCOUNT_MAILS_PER_ADDRESS an hour); every other case (already on the team, already invited, not
    allowed on an internal challenge) does nothing. Lock: member_invite's. Audited there.
    """
    from ideverkstedet.accounts.services import account_mail_allowed
    from ideverkstedet.notifications.services import email_send

    if not challenge_rules.can_manage_challenge(actor, challenge):
        raise NotAllowed(_("Bare laget kan invitere nye medlemmer."))
    address = email.strip()
    invitee = User.objects.filter(email__iexact=address, anonymised_at__isnull=True).first()
    if invitee is None:
        if account_mail_allowed(address):
            email_send(
                to_address=address,
                template="challenges/email/invite_to_sign_up",
                context={
                    "challenge": challenge.title,
                    "by": actor.display_name,
                    "sign_up_url": settings.SITE_URL + reverse("accounts:sign_up"),
                    "challenge_url": settings.SITE_URL + challenge.get_absolute_url(),
                },
            )
        return
    try:
        member_invite(actor=actor, challenge=challenge, user=invitee)
    except ChallengeError:
        return  # already on the team, already invited, inactive, or not allowed here: say nothing


def member_respond(*, user: User, challenge: Challenge, accept: bool) -> Membership | None:
    """Accept or decline one's own invitation to a team.

    Lock: the challenge's row. Audited when accepted.
    """
    with transaction.atomic():
        locked(challenge)
        membership = Membership.objects.filter(
            challenge=challenge, user=user, status=Membership.Status.INVITED
        ).first()
        if membership is None:
            raise ChallengeError("no_invitation", _("Du har ingen invitasjon til dette laget."))
        if accept and not challenge.is_public and user.role not in MUNICIPAL_ROLES:
            raise ChallengeError(
                "internal", _("Interne utfordringer kan bare ha ansatte i kommunen på laget.")
            )
        if accept:
            membership.status = Membership.Status.ACTIVE
            membership.save()
            Follow.objects.get_or_create(user=user, challenge=challenge)
            audit_record(actor=user, action="challenges.member_joined", target=challenge)
            return membership
        membership.delete()
        return None


def member_ask(*, user: User, challenge: Challenge, message: str = "") -> Membership:
    """Ask to join a challenge's team; the team is told.

    Lock: the challenge's row, so a double click gives one request.
    """
    if not challenge_rules.can_ask_to_join(user, challenge):
        raise NotAllowed(_("Du kan ikke be om å bli med på dette laget."))
    with transaction.atomic():
        locked(challenge)
        membership, created = Membership.objects.get_or_create(
            challenge=challenge,
            user=user,
            defaults={"status": Membership.Status.REQUESTED, "message": message.strip()[:300]},
        )
        if not created:
            raise ChallengeError("already_asked", _("Du har allerede bedt om å bli med eller er invitert."))
        team = [m.user for m in challenge.memberships.select_related("user").filter(status="active")]
        tell(
            team,
            "join_request",
            url=challenge.get_absolute_url(),
            challenge=challenge.title,
            by=user.display_name,
        )
    return membership


def member_decide(*, actor: User, membership: Membership, accept: bool) -> Membership | None:
    """Accept or decline someone's request to join (the team only); the person is told when accepted.

    Lock: the challenge's row, then the membership's row. Audited.
    """
    challenge = membership.challenge
    if not challenge_rules.can_manage_challenge(actor, challenge):
        raise NotAllowed(_("Bare laget kan svare på forespørsler."))
    with transaction.atomic():
        locked(challenge)
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.status != Membership.Status.REQUESTED:
            raise ChallengeError("not_requested", _("Forespørselen er allerede besvart."))
        if accept and not challenge.is_public and membership.user.role not in MUNICIPAL_ROLES:
            raise ChallengeError(
                "internal", _("Interne utfordringer kan bare ha ansatte i kommunen på laget.")
            )
        if not accept:
            membership.delete()
            audit_record(actor=actor, action="challenges.member_declined", target=challenge)
            return None
        membership.status = Membership.Status.ACTIVE
        membership.save()
        Follow.objects.get_or_create(user=membership.user, challenge=challenge)
        audit_record(actor=actor, action="challenges.member_joined", target=challenge)
        tell([membership.user], "joined", url=challenge.get_absolute_url(), challenge=challenge.title)
    return membership


def member_remove(*, actor: User, membership: Membership) -> None:
    """Remove a member from the team, or leave it oneself; the owner cannot be removed.

    Lock: none (one delete). Audited.
    """
    challenge = membership.challenge
    leaving_self = membership.user_id == actor.pk
    if not leaving_self and not challenge_rules.can_manage_challenge(actor, challenge):
        raise NotAllowed(_("Bare laget kan fjerne medlemmer."))
    if membership.user_id == challenge.owner_id:
        raise ChallengeError("owner", _("Eieren kan ikke fjernes fra laget."))
    with transaction.atomic():
        membership.delete()
        audit_record(actor=actor, action="challenges.member_removed", target=challenge)


# ---------------------------------------------------------------- insight


def insight_add(
    *,
    actor: User,
    challenge: Challenge,
    kind: str,
    title: str,
    body: str,
    source: str,
    observed_on: Any,
    method: str = "",
    is_shareable: bool = False,
) -> Insight:
    """Add an insight (interview, observation, data) to a challenge (the team only).

    Lock: none (a new row; the challenge's updated_at is set by one update).
    """
    if not challenge_rules.can_manage_challenge(actor, challenge):
        raise NotAllowed(_("Bare laget kan skrive innsikt."))
    with transaction.atomic():
        insight = Insight.objects.create(
            challenge=challenge,
            kind=kind,
            title=title.strip(),
            body=body,
            source=source.strip(),
            observed_on=observed_on,
            method=method.strip(),
            is_shareable=is_shareable,
            author=actor,
        )
        Challenge.objects.filter(pk=challenge.pk).update(updated_at=timezone.now())
    return insight
