from typing import Any

from django.contrib.postgres.search import SearchVectorExact
from django.db import models
from django.utils.translation import gettext_lazy as _


class TsVectorField(models.Field):
    """A PostgreSQL tsvector column that is plain (always NULL) text on other databases.

    Like django.contrib.postgres's SearchVectorField, without requiring that app in INSTALLED_APPS and
    without breaking `migrate` on SQLite.
    """

    description = "Text search vector (PostgreSQL)"

    def db_type(self, connection: Any) -> str:
        return "tsvector" if connection.vendor == "postgresql" else "text"


TsVectorField.register_lookup(SearchVectorExact)


class SearchEntry(models.Model):
    """One searchable thing (a challenge, an idea …) as the search index sees it.

    Written only by services.search_index / search_remove. The full-text index lives beside it, per database
    (see fts.py): on PostgreSQL `search_vector` with a GIN index; on SQLite an FTS5 table over
    `stemmed_title` and `stemmed_body`, kept in sync by triggers.
    """

    class Kind(models.TextChoices):
        CHALLENGE = "challenge", _("Utfordring")
        IDEA = "idea", _("Idé")
        METHOD = "method", _("Metode")
        STORY = "story", _("Historie")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("alle")
        INTERNAL = "internal", _("kun kommunens folk")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    object_id = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300)
    visibility = models.CharField(max_length=10, choices=Visibility.choices)
    updated_at = models.DateTimeField()
    # What SQLite's FTS5 table indexes (Norwegian stems, stop words left out); unused by PostgreSQL.
    stemmed_title = models.TextField(blank=True, editable=False)
    stemmed_body = models.TextField(blank=True, editable=False)
    # to_tsvector('norwegian', title) weighted A || body weighted B; PostgreSQL only, NULL on SQLite.
    search_vector = TsVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("søkeoppføring")
        verbose_name_plural = _("søkeoppføringer")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_one_per_object"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.title}"
