"""Challenges: create, change, move between phases, open and close for input."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ideverkstedet.accounts.models import ServiceArea, User
from ideverkstedet.accounts.rules import MUNICIPAL_ROLES
from ideverkstedet.challenges import rules as challenge_rules
from ideverkstedet.challenges.models import (
    Audience,
    Challenge,
    Follow,
    Membership,
    Phase,
    PhaseChange,
    Tag,
    Visibility,
)
from ideverkstedet.challenges.services.base import (
    ChallengeError,
    NotAllowed,
    followers_of,
    index_challenge,
    is_blocked,
    locked,
    norwegian_slug,
    reindex_challenge,
    stored_image,
    tell,
    unique_slug,
)
from ideverkstedet.core import dates
from ideverkstedet.core.audit import audit_record

# ---------------------------------------------------------------- challenges


@dataclass
class ChallengeData:
    title: str
    description: str
    summary: str = ""
    visibility: str = Visibility.INTERNAL
    service_areas: list[ServiceArea] | None = None
    tags: str = ""  # comma-separated
    image: Any = None
    image_alt: str = ""


def _set_tags(challenge: Challenge, text: str) -> None:
    names: list[str] = []
    for raw in text.split(","):
        name = " ".join(raw.split())[:60]
        if name and name.lower() not in {n.lower() for n in names}:
            names.append(name)
    tags = []
    for name in names[:12]:
        slug = norwegian_slug(name)[:80] or "tag-" + hashlib.sha256(name.encode()).hexdigest()[:8]
        tag = Tag.objects.filter(slug=slug).first() or Tag.objects.create(name=name, slug=slug)
        tags.append(tag)
    challenge.tags.set(tags)


def challenge_create(*, owner: User, data: ChallengeData) -> Challenge:
    """Create a challenge with its owner as the first team member and follower, in the first phase.

    Lock: none (a new row; the slug is made unique before the insert). Audited.
    """
    if not challenge_rules.can_create_challenge(owner):
        raise NotAllowed(_("Du kan ikke opprette utfordringer."))
    if is_blocked(owner):
        raise NotAllowed(_("Kontoen din er stengt for nye innlegg. Ta kontakt med Innovasjonsenheten."))
    visibility = data.visibility
    if not owner.has_perm("challenges.own_internal"):
        visibility = Visibility.PUBLIC  # an organisation's challenge is shared with the municipality openly
    first = Phase.objects.order_by("order", "id").first()
    if first is None:
        raise ChallengeError("no_phases", _("Ingen faser er satt opp. Ta kontakt med Innovasjonsenheten."))
    with transaction.atomic():
        challenge = Challenge(
            title=data.title.strip(),
            slug=unique_slug(data.title),
            summary=data.summary.strip(),
            description=data.description,
            owner=owner,
            unit=owner.unit,
            organisation=owner.organisation,
            visibility=visibility,
            phase=first,
            image_alt=data.image_alt,
        )
        image = stored_image(data.image)
        if image:
            challenge.image.save(image.name, image, save=False)
        challenge.save()
        challenge.service_areas.set(data.service_areas or ([owner.unit.service_area] if owner.unit else []))
        _set_tags(challenge, data.tags)
        Membership.objects.create(challenge=challenge, user=owner, status=Membership.Status.ACTIVE)
        PhaseChange.objects.create(challenge=challenge, to_phase=first, changed_by=owner, note=_("Opprettet"))
        Follow.objects.create(user=owner, challenge=challenge)
        audit_record(actor=owner, action="challenges.created", target=challenge)
        index_challenge(challenge)
    return challenge


def challenge_update(*, actor: User, challenge: Challenge, data: ChallengeData) -> Challenge:
    """Change a challenge's text, visibility, areas, tags and image (the team only).

    Making it internal removes team members from outside the municipality. Lock: the challenge's row. Audited.
    """
    if not challenge_rules.can_manage_challenge(actor, challenge):
        raise NotAllowed(_("Bare laget kan endre utfordringen."))
    with transaction.atomic():
        challenge = locked(challenge)
        was_public = challenge.is_public
        challenge.title = data.title.strip()
        challenge.summary = data.summary.strip()
        challenge.description = data.description
        if challenge.owner.has_perm("challenges.own_internal"):
            challenge.visibility = data.visibility
        if (
            challenge.visibility == Visibility.INTERNAL
            and challenge.input_audience == Audience.EVERYONE
            and challenge.input_state() in {"upcoming", "open"}
        ):
            raise ChallengeError(
                "visibility",
                _("Utfordringen er åpen for innspill fra innbyggere og må derfor være åpen for alle."),
                "visibility",
            )
        challenge.image_alt = data.image_alt
        image = stored_image(data.image)
        if image:
            challenge.image.save(image.name, image, save=False)
        challenge.save()
        if data.service_areas is not None:
            challenge.service_areas.set(data.service_areas)
        _set_tags(challenge, data.tags)
        audit_record(actor=actor, action="challenges.changed", target=challenge)
        if was_public and not challenge.is_public:
            outside = Membership.objects.filter(challenge=challenge).exclude(user__role__in=MUNICIPAL_ROLES)
            removed, _ignored = outside.exclude(user=challenge.owner).delete()
            if removed:
                audit_record(
                    actor=actor,
                    action="challenges.outside_members_removed",
                    target=challenge,
                    reason=_("Utfordringen ble intern."),
                    data={"memberships": removed},
                )
        if was_public != challenge.is_public:
            reindex_challenge(challenge)
        else:
            index_challenge(challenge)
    return challenge


def challenge_change_phase(*, actor: User, challenge: Challenge, phase: Phase, note: str) -> PhaseChange:
    """Move a challenge to another phase, record the change and tell its followers.

    Lock: the challenge's row. Audited.
    """
    if not challenge_rules.can_manage_challenge(actor, challenge):
        raise NotAllowed(_("Bare laget kan flytte utfordringen til en ny fase."))
    with transaction.atomic():
        challenge = locked(challenge)
        if challenge.phase_id == phase.pk:
            raise ChallengeError("same_phase", _("Utfordringen er allerede i denne fasen."), "phase")
        change = PhaseChange.objects.create(
            challenge=challenge,
            from_phase_id=challenge.phase_id,
            to_phase=phase,
            note=note.strip(),
            changed_by=actor,
        )
        Challenge.objects.filter(pk=challenge.pk).update(phase=phase, updated_at=timezone.now())
        challenge.phase = phase
        audit_record(
            actor=actor, action="challenges.phase_changed", target=challenge, data={"phase": phase.slug}
        )
        tell(
            followers_of(challenge=challenge),
            "phase",
            url=challenge.get_absolute_url(),
            skip=actor,
            challenge=challenge.title,
            phase=phase,
            note=note.strip(),
        )
    return change


def challenge_open_for_input(
    *,
    actor: User,
    challenge: Challenge,
    opens_at: datetime,
    closes_at: datetime,
    question: str,
    audience: str,
    now: datetime | None = None,
) -> Challenge:
    """Open a challenge for input between two moments, for a chosen audience; followers are told.

    Lock: the challenge's row. Audited.
    """
    if not challenge_rules.can_manage_challenge(actor, challenge):
        raise NotAllowed(_("Bare laget kan åpne utfordringen for innspill."))
    moment = now or timezone.now()
    if closes_at <= opens_at:
        raise ChallengeError("window", _("Sluttdatoen må være etter startdatoen."), "closes_at")
    if closes_at <= moment:
        raise ChallengeError("window", _("Sluttdatoen kan ikke være passert."), "closes_at")
    if closes_at - opens_at > timedelta(days=366):
        raise ChallengeError("window", _("En innspillsperiode kan vare høyst ett år."), "closes_at")
    if not question.strip():
        raise ChallengeError("question", _("Skriv spørsmålet dere vil ha svar på."), "question")
    if audience not in Audience.values:
        raise ChallengeError("audience", _("Velg hvem som kan gi innspill."), "audience")
    with transaction.atomic():
        challenge = locked(challenge)
        if audience == Audience.EVERYONE and not challenge.is_public:
            raise ChallengeError(
                "visibility",
                _(
                    "Innbyggere kan bare gi innspill på åpne utfordringer. Gjør utfordringen åpen for alle først."
                ),
                "audience",
            )
        challenge.input_opens_at = opens_at
        challenge.input_closes_at = closes_at
        challenge.input_question = question.strip()
        challenge.input_audience = audience
        challenge.save()
        audit_record(actor=actor, action="challenges.opened_for_input", target=challenge)
        if opens_at <= moment:
            tell(
                followers_of(challenge=challenge),
                "opened",
                url=challenge.get_absolute_url(),
                skip=actor,
                challenge=challenge.title,
                closes=dates.when(timezone.localtime(closes_at), "datetime"),
                question=challenge.input_question,
            )
    return challenge


def challenge_close_input(
    *, actor: User, challenge: Challenge, outcome: str, now: datetime | None = None
) -> Challenge:
    """Close the input window now (if open) and store what happened next.

    Lock: the challenge's row. Audited.
    """
    if not challenge_rules.can_manage_challenge(actor, challenge):
        raise NotAllowed(_("Bare laget kan endre innspillsperioden."))
    moment = now or timezone.now()
    with transaction.atomic():
        challenge = locked(challenge)
        if challenge.input_closes_at and challenge.input_closes_at > moment:
            challenge.input_closes_at = moment
            if challenge.input_opens_at and challenge.input_opens_at >= moment:
                challenge.input_opens_at = moment - timedelta(seconds=1)
        challenge.outcome = outcome.strip()
        challenge.save()
        audit_record(actor=actor, action="challenges.input_closed", target=challenge)
    return challenge
