"""Every write to challenges, ideas, comments, cheers, follows and moderation. Pages, API and admin call these.

Counters (ideas and comments on a challenge, cheers and comments on an idea) are kept in step here inside the
same transaction, so list pages never count. A cheer is one row per person and idea under a unique constraint:
two fast clicks or two concurrent requests give one cheer, the loser sees "already cheered", never an error.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ideverkstedet.accounts.models import MUNICIPAL_ROLES, Role, ServiceArea, User
from ideverkstedet.challenges import rules as challenge_rules
from ideverkstedet.challenges.models import (
    Audience,
    Challenge,
    Cheer,
    Comment,
    Follow,
    Idea,
    IdeaStatus,
    Insight,
    Membership,
    Phase,
    PhaseChange,
    PostingBlock,
    Report,
    Tag,
    Visibility,
)
from ideverkstedet.core import ratelimit
from ideverkstedet.core.audit import audit_record
from ideverkstedet.core.i18n import localized
from ideverkstedet.core.markdown import render_markdown
from ideverkstedet.notifications.services import notify

POSTS_PER_WINDOW = 10
POST_WINDOW = timedelta(minutes=10)


class ChallengeError(Exception):
    """A rule the action breaks: a stable code for the API and a message for people."""

    def __init__(self, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field


class NotAllowed(ChallengeError):
    def __init__(self, message: str) -> None:
        super().__init__("forbidden", message)


# ---------------------------------------------------------------- helpers

# Translated when sent, in the recipient's language.
NOTICES: dict[str, tuple[str, str]] = {
    "phase": (
        gettext_noop("Ny fase: %(challenge)s"),
        gettext_noop("Utfordringen er nå i fasen %(phase)s. %(note)s"),
    ),
    "opened": (
        gettext_noop("Åpen for innspill: %(challenge)s"),
        gettext_noop("Vi vil gjerne høre fra deg fram til %(closes)s. Spørsmålet er: %(question)s"),
    ),
    "status": (
        gettext_noop("Ny status på idéen «%(idea)s»: %(status)s"),
        gettext_noop("Laget forklarer: %(note)s"),
    ),
    "invited": (
        gettext_noop("Du er invitert til laget: %(challenge)s"),
        gettext_noop("%(by)s vil gjerne ha deg med. Svar på invitasjonen på utfordringens side."),
    ),
    "join_request": (
        gettext_noop("Noen vil bli med på laget: %(challenge)s"),
        gettext_noop("%(by)s har bedt om å bli med. Svar på utfordringens side."),
    ),
    "joined": (
        gettext_noop("Du er med på laget: %(challenge)s"),
        gettext_noop("Velkommen! Nå kan du skrive innsikt, endre utfordringen og sette status på idéer."),
    ),
    "new_idea": (
        gettext_noop("Ny idé på %(challenge)s"),
        gettext_noop("«%(idea)s» er lagt inn. Se den og hei gjerne."),
    ),
    "new_comment": (
        gettext_noop("Ny kommentar: %(target)s"),
        gettext_noop("Noen har kommentert. Les kommentaren på siden."),
    ),
    "hidden": (
        gettext_noop("Innlegget ditt er skjult"),
        gettext_noop(
            "Innovasjonsenheten har skjult innlegget ditt på «%(challenge)s». Begrunnelse: %(reason)s"
        ),
    ),
    "restored": (
        gettext_noop("Innlegget ditt er synlig igjen"),
        gettext_noop(
            "Innovasjonsenheten har gjort innlegget ditt på «%(challenge)s» synlig igjen. %(reason)s"
        ),
    ),
    "blocked": (
        gettext_noop("Du kan ikke lenger skrive innlegg"),
        gettext_noop(
            "Innovasjonsenheten har stengt kontoen din for nye innlegg. Begrunnelse: %(reason)s "
            "Du kan fortsatt lese, laste ned dataene dine og slette kontoen."
        ),
    ),
    "unblocked": (
        gettext_noop("Du kan skrive innlegg igjen"),
        gettext_noop("Innovasjonsenheten har åpnet kontoen din for innlegg igjen."),
    ),
}


def _locked(challenge: Challenge) -> Challenge:
    """Lock the challenge's row for the rest of the transaction (writers to one challenge queue)."""
    return Challenge.objects.select_for_update().get(pk=challenge.pk)


