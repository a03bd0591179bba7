from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """The groups a person chooses email for. Every notice has one; in-app notices always come."""

    BOOKINGS = "bookings", _("Bookinger")
    EVENTS = "events", _("Kurs og arrangementer")
    FOLLOWING = "following", _("Utfordringer og ideer du følger")
    TEAM = "team", _("Lagarbeid")
    MODERATION = "moderation", _("Moderering")
    DESK = "desk", _("Be om hjelp")


class Notification(models.Model):
    """An in-app notice for one person, shown on their notification list."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("mottaker"),
    )
    title = models.CharField(_("tittel"), max_length=200)
    body = models.TextField(_("tekst"), blank=True)
    url = models.CharField(_("lenke"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)
    read_at = models.DateTimeField(_("lest"), null=True, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, blank=True)
    # Waits for the person's daily digest email (they chose one email a day instead of one each).
    digest_due = models.BooleanField(_("venter på dagens samle-e-post"), default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("varsel")
        verbose_name_plural = _("varsler")
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_unread_idx"),
            models.Index(
                fields=["user", "created_at"],
                condition=models.Q(digest_due=True),
                name="notification_digest_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class OutgoingEmail(models.Model):
    """An email as it will be sent, stored before sending so that a failing mail server loses nothing.

    Written in the same transaction as the change that caused it; a task delivers it after commit and tries
    again with growing pauses until it is sent or EMAIL_MAX_ATTEMPTS is reached.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("i kø")
        SENT = "sent", _("sendt")
        FAILED = "failed", _("feilet")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outgoing_emails",
        verbose_name=_("mottaker (bruker)"),
    )
    to = models.EmailField(_("til"))
    subject = models.CharField(_("emne"), max_length=255)
    body_text = models.TextField(_("tekst"))
    body_html = models.TextField(_("HTML"), blank=True)
    attachments = models.JSONField(_("vedlegg"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("forsøk"), default=0)
    last_error = models.TextField(_("siste feil"), blank=True)
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("utgående e-post")
        verbose_name_plural = _("utgående e-post")
        indexes = [models.Index(fields=["status", "created_at"], name="outgoing_email_status_idx")]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"


class EmailSettings(models.Model):
    """What a person wants by email: per kind on or off, and each notice at once or one email a day.

    No row means the defaults (every kind on, one email each). In-app notices are not affected.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="email_settings",
        verbose_name=_("person"),
    )
    bookings = models.BooleanField(Kind.BOOKINGS.label, default=True)
    events = models.BooleanField(Kind.EVENTS.label, default=True)
    following = models.BooleanField(Kind.FOLLOWING.label, default=True)
    team = models.BooleanField(Kind.TEAM.label, default=True)
    moderation = models.BooleanField(Kind.MODERATION.label, default=True)
    desk = models.BooleanField(Kind.DESK.label, default=True)
    daily_digest = models.BooleanField(_("én e-post om dagen"), default=False)
    digest_sent_on = models.DateField(_("siste samle-e-post"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-postvalg")
        verbose_name_plural = _("e-postvalg")

    def __str__(self) -> str:
        return str(self.user)

    def wants_email(self, kind: str) -> bool:
        """Email for this kind of notice? A notice without a kind (or an unknown one) always goes."""
        return bool(getattr(self, kind, True)) if kind in Kind.values else True
