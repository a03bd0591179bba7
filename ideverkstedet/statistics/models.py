"""One small table: how often the data behind each part of the barometer has changed (see changes.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Topic(models.Model):
    """A version number per kind of data the barometer reads ("rooms", "stories" …), raised after every change
    to it. The barometer's cache keys carry these numbers, so a change makes the next request compute afresh,
    in every worker and on every node (the numbers live in the database, not in a per-process cache)."""

    name = models.CharField(_("navn"), max_length=20, primary_key=True)
    version = models.BigIntegerField(_("versjon"), default=0)

    class Meta:
        verbose_name = _("endringsteller for statistikk")
        verbose_name_plural = _("endringstellere for statistikk")

    def __str__(self) -> str:
        return f"{self.name}: {self.version}"
