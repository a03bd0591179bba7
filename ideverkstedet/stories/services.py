"""Every write to stories, innovation records, attachments and reuse."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ideverkstedet.accounts.models import ServiceArea, User
from ideverkstedet.challenges.models import Challenge, Membership
from ideverkstedet.challenges.services import norwegian_slug
from ideverkstedet.core import errors
from ideverkstedet.core.audit import audit_record
from ideverkstedet.core.errors import ServiceError
from ideverkstedet.core.markdown import render_markdown
from ideverkstedet.notifications.models import Kind
from ideverkstedet.notifications.services import notify
from ideverkstedet.stories.innovation import (
    Actor,
    Effect,
    EffectLevel,
    InnovationType,
    Origin,
    UserInvolvement,
)
from ideverkstedet.stories.models import (
    InnovationRecord,
    Reuse,
    Story,
    StoryAttachment,
    StoryImage,
    Visibility,
)

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 10
MAX_IMAGES = 12  # besides the main image


class StoryError(ServiceError):
    """A rule the action breaks: a stable code for the API and a message for people (422; a duplicate is 409)."""

    def __init__(self, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message, code=code, field=field)
        if code == "duplicate":
            self.status = errors.Conflict.status


class NotAllowed(StoryError, errors.NotAllowed):
    def __init__(self, message: str) -> None:
        super().__init__("forbidden", message)


@dataclass
class StoryData:
    title: str
    summary: str
    problem: str
    tried: str
    outcome: str = ""
    not_worked: str = ""
    next_steps: str = ""
    partners: str = ""
    visibility: str = Visibility.INTERNAL
    service_areas: list[ServiceArea] = field(default_factory=list)
    methods: list[Any] = field(default_factory=list)
    events: list[Any] = field(default_factory=list)
    contact: User | None = None
    image: Any = None  # re-encoded by the form (core.images.reencode_image)
    image_alt: str = ""


@dataclass
class InnovationData:
    taken_into_use: bool = False
    taken_into_use_on: date | None = None
    types: list[str] = field(default_factory=list)
    core_tasks: bool = False
    origin: str = ""
    adopted_from: str = ""
    initiators: list[str] = field(default_factory=list)
    carriers: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    user_involvement: str = ""
    effects: list[dict[str, str]] = field(default_factory=list)  # {"kind", "level", "figure"}
    spread_actively: bool = False


def _unique_slug(title: str) -> str:
    base = norwegian_slug(title)[:200] or "historie"
    slug, n = base, 2
    while Story.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


def _check(data: StoryData) -> None:
    if not data.title.strip():
        raise StoryError("required", _("Historien trenger en tittel."), "title")
    if data.visibility not in Visibility.values:
        raise StoryError("invalid", _("Velg hvem som kan lese historien."), "visibility")
    if data.image and not data.image_alt.strip():
        raise StoryError("alt_required", _("Beskriv bildet for dem som ikke ser det."), "image_alt")


def _apply(story: Story, data: StoryData) -> None:
    for name in ("title", "summary", "problem", "tried", "outcome", "not_worked", "next_steps", "partners"):
        setattr(story, name, getattr(data, name).strip())
    story.visibility = data.visibility
    story.contact = data.contact
    if data.image:
        story.image = data.image
    story.image_alt = data.image_alt.strip() if story.image else ""


@transaction.atomic
def story_create(*, actor: User, data: StoryData, challenge: Challenge | None = None) -> Story:
    """A draft story, from a challenge (its team) or about work done elsewhere (advisers). Only the team sees
    it until it is published."""
    if not actor.has_perm("stories.add_story", challenge):
        raise NotAllowed(_("Du kan ikke skrive en historie her."))
    _check(data)
    story = Story(slug=_unique_slug(data.title), author=actor, challenge=challenge)
    story.unit = (challenge.unit if challenge else None) or actor.unit
    _apply(story, data)
    story.save()
    story.service_areas.set(data.service_areas or (list(challenge.service_areas.all()) if challenge else []))
    story.methods.set(data.methods)
    story.events.set(data.events)
    InnovationRecord.objects.create(story=story)
    return story


@transaction.atomic
def story_update(*, actor: User, story: Story, data: StoryData) -> Story:
    if not actor.has_perm("stories.change_story", story):
        raise NotAllowed(_("Du kan ikke endre denne historien."))
    _check(data)
    _apply(story, data)
    story.save()
    story.service_areas.set(data.service_areas)
    story.methods.set(data.methods)
    story.events.set(data.events)
    if story.is_published:
        transaction.on_commit(lambda: story_search_index(story))
    return story


@transaction.atomic
def story_publish(*, actor: User, story: Story) -> Story:
    """Publish (with the visibility chosen on the story). Publishing again keeps the first date."""
    if not actor.has_perm("stories.change_story", story):
        raise NotAllowed(_("Du kan ikke publisere denne historien."))
    if not story.tried.strip() or not story.problem.strip():
        raise StoryError("incomplete", _("Fortell hva problemet var og hva dere prøvde før dere publiserer."))
    if story.published_at is None:
        story.published_at = timezone.now()
        story.save(update_fields=["published_at", "updated_at"])
    if story.author_id != actor.pk:
        audit_record(actor=actor, action="stories.publish", target=story)
    transaction.on_commit(lambda: story_search_index(story))
    return story


@transaction.atomic
def story_unpublish(*, actor: User, story: Story) -> Story:
    if not actor.has_perm("stories.change_story", story):
        raise NotAllowed(_("Du kan ikke endre denne historien."))
    story.published_at = None
    story.save(update_fields=["published_at", "updated_at"])
    if story.author_id != actor.pk:
        audit_record(actor=actor, action="stories.unpublish", target=story)
    transaction.on_commit(lambda: story_search_index(story))
    return story


def _codes(values: list[str], allowed: list[str], name: str) -> list[str]:
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise StoryError("invalid", _("Ukjent valg: %(value)s") % {"value": unknown[0]}, name)
    return [v for v in allowed if v in values]  # one order, no duplicates


@transaction.atomic
def innovation_record_save(*, actor: User, story: Story, data: InnovationData) -> InnovationRecord:
    """Set the story's answers to the innovation barometer (replaces what was there)."""
    if not actor.has_perm("stories.change_story", story):
        raise NotAllowed(_("Du kan ikke endre denne historien."))
    if data.taken_into_use_on and not data.taken_into_use:
        raise StoryError("invalid", _("Oppgi en dato bare når noe er tatt i bruk."), "taken_into_use_on")
    if data.taken_into_use_on and data.taken_into_use_on > timezone.localdate():
        raise StoryError("invalid", _("Datoen kan ikke være fram i tid."), "taken_into_use_on")
    if data.origin not in ["", *Origin.values]:
        raise StoryError("invalid", _("Velg hvor ideen kom fra."), "origin")
    if data.user_involvement not in ["", *UserInvolvement.values]:
        raise StoryError("invalid", _("Velg hvordan brukerne var med."), "user_involvement")
    effects: list[dict[str, str]] = []
    seen: set[str] = set()
    for effect in data.effects:
        kind, level = effect.get("kind", ""), effect.get("level", "")
        if kind not in Effect.values or level not in EffectLevel.values or kind in seen:
            raise StoryError("invalid", _("Ukjent effekt eller nivå."), "effects")
        seen.add(kind)
        effects.append({"kind": kind, "level": level, "figure": str(effect.get("figure", ""))[:300].strip()})
    record, _created = InnovationRecord.objects.select_for_update().get_or_create(story=story)
    record.taken_into_use = data.taken_into_use
    record.taken_into_use_on = data.taken_into_use_on
    record.types = _codes(data.types, InnovationType.values, "types")
    record.core_tasks = data.core_tasks
    record.origin = data.origin
    record.adopted_from = data.adopted_from.strip()[:200] if data.origin in {"adopted", "both"} else ""
    record.initiators = _codes(data.initiators, Actor.values, "initiators")
    record.carriers = _codes(data.carriers, Actor.values, "carriers")
    record.partners = _codes(data.partners, Actor.values, "partners")
    record.user_involvement = data.user_involvement
    record.effects = sorted(effects, key=lambda e: Effect.values.index(e["kind"]))
    record.spread_actively = data.spread_actively
    record.type_codes = f" {' '.join(record.types)} " if record.types else ""
    record.effect_codes = f" {' '.join(e['kind'] for e in record.effects)} " if record.effects else ""
    record.save()
    return record


