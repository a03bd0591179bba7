"""Searching the index.

Order: entries whose title holds every query word first (the same test on both databases), then the database's
relevance score, then newest first, then highest id. The scores are PostgreSQL's ts_rank and SQLite's bm25;
both weight the title above the body and rank repeated words higher, but bm25 also favours shorter texts, so
between two similar entries the databases may occasionally disagree. The tests pin the order on both for a
fixed set of cases (tests/test_ordering.py).
"""

from dataclasses import dataclass, replace
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, F, Q

from ideverkstedet.search.fts import FTS_TABLE
from ideverkstedet.search.models import SearchEntry
from ideverkstedet.search.text import ParsedQuery, parse_query, snippet, stem

MAX_OFFSET = 10_000_000
MAX_LIMIT = 100
# ts_rank's weights, in its order D, C, B, A: the title (A) counts 2.5 times the body (B).
POSTGRES_WEIGHTS = [0.1, 0.2, 0.4, 1.0]
# bm25's weights per FTS5 column (stemmed_title, stemmed_body). bm25 saturates repeated words, so a large title
# weight would drown extra body hits among title hits; title-first is already guaranteed by the sort.
SQLITE_TITLE_WEIGHT = 2.0
SQLITE_BODY_WEIGHT = 1.0


@dataclass(frozen=True)
class SearchHit:
    kind: str
    object_id: int
    title: str
    url: str
    snippet: str
    rank: float

    @property
    def kind_label(self) -> str:
        return str(SearchEntry.Kind(self.kind).label) if self.kind in SearchEntry.Kind.values else self.kind


def visible_visibilities(user: Any) -> list[str]:
    """Which entries `user` may find: public ones, and internal ones for the municipality's own people."""
    if user.is_authenticated and getattr(user, "is_municipal", False):
        return [SearchEntry.Visibility.PUBLIC, SearchEntry.Visibility.INTERNAL]
    return [SearchEntry.Visibility.PUBLIC]


def search(
    user: Any,
    query: str,
    *,
    kinds: list[str] | None = None,
    limit: int = 20,
    offset: int = 0,
    any_word: bool = False,
    count: bool = True,
) -> tuple[list[SearchHit], int]:
    """The entries `user` may see that contain every word of `query` (Norwegian stemming; the last word also as
    a prefix), best first, and how many there are in all. Two queries (one with `count=False`, which returns
    the number of hits on this page as the total). Input that holds no word — empty, punctuation, search
    syntax — finds nothing rather than failing.
    """
    parsed = parse_query(query or "")
    if any_word:  # "more like this": entries sharing any word, those sharing the most first
        parsed = replace(parsed, any_word=True, prefix=False)
    limit = max(0, min(limit, MAX_LIMIT))
    offset = max(0, min(offset, MAX_OFFSET))  # SQLite's OFFSET is a signed 64-bit integer
    if not parsed or kinds == []:
        return [], 0
    visibilities = visible_visibilities(user)
    if connection.vendor == "postgresql":
        rows, total = _search_postgres(parsed, visibilities, kinds, limit, offset, count)
    else:
        rows, total = _search_sqlite(parsed, visibilities, kinds, limit, offset, count)
    hits = [
        SearchHit(
            kind=kind,
            object_id=object_id,
            title=title,
            url=url,
            snippet=snippet(body, parsed),
            rank=float(rank),
        )
        for kind, object_id, title, url, body, rank in rows
    ]
    return hits, total


Row = tuple[str, int, str, str, str, float]


def _search_postgres(
    parsed: ParsedQuery,
    visibilities: list[str],
    kinds: list[str] | None,
    limit: int,
    offset: int,
    count: bool,
) -> tuple[list[Row], int]:
    tsquery = SearchQuery(parsed.tsquery(), search_type="raw", config="norwegian")
    in_title = SearchQuery(parsed.tsquery(weight="A"), search_type="raw", config="norwegian")
    entries = SearchEntry.objects.filter(visibility__in=visibilities, search_vector=tsquery)
    if kinds is not None:
        entries = entries.filter(kind__in=kinds)
    total = entries.count() if count else -1
    if total == 0 or limit == 0:
        return [], max(total, 0)
    rows = (
        entries.annotate(
            title_hit=ExpressionWrapper(Q(search_vector=in_title), output_field=BooleanField()),
            rank=SearchRank(F("search_vector"), tsquery, weights=POSTGRES_WEIGHTS),
        )
        .order_by(F("title_hit").desc(), F("rank").desc(), F("updated_at").desc(), F("id").desc())
        .values_list("kind", "object_id", "title", "url", "body", "rank")[offset : offset + limit]
    )
    found = list(rows)
    return found, total if count else len(found)


