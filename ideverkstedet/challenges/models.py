"""Challenges (utfordringer), their team, phases, insight, ideas, cheers, comments, follows and moderation.

A challenge belongs to a service's team. It moves through phases that are data (Møte → Tenke → Skape → Dele by
default). While it is open for input, people give ideas and comments; citizens may post anonymously to others,
but the platform keeps the account for moderation and never shows it.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ideverkstedet.accounts.models import Organisation, ServiceArea, Unit
from ideverkstedet.core.i18n import localized
from ideverkstedet.core.images import PictureField


class Phase(models.Model):
    """A step of the process. The unit can rename and reorder them in the admin."""

    name = models.CharField(_("navn (bokmål)"), max_length=60)
    name_nn = models.CharField(_("navn (nynorsk)"), max_length=60, blank=True)
    name_en = models.CharField(_("navn (engelsk)"), max_length=60, blank=True)
    slug = models.SlugField(_("kortnavn"), max_length=40, unique=True)
    description = models.CharField(_("forklaring (bokmål)"), max_length=300, blank=True)
    description_nn = models.CharField(_("forklaring (nynorsk)"), max_length=300, blank=True)
    description_en = models.CharField(_("forklaring (engelsk)"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("fase")
        verbose_name_plural = _("faser")

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """The name in the active language."""
        return localized(self, "name")

    @property
    def explanation(self) -> str:
        return localized(self, "description")


class Tag(models.Model):
    name = models.CharField(_("navn"), max_length=60, unique=True)
    slug = models.SlugField(_("kortnavn"), max_length=80, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("stikkord")
        verbose_name_plural = _("stikkord")

    def __str__(self) -> str:
        return self.name


class Visibility(models.TextChoices):
    INTERNAL = "internal", _("Intern: bare for kommunens ansatte")
    PUBLIC = "public", _("Åpen: alle kan lese")


class Audience(models.TextChoices):
    EMPLOYEES = "employees", _("Ansatte i kommunen")
    EVERYONE = "everyone", _("Alle, også innbyggere")


def input_state(opens_at: datetime | None, closes_at: datetime | None, now: datetime) -> str:
    """The input window at `now` (for objects and plain rows): "none", "upcoming", "open" or "closed"."""
    if not opens_at or not closes_at:
        return "none"
    return "upcoming" if now < opens_at else "open" if now < closes_at else "closed"


class Challenge(models.Model):
    title = models.CharField(_("tittel"), max_length=200)
    slug = models.SlugField(_("kortnavn"), max_length=220, unique=True)
    summary = models.CharField(
        _("kort sammendrag"),
        max_length=300,
        blank=True,
        help_text=_("Én eller to setninger som vises i lister."),
    )
    description = models.TextField(
        _("beskrivelse"), help_text=_("Hva er utfordringen, og for hvem? Du kan bruke Markdown.")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_challenges",
        verbose_name=_("eier"),
    )
    unit = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="challenges",
        verbose_name=_("enhet"),
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="challenges",
        verbose_name=_("organisasjon"),
    )
    service_areas = models.ManyToManyField(
        ServiceArea, blank=True, related_name="challenges", verbose_name=_("tjenesteområder")
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="challenges", verbose_name=_("stikkord"))
    image = PictureField(_("bilde"), upload_to="challenges/%Y/", blank=True)
    image_alt = models.CharField(_("bildetekst for skjermlesere"), max_length=200, blank=True)
    visibility = models.CharField(
        _("synlighet"), max_length=10, choices=Visibility.choices, default=Visibility.INTERNAL
    )
    phase = models.ForeignKey(
        Phase, on_delete=models.PROTECT, related_name="challenges", verbose_name=_("fase")
    )
    # Open for input
    input_opens_at = models.DateTimeField(_("åpen for innspill fra"), null=True, blank=True)
    input_closes_at = models.DateTimeField(_("åpen for innspill til"), null=True, blank=True)
    input_question = models.CharField(_("spørsmålet dere stiller"), max_length=300, blank=True)
    input_audience = models.CharField(
        _("hvem kan gi innspill"), max_length=10, choices=Audience.choices, default=Audience.EMPLOYEES
    )
    outcome = models.TextField(
        _("hva skjedde videre"),
        blank=True,
        help_text=_("Fortell dem som ga innspill hva dere gjorde med dem."),
    )
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)
    updated_at = models.DateTimeField(_("endret"), auto_now=True)
    # Kept in step by the services under a row lock, so lists need no counting joins.
    idea_count = models.PositiveIntegerField(default=0, editable=False)
    comment_count = models.PositiveIntegerField(default=0, editable=False)
    # Set when another team's challenge absorbed this one (challenges/joining.py): read-only, links on.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="joined_from", editable=False
    )
    merged_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("utfordring")
        verbose_name_plural = _("utfordringer")
        indexes = [
            # The lists' order (-updated_at, -id), alone and behind their most common filters.
            models.Index(fields=["-updated_at", "-id"], name="challenge_recent_idx"),
            models.Index(fields=["visibility", "-updated_at", "-id"], name="challenge_visible_idx"),
            # The lists count what anonymous callers see (public, not merged) from this index alone.
            models.Index(fields=["visibility", "merged_into"], name="challenge_visible_kept_idx"),
            models.Index(fields=["phase", "-updated_at", "-id"], name="challenge_phase_idx"),
            models.Index(fields=["input_closes_at"], name="challenge_input_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(input_opens_at__isnull=True)
                | Q(input_closes_at__isnull=True)
                | Q(input_closes_at__gt=models.F("input_opens_at")),
                name="challenge_input_window_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("challenges:detail", args=[self.slug])

    @property
    def is_public(self) -> bool:
        return self.visibility == Visibility.PUBLIC

    def input_state(self, now: datetime | None = None) -> str:
        """ "none" (never opened), "upcoming", "open" or "closed"."""
        return input_state(self.input_opens_at, self.input_closes_at, now or timezone.now())

    @property
    def is_open_for_input(self) -> bool:
        return self.input_state() == "open"


class Membership(models.Model):
    """A person on a challenge's team, or asking to join it (invitations are TeamInvitation, by address)."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Har bedt om å bli med")
        ACTIVE = "active", _("Med på laget")

    challenge = models.ForeignKey(
        Challenge, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("utfordring")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="challenge_memberships",
        verbose_name=_("person"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.CharField(_("melding"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("medlem av laget")
        verbose_name_plural = _("medlemmer av laget")
        constraints = [
            models.UniqueConstraint(fields=["challenge", "user"], name="membership_unique"),
        ]
        indexes = [models.Index(fields=["user", "status"], name="membership_user_idx")]

    def __str__(self) -> str:
        return f"{self.user} – {self.challenge}"


class PhaseChange(models.Model):
    """One step in a challenge's visible history."""

    challenge = models.ForeignKey(
        Challenge, on_delete=models.CASCADE, related_name="phase_changes", verbose_name=_("utfordring")
    )
    from_phase = models.ForeignKey(Phase, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    to_phase = models.ForeignKey(Phase, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("kort notat"), max_length=500, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(_("tidspunkt"), default=timezone.now)

    class Meta:
        ordering = ["changed_at", "id"]
        verbose_name = _("faseskifte")
        verbose_name_plural = _("faseskifter")

    def __str__(self) -> str:
        return f"{self.challenge_id}: {self.to_phase_id}"


class Insight(models.Model):
    """A note of what the team learned: an interview, an observation, some data. Never personal data."""

    class Kind(models.TextChoices):
        INTERVIEW = "interview", _("Intervju")
        OBSERVATION = "observation", _("Observasjon")
        DATA = "data", _("Data og tall")
        OTHER = "other", _("Annet")

    challenge = models.ForeignKey(
        Challenge, on_delete=models.CASCADE, related_name="insights", verbose_name=_("utfordring")
    )
    kind = models.CharField(_("type innsikt"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("overskrift"), max_length=200)
    body = models.TextField(_("hva dere fant ut"))
    source = models.CharField(
        _("kilde"),
        max_length=200,
        help_text=_("For eksempel «tre foreldre i barnehagekøen» – ikke navn på personer."),
    )
    observed_on = models.DateField(_("dato"))
    method = models.CharField(_("metode"), max_length=200, blank=True)
    is_shareable = models.BooleanField(
        _("kan deles"),
        default=False,
        help_text=_("Delbar innsikt kan leses av alle som kan se utfordringen. Ellers ser bare laget den."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("skrevet av"),
    )
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)
    moved_from = models.ForeignKey(  # the challenge it came from when two were joined
        Challenge, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        ordering = ["-observed_on", "-id"]
        verbose_name = _("innsikt")
        verbose_name_plural = _("innsikt")

    def __str__(self) -> str:
        return self.title


class IdeaStatus(models.TextChoices):
    NEW = "new", _("Ny")
    CONSIDERING = "considering", _("Vurderes")
    TESTING = "testing", _("Testes")
    IMPLEMENTED = "implemented", _("Innført")
    SET_ASIDE = "set_aside", _("Lagt til side")


class Post(models.Model):
    """What ideas and comments share: an author who may be anonymous to others, and moderation."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("forfatter")
    )
    is_anonymous = models.BooleanField(
        _("vis meg som anonym"),
        default=False,
        help_text=_(
            "Andre ser ikke navnet ditt. Innovasjonsenheten kan se hvem du er hvis innlegget blir meldt."
        ),
    )
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)
    hidden_at = models.DateTimeField(_("skjult"), null=True, blank=True)
    hidden_reason = models.CharField(_("grunn til at det er skjult"), max_length=500, blank=True)

    class Meta:
        abstract = True

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class Idea(Post):
    challenge = models.ForeignKey(
        Challenge, on_delete=models.CASCADE, related_name="ideas", verbose_name=_("utfordring")
    )
    title = models.CharField(_("tittel"), max_length=200)
    description = models.TextField(_("beskrivelse"), help_text=_("Hva er idéen, og hva ville den løst?"))
    image = models.ImageField(_("bilde"), upload_to="ideas/%Y/", blank=True)
    image_alt = models.CharField(_("bildetekst for skjermlesere"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=IdeaStatus.choices, default=IdeaStatus.NEW)
    status_note = models.TextField(_("forklaring av status"), blank=True)
    status_changed_at = models.DateTimeField(_("status endret"), null=True, blank=True)
    cheer_count = models.PositiveIntegerField(default=0, editable=False)
    comment_count = models.PositiveIntegerField(default=0, editable=False)
    # A duplicate merged into another idea stays readable and links on (challenges/merging.py).
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_from", editable=False
    )
    moved_from = models.ForeignKey(  # the challenge it came from when two were joined
        Challenge, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("idé")
        verbose_name_plural = _("ideer")
        indexes = [
            models.Index(fields=["challenge", "-created_at"], name="idea_challenge_idx"),
            models.Index(fields=["author"], name="idea_author_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        # Lists set "_url" for a page of ideas at once (selectors.prepare_ideas): reversing costs per row.
        return self.__dict__.get("_url") or reverse("challenges:idea", args=[self.challenge.slug, self.pk])

    @property
    def cheer_url(self) -> str:
        return self.get_absolute_url() + "heia/"

    @property
    def headline(self) -> str:
        return self.title

    @property
    def text(self) -> str:
        return self.description


class Cheer(models.Model):
    """Heia! One per person and idea, held by a unique constraint."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="cheers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cheers")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("heiarop")
        verbose_name_plural = _("heiarop")
        constraints = [models.UniqueConstraint(fields=["idea", "user"], name="cheer_one_per_person")]

    def __str__(self) -> str:
        return f"{self.idea_id}"


class Comment(Post):
    """A comment on a challenge or an idea, or a reply to one (one level deep)."""

    challenge = models.ForeignKey(
        Challenge, on_delete=models.CASCADE, related_name="comments", verbose_name=_("utfordring")
    )
    idea = models.ForeignKey(
        Idea, null=True, blank=True, on_delete=models.CASCADE, related_name="comments", verbose_name=_("idé")
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
        verbose_name=_("svar på"),
    )
    body = models.TextField(_("kommentar"))

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("kommentar")
        verbose_name_plural = _("kommentarer")
        indexes = [
            models.Index(fields=["challenge", "idea", "created_at"], name="comment_target_idx"),
            models.Index(fields=["author"], name="comment_author_idx"),
        ]

    def __str__(self) -> str:
        return self.body[:60]

    def get_absolute_url(self) -> str:
        if self.idea is not None:
            return f"{self.idea.get_absolute_url()}#kommentar-{self.pk}"
        # The challenge page shows its conversation a page at a time: `kommentar` opens the page with this one.
        return f"{self.challenge.get_absolute_url()}?kommentar={self.pk}#kommentar-{self.pk}"

    @property
    def headline(self) -> str:
        return ""

    @property
    def text(self) -> str:
        return self.body


class Follow(models.Model):
    """Someone who wants to hear about a challenge or an idea."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    challenge = models.ForeignKey(
        Challenge, null=True, blank=True, on_delete=models.CASCADE, related_name="follows"
    )
    idea = models.ForeignKey(Idea, null=True, blank=True, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("følger")
        verbose_name_plural = _("følgere")
        constraints = [
            models.CheckConstraint(
                condition=(Q(challenge__isnull=False) & Q(idea__isnull=True))
                | (Q(challenge__isnull=True) & Q(idea__isnull=False)),
                name="follow_one_target",
            ),
            models.UniqueConstraint(
                fields=["user", "challenge"],
                condition=Q(challenge__isnull=False),
                name="follow_challenge_unique",
            ),
            models.UniqueConstraint(
                fields=["user", "idea"], condition=Q(idea__isnull=False), name="follow_idea_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.challenge_id or ''}/{self.idea_id or ''}"


class Report(models.Model):
    """Someone says an idea or a comment breaks the rules. Advisors decide."""

    class Reason(models.TextChoices):
        OFFENSIVE = "offensive", _("Krenkende eller hets")
        PERSONAL = "personal", _("Inneholder personopplysninger")
        SPAM = "spam", _("Reklame eller spam")
        OFF_TOPIC = "off_topic", _("Hører ikke hjemme her")
        OTHER = "other", _("Annet")

    class Decision(models.TextChoices):
        PENDING = "pending", _("Venter")
        HIDDEN = "hidden", _("Skjult")
        KEPT = "kept", _("Beholdt")

    idea = models.ForeignKey(Idea, null=True, blank=True, on_delete=models.CASCADE, related_name="reports")
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("meldt av"),
    )
    reason = models.CharField(_("grunn"), max_length=12, choices=Reason.choices)
    details = models.CharField(_("utdyping"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("meldt"), default=timezone.now)
    decision = models.CharField(
        _("avgjørelse"), max_length=8, choices=Decision.choices, default=Decision.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("melding om innhold")
        verbose_name_plural = _("meldinger om innhold")
        constraints = [
            models.CheckConstraint(
                condition=(Q(idea__isnull=False) & Q(comment__isnull=True))
                | (Q(idea__isnull=True) & Q(comment__isnull=False)),
                name="report_one_target",
            ),
        ]
        indexes = [models.Index(fields=["decision", "created_at"], name="report_queue_idx")]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} ({self.created_at:%Y-%m-%d})"

    @property
    def post(self) -> Idea | Comment:
        return self.idea if self.idea_id else self.comment  # type: ignore[return-value]


class PostingBlock(models.Model):
    """An account an advisor has stopped from posting. Lifting it keeps the row for the record."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="posting_blocks",
        verbose_name=_("person"),
    )
    reason = models.CharField(_("grunn"), max_length=500)
    blocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("sperret av"),
    )
    blocked_at = models.DateTimeField(_("sperret"), default=timezone.now)
    lifted_at = models.DateTimeField(_("opphevet"), null=True, blank=True)
    # The post that led to the block. Blocks made from a post are one per post, so blocking the author of an
    # anonymous post always adds a row and answers the same, whoever wrote it (nothing to compare).
    idea = models.ForeignKey(
        "Idea", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("idé")
    )
    comment = models.ForeignKey(
        "Comment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("kommentar"),
    )

    class Meta:
        ordering = ["-blocked_at"]
        verbose_name = _("sperring")
        verbose_name_plural = _("sperringer")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(lifted_at__isnull=True, idea__isnull=True, comment__isnull=True),
                name="posting_block_one_active",
            ),
            models.UniqueConstraint(
                fields=["user", "idea"],
                condition=Q(lifted_at__isnull=True, idea__isnull=False),
                name="posting_block_one_active_per_idea",
            ),
            models.UniqueConstraint(
                fields=["user", "comment"],
                condition=Q(lifted_at__isnull=True, comment__isnull=False),
                name="posting_block_one_active_per_comment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.blocked_at:%Y-%m-%d}"


# The records of merges and joins live in their own module; imported here so Django sees them.
from ideverkstedet.challenges.models_invitations import TeamInvitation  # noqa: E402
from ideverkstedet.challenges.models_joining import IdeaMerge, JoinProposal, MergeMove  # noqa: E402

__all__ = ["IdeaMerge", "JoinProposal", "MergeMove", "TeamInvitation"]