def attachment_add(*, actor: User, story: Story, upload: Any, title: str) -> StoryAttachment:
    """A PDF, checked by its content (the %PDF header) and size; stored under a random name."""
    if not actor.has_perm("stories.change_story", story):
        raise NotAllowed(_("Du kan ikke endre denne historien."))
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise StoryError("too_large", _("Filen er for stor. Den kan være høyst 10 MB."), "file")
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head != b"%PDF-":
        raise StoryError("not_pdf", _("Filen er ikke en PDF."), "file")
    if story.attachments.count() >= MAX_ATTACHMENTS:
        raise StoryError("too_many", _("En historie kan ha høyst 10 vedlegg."), "file")
    title = (title or "").strip()[:200] or _("Vedlegg")
    return StoryAttachment.objects.create(story=story, file=upload, title=title, size=upload.size)


def image_add(*, actor: User, story: Story, image: Any, alt: str, caption: str = "") -> StoryImage:
    """One more image, already re-encoded under a random name by the form (core.images.reencode_image), with
    its text for screen readers (required) and an optional caption; it goes last."""
    if not actor.has_perm("stories.change_story", story):
        raise NotAllowed(_("Du kan ikke endre denne historien."))
    alt = (alt or "").strip()[:200]
    if not alt:
        raise StoryError("alt_required", _("Beskriv bildet for dem som ikke ser det."), "alt")
    if story.images.count() >= MAX_IMAGES:
        raise StoryError(
            "too_many", _("En historie kan ha høyst 12 bilder i tillegg til hovedbildet."), "image"
        )
    last = story.images.aggregate(last=Max("position"))["last"]
    return StoryImage.objects.create(
        story=story,
        image=image,
        alt=alt,
        caption=(caption or "").strip()[:300],
        position=0 if last is None else last + 1,
    )