def _search_sqlite(
    parsed: ParsedQuery,
    visibilities: list[str],
    kinds: list[str] | None,
    limit: int,
    offset: int,
    count: bool,
) -> tuple[list[Row], int]:
    # Only constants and %s placeholders are formatted into this SQL; the query itself is a parameter.
    table = SearchEntry._meta.db_table
    where = [f"{FTS_TABLE} MATCH %s", f"e.visibility IN ({', '.join(['%s'] * len(visibilities))})"]
    params: list[Any] = [parsed.fts5(), *visibilities]
    if kinds is not None:
        where.append(f"e.kind IN ({', '.join(['%s'] * len(kinds))})")
        params += kinds
    from_where = f"FROM {FTS_TABLE} JOIN {table} AS e ON e.id = {FTS_TABLE}.rowid WHERE {' AND '.join(where)}"
    count_sql = f"SELECT count(*) {from_where}"
    # bm25 is lower for better matches; negated so that a higher rank is better, as on PostgreSQL.
    hits_sql = f"""
        SELECT e.kind, e.object_id, e.title, e.url, e.body,
               -bm25({FTS_TABLE}, {SQLITE_TITLE_WEIGHT}, {SQLITE_BODY_WEIGHT}) AS rank,
               e.id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s) AS title_hit
        {from_where}
        ORDER BY title_hit DESC, rank DESC, e.updated_at DESC, e.id DESC
        LIMIT %s OFFSET %s
    """  # noqa: S608
    with connection.cursor() as cursor:
        total = -1
        if count:
            cursor.execute(count_sql, params)
            total = int(cursor.fetchone()[0])
        if total == 0 or limit == 0:
            return [], max(total, 0)
        cursor.execute(hits_sql, [parsed.fts5(column="stemmed_title"), *params, limit, offset])
        found = [row[:6] for row in cursor.fetchall()]
        return found, total if count else len(found)


def search_among(user: Any, query: str, *, kind: str, object_ids: Any, limit: int = 5) -> list[SearchHit]:
    """The entries of `kind` among `object_ids` (a list or a values("pk") queryset, e.g. one challenge's ideas)
    that share a word with `query`: most shared words first (a title word counts twice a body word), then newest.

    For "is this a duplicate?" while someone types: the set is small, so the stems the index already holds are
    compared in Python. Both databases give the same answer, and the cost does not grow with the rest of the
    index. One query. The last word also counts as a prefix, as in search().
    """
    parsed = parse_query(query or "")
    limit = max(0, min(limit, MAX_LIMIT))
    if not parsed or limit == 0:
        return []
    # Snowball is not idempotent ("søknadsskjemaet" → "søknadsskjema" → "søknadsskjem"): try both forms.
    stems = [{query_stem, stem(query_stem)} for query_stem in parsed.stems]
    rows = SearchEntry.objects.filter(
        kind=kind, object_id__in=object_ids, visibility__in=visible_visibilities(user)
    ).values_list("object_id", "title", "url", "body", "stemmed_title", "stemmed_body", "updated_at")
    scored = []
    for object_id, title, url, body, stemmed_title, stemmed_body, updated_at in rows:
        in_title = set(stemmed_title.split())
        in_body = set(stemmed_body.split())
        score = 0
        for position, forms in enumerate(stems):
            last = parsed.prefix and position == len(stems) - 1
            if forms & in_title or (last and any(s.startswith(f) for s in in_title for f in forms)):
                score += 2
            elif forms & in_body or (last and any(s.startswith(f) for s in in_body for f in forms)):
                score += 1
        if score:
            scored.append((score, updated_at, object_id, title, url, body))
    scored.sort(key=lambda row: (row[0], row[1], row[2]), reverse=True)
    return [
        SearchHit(
            kind=kind, object_id=object_id, title=title, url=url, snippet=snippet(body, parsed), rank=score
        )
        for score, _when, object_id, title, url, body in scored[:limit]
    ]
