"""Invitations to a challenge's team, made to an email address as the team typed it.

An invitation is made the same way whoever has the address: nobody yet, an account that may join, someone
already on the team, a citizen when the challenge is internal. The team's page lists it by that address until
it is answered, withdrawn or expires, so the team never learns whether or whose the account is. The person who
holds the address (a verified account, now or after signing up) sees it on their pages and answers it there.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ideverkstedet.challenges.models import Challenge

INVITATION_LIFETIME = timedelta(days=30)


def invitation_expiry() -> datetime:
    return timezone.now() + INVITATION_LIFETIME


class TeamInvitation(models.Model):
    """One open invitation; answering, withdrawing or expiring removes the row (the audit log keeps the act)."""

    challenge = models.ForeignKey(
        Challenge, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("utfordring")
    )
    # Lower-cased when made; compared with the account's address lower-cased.
    email = models.EmailField(_("e-postadresse"), max_length=254)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("invitert av"),
    )
    created_at = models.DateTimeField(_("invitert"), default=timezone.now)
    expires_at = models.DateTimeField(_("gjelder til"), default=invitation_expiry)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("invitasjon til laget")
        verbose_name_plural = _("invitasjoner til laget")
        constraints = [
            models.UniqueConstraint(fields=["challenge", "email"], name="team_invitation_one_per_address"),
        ]
        indexes = [
            models.Index(fields=["email", "expires_at"], name="team_invitation_email_idx"),
            models.Index(fields=["expires_at"], name="team_invitation_expiry_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.challenge_id}: {self.created_at:%Y-%m-%d}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()