def image_remove(*, actor: User, image: StoryImage) -> None:
    if not actor.has_perm("stories.change_story", image.story):
        raise NotAllowed(_("Du kan ikke endre denne historien."))
    image.image.delete(save=False)
    image.delete()


def attachment_remove(*, actor: User, attachment: StoryAttachment) -> None:
    if not actor.has_perm("stories.change_story", attachment.story):
        raise NotAllowed(_("Du kan ikke endre denne historien."))
    attachment.file.delete(save=False)
    attachment.delete()


def story_team(story: Story) -> list[User]:
    """Who hears about reuse: the author and the challenge's active team."""
    people: dict[int, User] = {}
    if story.author is not None:
        people[story.author.pk] = story.author
    if story.challenge_id:
        people.setdefault(story.challenge.owner_id, story.challenge.owner)  # type: ignore[union-attr]
        for membership in Membership.objects.filter(
            challenge_id=story.challenge_id, status=Membership.Status.ACTIVE
        ).select_related("user"):
            people.setdefault(membership.user_id, membership.user)
    return list(people.values())


REUSE_NOTICE = (
    gettext_noop("Noen vil prøve: %(story)s"),
    gettext_noop("%(who)s vil prøve det dere fortalte om. %(note)s"),
)


@transaction.atomic
def reuse_create(*, actor: User, story: Story, who: str, note: str = "") -> Reuse:
    """ "Vi vil prøve dette": record the interest and tell the story's team (in their own language)."""
    if not actor.has_perm("stories.reuse_story", story):
        raise NotAllowed(_("Du kan ikke melde gjenbruk av denne historien."))
    who = who.strip()[:200]
    if not who:
        raise StoryError("required", _("Si hvem dere er."), "who")
    try:
        with transaction.atomic():
            reuse = Reuse.objects.create(
                story=story, user=actor, unit=actor.unit, who=who, note=note.strip()[:2000]
            )
    except IntegrityError:
        raise StoryError("duplicate", _("Du har alt sagt at dere vil prøve dette."), "who") from None
    for person in story_team(story):
        if person.pk == actor.pk:
            continue
        with translation.override(person.language):
            notify(
                user=person,
                title=_(REUSE_NOTICE[0]) % {"story": story.title},
                body=_(REUSE_NOTICE[1]) % {"who": who, "note": reuse.note},
                url=story.get_absolute_url(),
                kind=Kind.TEAM,
                email_template="stories/email/reuse",
                email_context={"story": story.title, "who": who, "note": reuse.note},
            )
    return reuse


@transaction.atomic
def reuse_update(*, actor: User, reuse: Reuse, status: str, note: str) -> Reuse:
    if not actor.has_perm("stories.change_reuse", reuse):
        raise NotAllowed(_("Du kan ikke endre dette."))
    if status not in Reuse.Status.values:
        raise StoryError("invalid", _("Velg en status."), "status")
    reuse.status = status
    reuse.note = note.strip()[:2000]
    reuse.save(update_fields=["status", "note", "updated_at"])
    return reuse


def _plain(text: str) -> str:
    return strip_tags(render_markdown(text))


def story_search_index(story: Story) -> None:
    """Put a published story in the site's search (internal ones for the municipality only); drafts out."""
    from ideverkstedet.search.services import search_index, search_remove

    if not story.is_published:
        search_remove(kind="story", object_id=story.pk)
        return
    body = "\n".join(
        [story.summary, *(_plain(t) for t in (story.problem, story.tried, story.outcome, story.not_worked))]
    )
    search_index(
        kind="story",
        object_id=story.pk,
        title=story.title,
        body=body,
        url=story.get_absolute_url(),
        visibility="public" if story.visibility == Visibility.PUBLIC else "internal",
    )
