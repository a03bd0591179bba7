from typing import Any

from django.core.management.base import BaseCommand

from ideverkstedet.search.services import search_reindex_all


class Command(BaseCommand):
    help = (
        "Re-stem every search entry and rebuild the full-text index (SQLite FTS5 table and triggers, "
        "PostgreSQL search vectors) from the SearchEntry rows."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = search_reindex_all()
        self.stdout.write(f"Reindexed {count} search entries.")
