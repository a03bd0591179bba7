"""The team behind a challenge (requests, removals) and the insight it gathers; invitations are in invitations."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ideverkstedet.accounts.models import User
from ideverkstedet.accounts.rules import is_municipal
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
        if accept and not challenge.is_public and not is_municipal(membership.user):
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
