"""The innovation unit's desk: requests for help, the conversation about them, and what came of them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ideverkstedet.core.i18n import localized


class Kind(models.Model):
    """What people ask for (method support, facilitation, a course …). Data: the unit edits it in the admin."""

    slug = models.SlugField(_("kortnavn"), max_length=60, unique=True)
    name = models.CharField(_("navn"), max_length=120)
    name_nn = models.CharField(_("navn (nynorsk)"), max_length=120, blank=True)
    name_en = models.CharField(_("navn (engelsk)"), max_length=120, blank=True)
    help_text = models.CharField(_("forklaring"), max_length=300, blank=True)
    help_text_nn = models.CharField(_("forklaring (nynorsk)"), max_length=300, blank=True)
    help_text_en = models.CharField(_("forklaring (engelsk)"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)
    is_active = models.BooleanField(_("i bruk"), default=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("type henvendelse")
        verbose_name_plural = _("typer henvendelser")

    def __str__(self) -> str:
        return localized(self, "name")

    @property
    def label(self) -> str:
        return localized(self, "name")

    @property
    def explanation(self) -> str:
        return localized(self, "help_text")


class Status(models.TextChoices):
    NEW = "new", _("ny")
    REVIEWING = "reviewing", _("under vurdering")
    AGREED = "agreed", _("avtalt")
    IN_PROGRESS = "in_progress", _("pågår")
    CLOSED = "closed", _("avsluttet")
    DECLINED = "declined", _("avslått")
    REFERRED = "referred", _("henvist videre")


OPEN_STATUSES = frozenset({Status.NEW, Status.REVIEWING, Status.AGREED, Status.IN_PROGRESS})
FINAL_STATUSES = frozenset({Status.CLOSED, Status.DECLINED, Status.REFERRED})
# Statuses whose reason the requester must be given.
REASON_STATUSES = frozenset({Status.DECLINED, Status.REFERRED})


class Priority(models.IntegerChoices):
    LOW = 1, _("lav")
    NORMAL = 2, _("normal")
    HIGH = 3, _("høy")


class ReferenceCounter(models.Model):
    """The last reference number given out in a year. Its row is locked while a number is taken (gap-free)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("referanseteller")
        verbose_name_plural = _("referansetellere")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Request(models.Model):
    """A request for help (bestilling), known by a reference people can quote: IV-2026-0042."""

    year = models.PositiveSmallIntegerField(_("år"))
    number = models.PositiveIntegerField(_("nummer"))
    reference = models.CharField(_("referanse"), max_length=20, unique=True)
    kind = models.ForeignKey(Kind, on_delete=models.PROTECT, related_name="requests", verbose_name=_("type"))
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="desk_requests",
        verbose_name=_("bestiller"),
    )
    need = models.TextField(_("behov"), max_length=4000)
    unit = models.ForeignKey(
        "accounts.Unit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="desk_requests",
        verbose_name=_("enhet"),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="desk_requests",
        verbose_name=_("organisasjon"),
    )
    group_name = models.CharField(_("gruppe"), max_length=200, blank=True)
    group_size = models.PositiveSmallIntegerField(_("hvor mange"), null=True, blank=True)
    no_hurry = models.BooleanField(_("ingen hast"), default=False)
    window_start = models.DateField(_("tidligst"), null=True, blank=True)
    window_end = models.DateField(_("senest"), null=True, blank=True)

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW)
    status_reason = models.TextField(_("begrunnelse"), max_length=2000, blank=True)
    agreed = models.TextField(_("hva vi har avtalt"), max_length=4000, blank=True)
    priority = models.PositiveSmallIntegerField(
        _("prioritet"), choices=Priority.choices, default=Priority.NORMAL
    )
    assignees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="desk_assignments", verbose_name=_("rådgivere")
    )

    # Where it was asked from.
    challenge = models.ForeignKey(
        "challenges.Challenge", null=True, blank=True, on_delete=models.SET_NULL, related_name="desk_requests"
    )
    booking = models.ForeignKey(
        "rooms.Booking", null=True, blank=True, on_delete=models.SET_NULL, related_name="desk_requests"
    )
    plan = models.ForeignKey(
        "methods.Plan", null=True, blank=True, on_delete=models.SET_NULL, related_name="desk_requests"
    )
    # What the unit made from it, one step away (tied back by desk.receivers).
    made_booking = models.ForeignKey(
        "rooms.Booking", null=True, blank=True, on_delete=models.SET_NULL, related_name="desk_made_for"
    )
    made_event = models.ForeignKey(
        "events.Event", null=True, blank=True, on_delete=models.SET_NULL, related_name="desk_made_for"
    )
    made_plan = models.ForeignKey(
        "methods.Plan", null=True, blank=True, on_delete=models.SET_NULL, related_name="desk_made_for"
    )

    created_at = models.DateTimeField(_("sendt"), default=timezone.now)
    updated_at = models.DateTimeField(_("endret"), default=timezone.now)
    answer_due = models.DateField(_("svarfrist"))
    first_answer_at = models.DateTimeField(_("første svar"), null=True, blank=True)
    closed_at = models.DateTimeField(_("avsluttet"), null=True, blank=True)

    rating = models.PositiveSmallIntegerField(_("vurdering"), null=True, blank=True)
    rating_comment = models.CharField(_("kommentar til vurderingen"), max_length=500, blank=True)
    rated_at = models.DateTimeField(_("vurdert"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("henvendelse")
        verbose_name_plural = _("henvendelser")
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="desk_request_number_unique_in_year"),
            models.CheckConstraint(condition=Q(number__gte=1), name="desk_request_number_positive"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5), name="desk_rating_1_to_5"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="desk_request_status_idx"),
            models.Index(fields=["requester", "-created_at"], name="desk_request_requester_idx"),
            # The queue's order (desk.selectors.QUEUE_ORDER: waiting for a first answer first, then by the day
            # it is promised), so a page of all requests is read off the index instead of sorted.
            models.Index(
                models.ExpressionWrapper(
                    Q(first_answer_at__isnull=False), output_field=models.BooleanField()
                ),
                models.F("answer_due"),
                models.F("priority").desc(),
                models.F("created_at"),
                models.F("id"),
                name="desk_request_queue_idx",
            ),
            models.Index(fields=["answer_due"], name="desk_request_due_idx"),  # the overdue filter
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("desk:request_detail", args=[self.reference])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today: object = None) -> bool:
        """No answer yet and the promised answer day has passed (in Europe/Oslo)."""
        today = today or timezone.localdate()
        return self.first_answer_at is None and self.is_open and self.answer_due < today  # type: ignore[operator]


