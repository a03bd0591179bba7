from django.db import migrations

from ideverkstedet.search import fts


def install_index(apps, schema_editor):  # type: ignore[no-untyped-def]
    fts.install(schema_editor.connection)


def remove_index(apps, schema_editor):  # type: ignore[no-untyped-def]
    fts.remove(schema_editor.connection)


class Migration(migrations.Migration):
    """The full-text index: GIN on PostgreSQL, an FTS5 table with sync triggers on SQLite (see search/fts.py)."""

    dependencies = [("search", "0001_search_entries")]

    operations = [migrations.RunPython(install_index, remove_index)]
