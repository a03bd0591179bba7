"""`manage.py demo --size small|large`: deterministic Norwegian demo data, for trying and benchmarking.

Each app contributes through a module `<app>/demo.py` with `populate(*, size, rng, log)`; they run in
INSTALLED_APPS order, so later apps can use the people and places the earlier ones made.
"""

import importlib
import random
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from ideverkstedet.core import fragments


class Command(BaseCommand):
    help = "Load deterministic demo data (small for trying out, large for benchmarks). Only with DEBUG=true."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--size", choices=["small", "large"], default="small")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the database already has people (make run).",
        )

    def handle(self, *args: Any, size: str, seed: int, if_empty: bool = False, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "Demo data has well-known passwords and is refused when DEBUG is off. Run it with DEBUG=true."
            )
        if if_empty and get_user_model().objects.exists():
            self.stdout.write("The database already has people; demo data not loaded again.")
            return
        # Cached page fragments' versions are raised once per group at the end, not after every row saved.
        with fragments.suspended():
            for config in apps.get_app_configs():
                if not config.name.startswith("ideverkstedet."):
                    continue
                try:
                    module = importlib.import_module(f"{config.name}.demo")
                except ModuleNotFoundError as error:
                    if error.name == f"{config.name}.demo":
                        continue
                    raise
                # One generator per app, seeded from the app's name: adding an app leaves the others' alone.
                rng = random.Random(f"{seed}:{config.label}")
                with transaction.atomic():
                    module.populate(size=size, rng=rng, log=self.stdout.write)
        # After a bulk load the planner's statistics are those of empty tables: PostgreSQL then picks nested
        # loops over thousands of rows (the front page and the event list took twice as long until ANALYZE).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS(f"Demo data ({size}) is ready."))