NORWEGIAN_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})


def norwegian_slug(text: str) -> str:
    """A readable slug: "Søke barnehageplass" gives "soke-barnehageplass", not "ske-barnehageplass"."""
    return slugify(text.translate(NORWEGIAN_LETTERS))


def _unique_slug(title: str) -> str:
    base = norwegian_slug(title)[:200] or "utfordring"
    slug = base
    n = 2
    while Challenge.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


def _param(value: Any, language: str) -> str:
    """A value for a notice, in the recipient's language (lazy labels and phases are translated here)."""
    if isinstance(value, Phase):
        return localized(value, "name", language)
    return str(value)


def _tell(users: Iterable[User], what: str, *, url: str, skip: User | None = None, **params: Any) -> int:
    """Tell each person (once) in their own language, in the app and by email."""
    seen: set[int] = set()
    count = 0
    for user in users:
        if user.pk in seen or (skip is not None and user.pk == skip.pk):
            continue
        seen.add(user.pk)
        with translation.override(user.language):
            # Gettext again inside the recipient's language.
            title_src, body_src = NOTICES[what]
            values = {k: _param(v, user.language) for k, v in params.items()}
            title = _(title_src) % values
            body = _(body_src) % values
        notify(user=user, title=title, body=body, url=url, email_template="challenges/email/notice")
        count += 1
    return count


def _followers_of(challenge: Challenge | None = None, idea: Idea | None = None) -> list[User]:
    follows = Follow.objects.select_related("user").filter(user__is_active=True)
    follows = follows.filter(idea=idea) if idea is not None else follows.filter(challenge=challenge)
    # Only those who may still see it: a challenge made internal tells nothing to people outside.
    target = idea.challenge if idea is not None else challenge
    return [f.user for f in follows if challenge_rules.can_see(f.user, target)]


def _rate_key(user: User) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"post:{user.pk}".encode(), hashlib.sha256).hexdigest()


def is_blocked(user: User) -> bool:
    return PostingBlock.objects.filter(user=user, lifted_at__isnull=True).exists()


def _check_may_post(user: User, challenge: Challenge) -> None:
    if is_blocked(user):
        raise NotAllowed(_("Kontoen din er stengt for nye innlegg. Ta kontakt med Innovasjonsenheten."))
    if not challenge_rules.can_give_input(user, challenge):
        state = challenge.input_state()
        if state == "upcoming":
            raise ChallengeError(
                "not_open_yet",
                _("Utfordringen åpner for innspill %(date)s.")
                % {"date": timezone.localtime(challenge.input_opens_at).strftime("%d.%m.%Y %H:%M")},
            )
        if state == "closed":
            raise ChallengeError("closed", _("Fristen for innspill har gått ut."))
        raise NotAllowed(_("Du kan ikke gi innspill på denne utfordringen."))
    if not ratelimit.allow(_rate_key(user), limit=POSTS_PER_WINDOW, per=POST_WINDOW):
        raise ChallengeError(
            "rate_limited", _("Du har skrevet mange innlegg på kort tid. Vent noen minutter og prøv igjen.")
        )


def _text(value: str, *, field: str, limit: int, empty: str) -> str:
    """Trimmed text within its limit, or a clear error (the API and the pages share these rules)."""
    value = (value or "").replace("\x00", "").strip()
    if not value:
        raise ChallengeError("empty", empty, field)
    if len(value) > limit:
        raise ChallengeError(
            "too_long", _("Teksten er for lang: høyst %(limit)s tegn.") % {"limit": limit}, field
        )
    return value


def _image(upload: Any) -> Any:
    """Images arrive checked and re-encoded by the form (core.images.reencode_image); store them as they are."""
    return upload or None


def _plain(markdown_text: str) -> str:
    """Search snippets are plain text: render the Markdown, then drop the tags."""
    return strip_tags(render_markdown(markdown_text))