class Message(models.Model):
    """One entry in a request's conversation. An internal note is for the unit only, never the requester."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="desk_messages",
        verbose_name=_("fra"),
    )
    body = models.TextField(_("tekst"), max_length=8000)
    is_internal = models.BooleanField(_("intern merknad"), default=False)
    created_at = models.DateTimeField(_("skrevet"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("melding")
        verbose_name_plural = _("meldinger")
        indexes = [models.Index(fields=["request", "created_at"], name="desk_message_request_idx")]

    def __str__(self) -> str:
        return f"{self.request} #{self.pk}"


def attachment_path(instance: Attachment, filename: str) -> str:
    # The stored name is random: nothing a person typed ends up in a path or URL.
    return f"desk/{instance.token}.{filename.rsplit('.', 1)[-1]}"


class Attachment(models.Model):
    """A file sent with a request: a re-encoded image or a checked PDF, stored under a random name."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="attachments")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="desk_attachments"
    )
    token = models.CharField(max_length=40, unique=True)
    file = models.FileField(_("fil"), upload_to=attachment_path)
    name = models.CharField(_("filnavn"), max_length=120)  # neutral: vedlegg-1.pdf (desk.files)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("vedlegg")
        verbose_name_plural = _("vedlegg")

    def __str__(self) -> str:
        return self.name

    @property
    def format_label(self) -> str:
        """What kind of file it is, as people say it: PDF, JPEG, PNG."""
        return FORMAT_LABELS.get(self.content_type, self.content_type.rsplit("/", 1)[-1].upper())


FORMAT_LABELS = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}


class DigestSent(models.Model):
    """One daily digest per adviser and day, so a sweep that runs often sends it once."""

    adviser = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["adviser", "day"], name="desk_digest_once_a_day")]

    def __str__(self) -> str:
        return f"{self.adviser_id} {self.day}"
