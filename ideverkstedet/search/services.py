"""Every write to the search index. Apps call search_index when something searchable is saved and
search_remove when it is deleted or should no longer be found (e.g. hidden by a moderator)."""

from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.db.models.expressions import CombinedExpression
from django.utils import timezone

from ideverkstedet.search import fts
from ideverkstedet.search.models import SearchEntry
from ideverkstedet.search.text import stem_text

REINDEX_BATCH = 500

_UPSERT_FIELDS = ["title", "body", "url", "visibility", "updated_at", "stemmed_title", "stemmed_body"]


def _vector() -> CombinedExpression:
    return SearchVector("title", weight="A", config="norwegian") + SearchVector(
        "body", weight="B", config="norwegian"
    )


def _clean(text: str) -> str:
    # PostgreSQL refuses NUL characters in text; they carry no meaning anyway.
    return text.replace("\x00", "")


@transaction.atomic
def search_index(*, kind: str, object_id: int, title: str, body: str, url: str, visibility: str) -> None:
    """Add or update the entry for one object, and its full-text index, in one transaction.

    `body` is plain text (strip Markdown or HTML first): it is what result snippets show. `visibility` is
    "public" (everyone, anonymous included) or "internal" (municipal roles only). An upsert on (kind, object_id),
    so concurrent calls for the same object cannot create two entries.
    """
    if kind not in SearchEntry.Kind.values:
        raise ValueError(f"Unknown search kind {kind!r}")
    if visibility not in SearchEntry.Visibility.values:
        raise ValueError(f"Unknown search visibility {visibility!r}")
    title, body = _clean(title)[:300], _clean(body)
    entry = SearchEntry(
        kind=kind,
        object_id=object_id,
        title=title,
        body=body,
        url=_clean(url)[:300],
        visibility=visibility,
        updated_at=timezone.now(),
        stemmed_title=stem_text(title),
        stemmed_body=stem_text(body),
    )
    SearchEntry.objects.bulk_create(
        [entry], update_conflicts=True, unique_fields=["kind", "object_id"], update_fields=_UPSERT_FIELDS
    )
    # SQLite's FTS5 table follows by trigger; PostgreSQL's vector is computed by the database itself.
    if connection.vendor == "postgresql":
        SearchEntry.objects.filter(kind=kind, object_id=object_id).update(search_vector=_vector())


def search_remove(*, kind: str, object_id: int) -> None:
    """Take one object out of the index. Removing something that is not indexed does nothing."""
    SearchEntry.objects.filter(kind=kind, object_id=object_id).delete()


@transaction.atomic
def search_reindex_all() -> int:
    """Re-stem every entry and rebuild the full-text index from SearchEntry rows; returns the number of entries.

    For after a change to stemming or stop words, a restore from backup, or a table rebuild that lost
    SQLite's triggers. The index is dropped and built afresh, so it cannot carry over any drift. Holds the
    write lock on the search tables until it commits; readers see the old index meanwhile.
    """
    fts.remove(connection)
    count = 0
    batch: list[SearchEntry] = []
    for entry in (
        SearchEntry.objects.only("id", "title", "body").order_by("id").iterator(chunk_size=REINDEX_BATCH)
    ):
        entry.stemmed_title = stem_text(entry.title)
        entry.stemmed_body = stem_text(entry.body)
        batch.append(entry)
        if len(batch) == REINDEX_BATCH:
            SearchEntry.objects.bulk_update(batch, ["stemmed_title", "stemmed_body"])
            count += len(batch)
            batch = []
    SearchEntry.objects.bulk_update(batch, ["stemmed_title", "stemmed_body"])
    count += len(batch)
    if connection.vendor == "postgresql":
        SearchEntry.objects.update(search_vector=_vector())
    fts.install(connection)
    fts.rebuild(connection)
    return count
