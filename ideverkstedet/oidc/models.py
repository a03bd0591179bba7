"""Which of our sessions came from which provider session, so back-channel logout can end them."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ProviderSession(models.Model):
    """One login through a provider: our session key and the provider's session id (`sid`) and `sub`.

    Written at login and removed at logout; a back-channel logout token names `sid` (or `sub`) and we end
    every session of ours that it covers.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="provider_sessions",
        verbose_name=_("bruker"),
    )
    provider = models.CharField(_("innlogging"), max_length=50)
    sid = models.CharField(max_length=255, blank=True)
    subject = models.CharField(max_length=255)
    session_key = models.CharField(max_length=40)
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)

    class Meta:
        verbose_name = _("innloggingsøkt")
        verbose_name_plural = _("innloggingsøkter")
        indexes = [
            models.Index(fields=["provider", "sid"], name="oidc_session_provider_sid"),
            models.Index(fields=["provider", "subject"], name="oidc_session_provider_sub"),
            models.Index(fields=["session_key"], name="oidc_session_key"),
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.created_at:%Y-%m-%d %H:%M}"
