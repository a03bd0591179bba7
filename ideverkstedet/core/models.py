"""The audit log: who did what to which object, when and why."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One staff or security-relevant action. Written only through core.audit.audit_record()."""

    at = models.DateTimeField(_("tidspunkt"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries",
        verbose_name=_("utført av"),
    )
    action = models.CharField(_("handling"), max_length=100, db_index=True)
    target_type = models.CharField(_("objekttype"), max_length=100, blank=True)
    target_id = models.CharField(_("objekt-ID"), max_length=64, blank=True)
    target_repr = models.CharField(_("objekt"), max_length=200, blank=True)
    reason = models.TextField(_("begrunnelse"), blank=True)
    data = models.JSONField(_("detaljer"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("revisjonslogg-oppføring")
        verbose_name_plural = _("revisjonslogg")
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"


class RateLimitHit(models.Model):
    """One counted action (a sign-up, a post) for rate limiting, shared by every app server.

    `key` is a hash (e.g. of the client address and the action), never the address itself.
    """

    key = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("treff i hastighetsgrense")
        verbose_name_plural = _("treff i hastighetsgrenser")

    def __str__(self) -> str:
        return f"{self.key[:8]} {self.at:%Y-%m-%d %H:%M}"


class FragmentVersion(models.Model):
    """A counter per group of cached page fragments (core/fragments.py), raised in the same transaction as any
    change to what the group shows: a fragment is cached under the version it was built from, so a reader sees
    the new state as soon as the change is committed, on every worker and every app server."""

    name = models.CharField(max_length=50, primary_key=True)
    version = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name} {self.version}"