def _index(challenge: Challenge) -> None:
    from ideverkstedet.search.services import search_index

    search_index(
        kind="challenge",
        object_id=challenge.pk,
        title=challenge.title,
        body=f"{challenge.summary}\n{_plain(challenge.description)}",
        url=challenge.get_absolute_url(),
        visibility="public" if challenge.is_public else "internal",
    )


def _index_idea(idea: Idea) -> None:
    from ideverkstedet.search.services import search_index, search_remove

    if idea.hidden_at:
        search_remove(kind="idea", object_id=idea.pk)
        return
    search_index(
        kind="idea",
        object_id=idea.pk,
        title=idea.title,
        body=_plain(idea.description),
        url=idea.get_absolute_url(),
        visibility="public" if idea.challenge.is_public else "internal",
    )


def reindex_challenge(challenge: Challenge) -> None:
    """Refresh the search entries of a challenge and its visible ideas (visibility may have changed)."""
    _index(challenge)
    for idea in Idea.objects.select_related("challenge").filter(challenge=challenge):
        _index_idea(idea)


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
    if not challenge_rules.can_create_challenge(owner):
        raise NotAllowed(_("Du kan ikke opprette utfordringer."))
    if is_blocked(owner):
        raise NotAllowed(_("Kontoen din er stengt for nye innlegg. Ta kontakt med Innovasjonsenheten."))
    visibility = data.visibility
    if owner.role not in MUNICIPAL_ROLES:
        visibility = Visibility.PUBLIC  # an organisation's challenge is shared with the municipality openly
    first = Phase.objects.order_by("order", "id").first()
    if first is None:
        raise ChallengeError("no_phases", _("Ingen faser er satt opp. Ta kontakt med Innovasjonsenheten."))
    with transaction.atomic():
        challenge = Challenge(
            title=data.title.strip(),
            slug=_unique_slug(data.title),
            summary=data.summary.strip(),
            description=data.description,
            owner=owner,
            unit=owner.unit,
            organisation=owner.organisation,
            visibility=visibility,
            phase=first,
            image_alt=data.image_alt,
        )
        image = _image(data.image)
        if image:
            challenge.image.save(image.name, image, save=False)
        challenge.save()
        challenge.service_areas.set(data.service_areas or ([owner.unit.service_area] if owner.unit else []))
        _set_tags(challenge, data.tags)
        Membership.objects.create(challenge=challenge, user=owner, status=Membership.Status.ACTIVE)
        PhaseChange.objects.create(challenge=challenge, to_phase=first, changed_by=owner, note=_("Opprettet"))
        Follow.objects.create(user=owner, challenge=challenge)
        audit_record(actor=owner, action="challenges.created", target=challenge)
        _index(challenge)
    return challenge


def challenge_update(*, actor: User, challenge: Challenge, data: ChallengeData) -> Challenge:
    if not challenge_rules.can_manage_challenge(actor, challenge):
        raise NotAllowed(_("Bare laget kan endre utfordringen."))
    with transaction.atomic():
        challenge = _locked(challenge)
        was_public = challenge.is_public
        challenge.title = data.title.strip()
        challenge.summary = data.summary.strip()
        challenge.description = data.description
        if challenge.owner.role in MUNICIPAL_ROLES:
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
        image = _image(data.image)
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
            _index(challenge)
    return challenge


