"""Records of joining forces: ideas merged into one (with what an undo needs) and proposals to join challenges.

A merge keeps, per person, whose cheer and whose follow moved from which duplicate, and whether the person
already had one on the kept idea (then the duplicate's row was dropped, so nobody counts twice). An undo puts
exactly those rows back. A join proposal is the question one team asks another and, once answered, the record
of what was decided and why.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ideverkstedet.challenges.models import Challenge, Idea

UNDO_DAYS = 30


class IdeaMerge(models.Model):
    """Duplicates merged into one kept idea, with the public reason."""

    challenge = models.ForeignKey(
        Challenge, on_delete=models.CASCADE, related_name="idea_merges", verbose_name=_("utfordring")
    )
    kept = models.ForeignKey(
        Idea, on_delete=models.CASCADE, related_name="merges_received", verbose_name=_("idéen som beholdes")
    )
    duplicates = models.ManyToManyField(
        Idea, related_name="merges_as_duplicate", verbose_name=_("duplikater")
    )
    reason = models.CharField(_("begrunnelse"), max_length=500)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    merged_at = models.DateTimeField(_("slått sammen"), default=timezone.now)
    undone_at = models.DateTimeField(_("angret"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    undo_reason = models.CharField(_("begrunnelse for angring"), max_length=500, blank=True)

    class Meta:
        ordering = ["-merged_at", "-id"]
        verbose_name = _("sammenslåing av ideer")
        verbose_name_plural = _("sammenslåinger av ideer")

    def __str__(self) -> str:
        return f"{self.kept_id} ({self.merged_at:%Y-%m-%d})"

    @property
    def is_undone(self) -> bool:
        return self.undone_at is not None

    def undo_deadline(self) -> datetime:
        return self.merged_at + timedelta(days=UNDO_DAYS)


class MergeMove(models.Model):
    """One person's cheer or follow on one duplicate, as it was before the merge."""

    class Kind(models.TextChoices):
        CHEER = "cheer", _("Heiarop")
        FOLLOW = "follow", _("Følger")

    merge = models.ForeignKey(IdeaMerge, on_delete=models.CASCADE, related_name="moves")
    duplicate = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=6, choices=Kind.choices)
    # True: the row moved to the kept idea. False: the person already had one there; the duplicate's row went.
    moved = models.BooleanField()
    created_at = models.DateTimeField()  # when the person cheered or started following the duplicate

    class Meta:
        verbose_name = _("flyttet heiarop eller følger")
        verbose_name_plural = _("flyttede heiarop og følgere")
        constraints = [
            models.UniqueConstraint(fields=["merge", "duplicate", "user", "kind"], name="merge_move_once"),
        ]

    def __str__(self) -> str:
        return f"{self.merge_id}: {self.kind} {self.duplicate_id}"


class JoinProposal(models.Model):
    """'Vi har samme utfordring': one team asks another to join their challenges into one."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Venter på svar")
        ACCEPTED = "accepted", _("Godtatt")
        DECLINED = "declined", _("Avslått")
        WITHDRAWN = "withdrawn", _("Trukket tilbake")

    class Keep(models.TextChoices):
        TARGET = "target", _("Behold deres utfordring")
        SOURCE = "source", _("Behold vår utfordring")

    source = models.ForeignKey(
        Challenge, on_delete=models.CASCADE, related_name="join_proposals_made", verbose_name=_("fra")
    )
    target = models.ForeignKey(
        Challenge, on_delete=models.CASCADE, related_name="join_proposals_received", verbose_name=_("til")
    )
    keep = models.CharField(_("hvilken utfordring beholdes"), max_length=6, choices=Keep.choices)
    message = models.CharField(_("hvorfor"), max_length=1000)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("foreslått"), default=timezone.now)
    status = models.CharField(_("status"), max_length=9, choices=Status.choices, default=Status.PENDING)
    answer = models.CharField(_("svar"), max_length=1000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("forslag om sammenslåing")
        verbose_name_plural = _("forslag om sammenslåing")
        constraints = [
            models.CheckConstraint(condition=~Q(source=models.F("target")), name="join_two_challenges"),
            models.UniqueConstraint(
                fields=["source", "target"], condition=Q(status="pending"), name="join_one_pending"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} → {self.target_id}"

    @property
    def kept(self) -> Challenge:
        return self.target if self.keep == self.Keep.TARGET else self.source

    @property
    def absorbed(self) -> Challenge:
        return self.source if self.keep == self.Keep.TARGET else self.target
