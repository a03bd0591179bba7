"""The full-text index beside search_searchentry, one per database vendor.

PostgreSQL: a GIN index on `search_vector` (filled by services with the `norwegian` configuration). Declared
here rather than in Meta.indexes because SQLite cannot create a GIN index.

SQLite: an FTS5 table with external content (the stemmed columns of search_searchentry, rowid = entry id),
kept in sync by triggers on insert, update and delete, so that no write can leave the two apart. The stemmed
text is produced in Python (text.stem_text); FTS5 only splits it on spaces. Django rebuilds a SQLite table for
many ALTERs and that drops its triggers: a migration that alters SearchEntry must call install() again
(it is idempotent), and `manage.py search_reindex` does so as well.

Installed by migration 0002.
"""

from typing import Any

from ideverkstedet.core.sql import VendorSQL

TABLE = "search_searchentry"
FTS_TABLE = "search_fts"

POSTGRES_FORWARD = [
    f"CREATE INDEX IF NOT EXISTS search_entry_vector_gin ON {TABLE} USING gin (search_vector)",
]
POSTGRES_REVERSE = ["DROP INDEX IF EXISTS search_entry_vector_gin"]

_FTS_DELETE = (
    "INSERT INTO search_fts(search_fts, rowid, stemmed_title, stemmed_body) "
    "VALUES ('delete', OLD.id, OLD.stemmed_title, OLD.stemmed_body);"
)
_FTS_INSERT = "INSERT INTO search_fts(rowid, stemmed_title, stemmed_body) VALUES (NEW.id, NEW.stemmed_title, NEW.stemmed_body);"
SQLITE_FORWARD = [
    # remove_diacritics 0: "får" and "far" are different words, as they are to PostgreSQL.
    f"""
    CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(
        stemmed_title, stemmed_body,
        content='{TABLE}', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0'
    )
    """,
    f"CREATE TRIGGER IF NOT EXISTS search_fts_insert AFTER INSERT ON {TABLE} BEGIN {_FTS_INSERT} END",
    f"CREATE TRIGGER IF NOT EXISTS search_fts_delete AFTER DELETE ON {TABLE} BEGIN {_FTS_DELETE} END",
    f"""
    CREATE TRIGGER IF NOT EXISTS search_fts_update AFTER UPDATE OF stemmed_title, stemmed_body ON {TABLE}
    BEGIN {_FTS_DELETE} {_FTS_INSERT} END
    """,
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_update",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]

FORWARD = {"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}
REVERSE = {"postgresql": POSTGRES_REVERSE, "sqlite": SQLITE_REVERSE}


_SQL = VendorSQL(FORWARD, REVERSE)
install = _SQL.install
remove = _SQL.remove


def rebuild(connection: Any) -> None:
    """Rebuild SQLite's FTS5 index from the stemmed columns (PostgreSQL's GIN index needs nothing)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
