"""Stories (historier): what a team tried and learned, its innovation record, and who reuses it.

A story is a draft only its team sees until it is published, internally (the municipality's people) or
publicly. Its innovation record answers KS's innovasjonsbarometer from the municipality's own data.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ideverkstedet.accounts.models import ServiceArea, Unit
from ideverkstedet.stories.innovation import Origin, UserInvolvement


class Visibility(models.TextChoices):
    INTERNAL = "internal", _("Intern: bare for kommunens ansatte")
    PUBLIC = "public", _("Åpen: alle kan lese")


class StoryQuerySet(models.QuerySet["Story"]):
    def published(self) -> StoryQuerySet:
        return self.filter(published_at__isnull=False)

    def public(self) -> StoryQuerySet:
        return self.filter(published_at__isnull=False, visibility=Visibility.PUBLIC)


class Story(models.Model):
    title = models.CharField(_("tittel"), max_length=200)
    slug = models.SlugField(_("kortnavn"), max_length=220, unique=True)
    summary = models.CharField(
        _("kort sammendrag"), max_length=300, help_text=_("Én eller to setninger som vises i lister.")
    )
    problem = models.TextField(_("problemet"), help_text=_("Hva ville dere løse, og for hvem? Markdown."))
    tried = models.TextField(_("hva vi prøvde"), help_text=_("Metoder, verksteder, tester. Markdown."))
    outcome = models.TextField(_("hva det ble til"), blank=True, help_text=_("Markdown."))
    not_worked = models.TextField(
        _("hva som ikke virket"),
        blank=True,
        help_text=_("Det andre kan lære mest av. Markdown."),
    )
    next_steps = models.TextField(_("veien videre"), blank=True, help_text=_("Markdown."))
    challenge = models.ForeignKey(
        "challenges.Challenge",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stories",
        verbose_name=_("utfordring"),
    )
    methods = models.ManyToManyField(
        "methods.Method", blank=True, related_name="stories", verbose_name=_("metoder vi brukte")
    )
    events = models.ManyToManyField(
        "events.Event", blank=True, related_name="stories", verbose_name=_("kurs og verksteder")
    )
    service_areas = models.ManyToManyField(
        ServiceArea, blank=True, related_name="stories", verbose_name=_("tjenesteområder")
    )
    unit = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stories",
        verbose_name=_("enhet"),
    )
    partners = models.CharField(_("samarbeidspartnere"), max_length=300, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="stories_written",
        verbose_name=_("skrevet av"),
    )
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stories_as_contact",
        verbose_name=_("kontaktperson"),
    )
    image = models.ImageField(_("bilde"), upload_to="stories/%Y/", blank=True)
    image_alt = models.CharField(_("bildetekst for skjermlesere"), max_length=200, blank=True)
    visibility = models.CharField(
        _("synlighet"), max_length=10, choices=Visibility.choices, default=Visibility.INTERNAL
    )
    published_at = models.DateTimeField(_("publisert"), null=True, blank=True)
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)
    updated_at = models.DateTimeField(_("endret"), auto_now=True)

    objects = StoryQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("historie")
        verbose_name_plural = _("historier")
        indexes = [
            models.Index(fields=["visibility", "-published_at", "-id"], name="story_list_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(image="") | ~Q(image_alt=""), name="story_image_has_alt_text"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("stories:detail", args=[self.slug])

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def is_public(self) -> bool:
        return self.is_published and self.visibility == Visibility.PUBLIC


class InnovationRecord(models.Model):
    """The story's answers to KS's innovasjonsbarometer. Multi-valued answers are lists of choice codes
    (`innovation.InnovationType`, `innovation.Actor`); `effects` is a list of {"kind", "level", "figure"}."""

    story = models.OneToOneField(Story, on_delete=models.CASCADE, related_name="innovation")
    taken_into_use = models.BooleanField(
        _("noe nytt eller vesentlig endret er tatt i bruk"),
        default=False,
        help_text=_("Også historier om det som ikke ble tatt i bruk er verdifulle."),
    )
    taken_into_use_on = models.DateField(_("tatt i bruk fra"), null=True, blank=True)
    types = models.JSONField(_("type innovasjon"), default=list, blank=True)
    core_tasks = models.BooleanField(_("berører kjerneoppgaver"), default=False)
    origin = models.CharField(_("hvor ideen kom fra"), max_length=10, choices=Origin.choices, blank=True)
    adopted_from = models.CharField(_("hentet fra hvem"), max_length=200, blank=True)
    initiators = models.JSONField(_("hvem tok initiativet"), default=list, blank=True)
    carriers = models.JSONField(_("hvem gjennomførte"), default=list, blank=True)
    partners = models.JSONField(_("hvem samarbeidet vi med"), default=list, blank=True)
    user_involvement = models.CharField(
        _("hvordan brukerne var med"), max_length=12, choices=UserInvolvement.choices, blank=True
    )
    effects = models.JSONField(_("effekter"), default=list, blank=True)
    spread_actively = models.BooleanField(_("vi har aktivt spredt den til andre"), default=False)
    # " service process " and " quality costs ": the lists' filters as plain text, since SQLite cannot search
    # inside JSON. Written only by services.innovation_record_save.
    type_codes = models.CharField(max_length=200, blank=True, editable=False)
    effect_codes = models.CharField(max_length=200, blank=True, editable=False)

    class Meta:
        verbose_name = _("innovasjonsopplysninger")
        verbose_name_plural = _("innovasjonsopplysninger")
        constraints = [
            models.CheckConstraint(
                condition=Q(taken_into_use=True) | Q(taken_into_use_on__isnull=True),
                name="innovation_date_only_when_in_use",
            ),
        ]

    def __str__(self) -> str:
        return str(self.story)


def _attachment_path(instance: StoryAttachment, filename: str) -> str:
    # A random name: the uploaded name may hold personal data, and guessable names invite enumeration.
    return f"stories/files/{secrets.token_hex(16)}.pdf"


class StoryAttachment(models.Model):
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("tittel"), max_length=200)
    file = models.FileField(_("fil (PDF)"), upload_to=_attachment_path)
    size = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        verbose_name = _("vedlegg")
        verbose_name_plural = _("vedlegg")

    def __str__(self) -> str:
        return self.title


class StoryImage(models.Model):
    """One more image in a story, after its main image: re-encoded on upload (core.images), kept under a random
    name, always with a text for those who cannot see it, shown in the order they were added (`position`)."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(_("bilde"), upload_to="stories/images/%Y/")
    alt = models.CharField(_("bildetekst for skjermlesere"), max_length=200)
    caption = models.CharField(_("bildetekst under bildet"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("bilde")
        verbose_name_plural = _("bilder")
        constraints = [models.CheckConstraint(condition=~Q(alt=""), name="story_image_alt_required")]

    def __str__(self) -> str:
        return self.alt


class Reuse(models.Model):
    """Someone who wants to try what a story tells about ("Vi vil prøve dette"). Counts as spreading."""

    class Status(models.TextChoices):
        INTERESTED = "interested", _("Interessert")
        TRYING = "trying", _("Prøver ut")
        IN_USE = "in_use", _("Tatt i bruk")

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="reuses")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="story_reuses"
    )
    # Where they work, kept when the person leaves (the statistics count units, not people).
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    who = models.CharField(
        _("hvem dere er"), max_length=200, help_text=_("For eksempel enheten eller laget dere hører til.")
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.INTERESTED)
    note = models.TextField(_("notat"), blank=True, max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("gjenbruk")
        verbose_name_plural = _("gjenbruk")
        constraints = [
            models.UniqueConstraint(
                fields=["story", "user"], condition=Q(user__isnull=False), name="reuse_once_per_person"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.who}: {self.story}"