def challenge_change_phase(*, actor: User, challenge: Challenge, phase: Phase, note: str) -> PhaseChange:
    if not challenge_rules.can_manage_challenge(actor, challenge):
        raise NotAllowed(_("Bare laget kan flytte utfordringen til en ny fase."))
    with transaction.atomic():
        challenge = _locked(challenge)
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
        _tell(
            _followers_of(challenge=challenge),
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
        challenge = _locked(challenge)
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
            _tell(
                _followers_of(challenge=challenge),
                "opened",
                url=challenge.get_absolute_url(),
                skip=actor,
                challenge=challenge.title,
                closes=timezone.localtime(closes_at).strftime("%d.%m.%Y %H:%M"),
                question=challenge.input_question,
            )
    return challenge


def challenge_close_input(
    *, actor: User, challenge: Challenge, outcome: str, now: datetime | None = None
) -> Challenge:
    """Close the window now (if open) and tell what happened next."""
    if not challenge_rules.can_manage_challenge(actor, challenge):
        raise NotAllowed(_("Bare laget kan endre innspillsperioden."))
    moment = now or timezone.now()
    with transaction.atomic():
        challenge = _locked(challenge)
        if challenge.input_closes_at and challenge.input_closes_at > moment:
            challenge.input_closes_at = moment
            if challenge.input_opens_at and challenge.input_opens_at >= moment:
                challenge.input_opens_at = moment - timedelta(seconds=1)
        challenge.outcome = outcome.strip()
        challenge.save()
        audit_record(actor=actor, action="challenges.input_closed", target=challenge)
    return challenge


# ---------------------------------------------------------------- team


def member_invite(*, actor: User, challenge: Challenge, user: User) -> Membership:
    if not challenge_rules.can_manage_challenge(actor, challenge):
        raise NotAllowed(_("Bare laget kan invitere nye medlemmer."))
    if not user.is_active or user.anonymised_at:
        raise ChallengeError("no_user", _("Fant ingen aktiv konto med den e-postadressen."), "email")
    if not challenge.is_public and user.role not in MUNICIPAL_ROLES:
        raise ChallengeError(
            "internal", _("Interne utfordringer kan bare ha ansatte i kommunen på laget."), "email"
        )
    with transaction.atomic():
        _locked(challenge)
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
        _tell(
            [user], what, url=challenge.get_absolute_url(), challenge=challenge.title, by=actor.display_name
        )
    return membership


def member_respond(*, user: User, challenge: Challenge, accept: bool) -> Membership | None:
    with transaction.atomic():
        _locked(challenge)
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
    if not challenge_rules.can_ask_to_join(user, challenge):
        raise NotAllowed(_("Du kan ikke be om å bli med på dette laget."))
    with transaction.atomic():
        _locked(challenge)
        membership, created = Membership.objects.get_or_create(
            challenge=challenge,
            user=user,
            defaults={"status": Membership.Status.REQUESTED, "message": message.strip()[:300]},
        )
        if not created:
            raise ChallengeError("already_asked", _("Du har allerede bedt om å bli med eller er invitert."))
        team = [m.user for m in challenge.memberships.select_related("user").filter(status="active")]
        _tell(
            team,
            "join_request",
            url=challenge.get_absolute_url(),
            challenge=challenge.title,
            by=user.display_name,
        )
    return membership


def member_decide(*, actor: User, membership: Membership, accept: bool) -> Membership | None:
    challenge = membership.challenge
    if not challenge_rules.can_manage_challenge(actor, challenge):
        raise NotAllowed(_("Bare laget kan svare på forespørsler."))
    with transaction.atomic():
        _locked(challenge)
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
        _tell([membership.user], "joined", url=challenge.get_absolute_url(), challenge=challenge.title)
    return membership


def member_remove(*, actor: User, membership: Membership) -> None:
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
    title = _text(title, field="title", limit=200, empty=_("Gi idéen en tittel."))
    description = _text(description, field="description", limit=10000, empty=_("Beskriv idéen."))
    with transaction.atomic():
        challenge = _locked(challenge)
        _check_may_post(author, challenge)
        idea = Idea(
            challenge=challenge,
            author=author,
            title=title,
            description=description,
            is_anonymous=is_anonymous,
            image_alt=image_alt,
        )
        encoded = _image(image)
        if encoded:
            idea.image.save(encoded.name, encoded, save=False)
        idea.save()
        Challenge.objects.filter(pk=challenge.pk).update(
            idea_count=F("idea_count") + 1, updated_at=timezone.now()
        )
        Follow.objects.create(user=author, idea=idea)
        _index_idea(idea)
        team = [m.user for m in challenge.memberships.select_related("user").filter(status="active")]
        _tell(
            team,
            "new_idea",
            url=idea.get_absolute_url(),
            skip=author,
            challenge=challenge.title,
            idea=idea.title,
        )
    return idea


def idea_update(*, actor: User, idea: Idea, title: str, description: str) -> Idea:
    if idea.author_id != actor.pk or idea.hidden_at:
        raise NotAllowed(_("Du kan bare endre dine egne idéer."))
    with transaction.atomic():
        idea.title = title.strip()
        idea.description = description
        idea.save(update_fields=["title", "description"])
        _index_idea(idea)
    return idea


def idea_set_status(*, actor: User, idea: Idea, status: str, note: str) -> Idea:
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
        _locked(idea.challenge)
        idea = Idea.objects.select_for_update().select_related("challenge").get(pk=idea.pk)
        idea.status = status
        idea.status_note = note.strip()
        idea.status_changed_at = timezone.now()
        idea.save(update_fields=["status", "status_note", "status_changed_at"])
        audit_record(actor=actor, action="challenges.idea_status", target=idea, data={"status": status})
        followers = [] if idea.hidden_at else _followers_of(idea=idea)
        _tell(
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


def cheer_add(*, user: User, idea: Idea) -> CheerResult:
    if not challenge_rules.can_cheer(user, idea):
        raise NotAllowed(_("Du kan ikke heie på denne idéen."))
    try:
        with transaction.atomic():
            Cheer.objects.create(idea=idea, user=user)
            Idea.objects.filter(pk=idea.pk).update(cheer_count=F("cheer_count") + 1)
    except IntegrityError:
        idea.refresh_from_db(fields=["cheer_count"])
        return CheerResult(idea=idea, cheered=True, changed=False)
    idea.refresh_from_db(fields=["cheer_count"])
    return CheerResult(idea=idea, cheered=True, changed=True)


def cheer_remove(*, user: User, idea: Idea) -> CheerResult:
    with transaction.atomic():
        deleted, _ignored = Cheer.objects.filter(idea=idea, user=user).delete()
        if deleted:
            Idea.objects.filter(pk=idea.pk).update(cheer_count=F("cheer_count") - 1)
    idea.refresh_from_db(fields=["cheer_count"])
    return CheerResult(idea=idea, cheered=False, changed=bool(deleted))


def comment_create(
    *,
    author: User,
    challenge: Challenge,
    body: str,
    idea: Idea | None = None,
    parent: Comment | None = None,
    is_anonymous: bool = False,
) -> Comment:
    if idea is not None and idea.challenge_id != challenge.pk:
        raise ChallengeError("idea", _("Idéen hører ikke til denne utfordringen."))
    if idea is not None and idea.hidden_at:
        raise ChallengeError("hidden", _("Idéen er skjult og kan ikke kommenteres."))
    if parent is not None:
        if parent.hidden_at:
            raise ChallengeError("hidden", _("Kommentaren er skjult og kan ikke besvares."))
        if parent.challenge_id != challenge.pk or parent.idea_id != (idea.pk if idea else None):
            raise ChallengeError("parent", _("Svaret hører ikke til denne samtalen."))
        if parent.parent_id is not None:
            parent = Comment.objects.get(pk=parent.parent_id)  # one level of replies: answer the thread
            if parent.hidden_at:
                raise ChallengeError("hidden", _("Kommentaren er skjult og kan ikke besvares."))
    body = _text(body, field="body", limit=5000, empty=_("Skriv en kommentar."))
    with transaction.atomic():
        challenge = _locked(challenge)
        _check_may_post(author, challenge)
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
            followers = _followers_of(idea=idea)
            target = idea.title
        else:
            followers = _followers_of(challenge=challenge)
            target = challenge.title
        if parent is not None and parent.author.is_active:
            followers.append(parent.author)
        _tell(followers, "new_comment", url=comment.get_absolute_url(), skip=author, target=target)
    return comment


# ---------------------------------------------------------------- follows


def follow(*, user: User, challenge: Challenge | None = None, idea: Idea | None = None) -> bool:
    """Start following; True when this call made the difference."""
    target_challenge = idea.challenge if idea is not None else challenge
    if target_challenge is None:
        raise ChallengeError("target", _("Velg hva du vil følge."))
    if idea is not None and idea.hidden_at:
        raise ChallengeError("hidden", _("Idéen er skjult."))
    if not challenge_rules.can_follow(user, target_challenge):
        raise NotAllowed(_("Du kan ikke følge denne."))
    try:
        with transaction.atomic():
            Follow.objects.create(user=user, challenge=None if idea else challenge, idea=idea)
    except IntegrityError:
        return False
    return True


def unfollow(*, user: User, challenge: Challenge | None = None, idea: Idea | None = None) -> bool:
    if challenge is None and idea is None:
        raise ChallengeError("target", _("Velg hva du vil slutte å følge."))
    qs = (
        Follow.objects.filter(user=user, idea=idea)
        if idea
        else Follow.objects.filter(user=user, challenge=challenge)
    )
    deleted, _ignored = qs.delete()
    return bool(deleted)


# ---------------------------------------------------------------- moderation


def report_create(
    *,
    reporter: User,
    reason: str,
    details: str = "",
    idea: Idea | None = None,
    comment: Comment | None = None,
) -> Report:
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


def _post_challenge(post: Idea | Comment) -> Challenge:
    return post.challenge


def moderate_hide(*, actor: User, post: Idea | Comment, reason: str) -> Idea | Comment:
    if not challenge_rules.is_advisor(actor):
        raise NotAllowed(_("Bare Innovasjonsenheten kan moderere."))
    if not reason.strip():
        raise ChallengeError(
            "reason", _("Skriv en begrunnelse. Den sendes til den som skrev innlegget."), "reason"
        )
    model = type(post)
    with transaction.atomic():
        post = model.objects.select_for_update().get(pk=post.pk)
        if post.hidden_at:
            raise ChallengeError("already_hidden", _("Innlegget er allerede skjult."))
        post.hidden_at = timezone.now()
        post.hidden_reason = reason.strip()
        post.save(update_fields=["hidden_at", "hidden_reason"])
        _decide_reports(actor, post, Report.Decision.HIDDEN)
        _count(post, -1)
        audit_record(actor=actor, action="challenges.post_hidden", target=post, reason=post.hidden_reason)
        if isinstance(post, Idea):
            _index_idea(post)
        challenge = _post_challenge(post)
        _tell(
            [post.author],
            "hidden",
            url=_author_url(post),
            challenge=challenge.title,
            reason=post.hidden_reason,
        )
    return post


def moderate_restore(*, actor: User, post: Idea | Comment, reason: str) -> Idea | Comment:
    if not challenge_rules.is_advisor(actor):
        raise NotAllowed(_("Bare Innovasjonsenheten kan moderere."))
    if not reason.strip():
        raise ChallengeError(
            "reason", _("Skriv en begrunnelse. Den sendes til den som skrev innlegget."), "reason"
        )
    model = type(post)
    with transaction.atomic():
        post = model.objects.select_for_update().get(pk=post.pk)
        if not post.hidden_at:
            raise ChallengeError("not_hidden", _("Innlegget er ikke skjult."))
        post.hidden_at = None
        post.hidden_reason = ""
        post.save(update_fields=["hidden_at", "hidden_reason"])
        _count(post, +1)
        audit_record(actor=actor, action="challenges.post_restored", target=post, reason=reason.strip())
        if isinstance(post, Idea):
            _index_idea(post)
        challenge = _post_challenge(post)
        _tell(
            [post.author], "restored", url=_author_url(post), challenge=challenge.title, reason=reason.strip()
        )
    return post


def report_dismiss(*, actor: User, report: Report, reason: str = "") -> Report:
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
    if not challenge_rules.is_advisor(actor):
        raise NotAllowed(_("Bare Innovasjonsenheten kan sperre kontoer."))
    if user.role in {Role.ADVISOR, Role.ADMINISTRATOR}:
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
        _tell([user], "blocked", url=reverse("challenges:my_posts"), reason=block.reason)
    return block


def unblock_user(*, actor: User, user: User, reason: str = "") -> int:
    if not challenge_rules.is_advisor(actor):
        raise NotAllowed(_("Bare Innovasjonsenheten kan oppheve sperringer."))
    with transaction.atomic():
        lifted = PostingBlock.objects.filter(user=user, lifted_at__isnull=True).update(
            lifted_at=timezone.now()
        )
        if lifted:
            audit_record(actor=actor, action="challenges.user_unblocked", target=user, reason=reason.strip())
            _tell([user], "unblocked", url=reverse("challenges:my_posts"))
    return lifted
