"""What every challenges service shares: errors, notices in the recipient's language, locks, text rules, search."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ideverkstedet.accounts.models import User
from ideverkstedet.challenges import rules as challenge_rules
from ideverkstedet.challenges.models import (
    Challenge,
    Follow,
    Idea,
    Phase,
    PostingBlock,
)
from ideverkstedet.core import dates, errors, ratelimit
from ideverkstedet.core.errors import ServiceError
from ideverkstedet.core.i18n import localized
from ideverkstedet.core.markdown import render_markdown
from ideverkstedet.notifications.models import Kind
from ideverkstedet.notifications.services import notify

POSTS_PER_WINDOW = 10
POST_WINDOW = timedelta(minutes=10)


class ChallengeError(ServiceError):
    """A rule the action breaks: a stable code for the API and a message for people.

    Most are 422; the rate limit is 429, and "already …", a closed or not yet open window are conflicts (409):
    the request is fine, the challenge's state (its input window, an earlier action) stands in the way.
    """

    def __init__(self, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message, code=code, field=field)
        if code == "rate_limited":
            self.status = errors.TooMany.status
        elif code.startswith("already") or code in {"closed", "not_open_yet"}:
            self.status = errors.Conflict.status


class NotAllowed(ChallengeError, errors.NotAllowed):
    def __init__(self, message: str) -> None:
        super().__init__("forbidden", message)


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
        gettext_noop("Velkommen! Nå kan du skrive innsikt, endre utfordringen og sette status på ideer."),
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


# Which kind of notice each is, for the person's email settings (notifications.models.Kind). Covers the
# notices of merging.py and joining.py too; a test keeps every notice in here.
NOTICE_KINDS: dict[str, str] = {
    "phase": Kind.FOLLOWING,
    "opened": Kind.FOLLOWING,
    "status": Kind.FOLLOWING,
    "new_idea": Kind.FOLLOWING,
    "new_comment": Kind.FOLLOWING,
    "merged": Kind.FOLLOWING,
    "merge_undone": Kind.FOLLOWING,
    "accepted": Kind.FOLLOWING,
    "accepted_hidden": Kind.FOLLOWING,
    "invited": Kind.TEAM,
    "join_request": Kind.TEAM,
    "joined": Kind.TEAM,
    "proposed": Kind.TEAM,
    "declined": Kind.TEAM,
    "hidden": Kind.MODERATION,
    "restored": Kind.MODERATION,
    "blocked": Kind.MODERATION,
    "unblocked": Kind.MODERATION,
}


def notice_kind(what: str) -> str:
    return NOTICE_KINDS.get(what, Kind.FOLLOWING)


def locked(challenge: Challenge) -> Challenge:
    """Lock the challenge's row for the rest of the transaction (writers to one challenge queue)."""
    return Challenge.objects.select_for_update().get(pk=challenge.pk)


NORWEGIAN_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})


def norwegian_slug(text: str) -> str:
    """A readable slug: "Søke barnehageplass" gives "soke-barnehageplass", not "ske-barnehageplass"."""
    return slugify(text.translate(NORWEGIAN_LETTERS))


def unique_slug(title: str) -> str:
    """A slug no challenge has yet ("-2", "-3" ... on a clash; the unique constraint still guards a race)."""
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


def tell(users: Iterable[User], what: str, *, url: str, skip: User | None = None, **params: Any) -> int:
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
        notify(
            user=user,
            title=title,
            body=body,
            url=url,
            kind=notice_kind(what),
            email_template="challenges/email/notice",
        )
        count += 1
    return count


def followers_of(challenge: Challenge | None = None, idea: Idea | None = None) -> list[User]:
    """The active followers of a challenge or an idea who may still see it."""
    follows = Follow.objects.select_related("user").filter(user__is_active=True)
    follows = follows.filter(idea=idea) if idea is not None else follows.filter(challenge=challenge)
    # Only those who may still see it: a challenge made internal tells nothing to people outside.
    target = idea.challenge if idea is not None else challenge
    return [f.user for f in follows if challenge_rules.can_see(f.user, target)]


def _rate_key(user: User) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"post:{user.pk}".encode(), hashlib.sha256).hexdigest()


def is_blocked(user: User) -> bool:
    """True when the person has an open posting block. Advisers and administrators cannot be blocked."""
    if user.has_perm("challenges.moderate"):
        return False
    return PostingBlock.objects.filter(user=user, lifted_at__isnull=True).exists()


def check_may_post(user: User, challenge: Challenge, *, count: bool = True) -> None:
    """Raise unless the person may post on the challenge now (not blocked, window open, within the rate limit).

    count=False only looks (for a view that checks before reading an upload); the post itself counts.
    """
    if is_blocked(user):
        raise NotAllowed(_("Kontoen din er stengt for nye innlegg. Ta kontakt med Innovasjonsenheten."))
    if not challenge_rules.can_give_input(user, challenge):
        state = challenge.input_state()
        if state == "upcoming":
            raise ChallengeError(
                "not_open_yet",
                _("Utfordringen åpner for innspill %(date)s.")
                % {"date": dates.when(timezone.localtime(challenge.input_opens_at), "datetime")},
            )
        if state == "closed":
            raise ChallengeError("closed", _("Fristen for innspill har gått ut."))
        raise NotAllowed(_("Du kan ikke gi innspill på denne utfordringen."))
    if not (ratelimit.allow if count else ratelimit.would_allow)(
        _rate_key(user), limit=POSTS_PER_WINDOW, per=POST_WINDOW
    ):
        raise ChallengeError(
            "rate_limited", _("Du har skrevet mange innlegg på kort tid. Vent noen minutter og prøv igjen.")
        )


def clean_text(value: str, *, field: str, limit: int, empty: str) -> str:
    """Trimmed text within its limit, or a clear error (the API and the pages share these rules)."""
    value = (value or "").replace("\x00", "").strip()
    if not value:
        raise ChallengeError("empty", empty, field)
    if len(value) > limit:
        raise ChallengeError(
            "too_long", _("Teksten er for lang: høyst %(limit)s tegn.") % {"limit": limit}, field
        )
    return value


def stored_image(upload: Any) -> Any:
    """Images arrive checked and re-encoded by the form (core.images.reencode_image); store them as they are."""
    return upload or None


def _plain(markdown_text: str) -> str:
    """Search snippets are plain text: render the Markdown, then drop the tags."""
    return strip_tags(render_markdown(markdown_text))


def index_challenge(challenge: Challenge) -> None:
    """Write the challenge's search entry (public or internal as the challenge is)."""
    from ideverkstedet.search.services import search_index

    search_index(
        kind="challenge",
        object_id=challenge.pk,
        title=challenge.title,
        body=f"{challenge.summary}\n{_plain(challenge.description)}",
        url=challenge.get_absolute_url(),
        visibility="public" if challenge.is_public else "internal",
    )


def index_idea(idea: Idea) -> None:
    """Write an idea's search entry, or remove it when the idea is hidden or merged into another."""
    from ideverkstedet.search.services import search_index, search_remove

    if idea.hidden_at or idea.merged_into_id:
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
    index_challenge(challenge)
    for idea in Idea.objects.select_related("challenge").filter(challenge=challenge):
        index_idea(idea)
