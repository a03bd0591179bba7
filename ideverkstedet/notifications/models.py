from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("varsel")
        verbose_name_plural = _("varsler")
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread_idx")]

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
