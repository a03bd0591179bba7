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
            with transaction.atomic():
                self._pictures(random.Random(f"{seed}:pictures"))
        # After a bulk load the planner's statistics are those of empty tables: PostgreSQL then picks nested
        # loops over thousands of rows (the front page and the event list took twice as long until ANALYZE).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS(f"Demo data ({size}) is ready."))

    def _pictures(self, rng: random.Random) -> None:
        """Give every other one of the first rows of each model with a picture field a drawn picture (the rest
        keep the placeholder), so the lists show both. Rows that have a picture are left alone."""
        from ideverkstedet.core.images import PictureField, demo_picture

        for model in apps.get_models():
            for field in model._meta.get_fields():
                if not isinstance(field, PictureField):
                    continue
                alt_field = f"{field.name}_alt"
                rows = list(model._default_manager.order_by("pk")[:DEMO_PICTURE_ROWS])
                for row in rows[::2]:
                    if getattr(row, field.name):
                        continue
                    picture = demo_picture(rng)
                    getattr(row, field.name).save(picture.name, picture, save=False)
                    if hasattr(row, alt_field):
                        setattr(row, alt_field, "Fargerike lapper og tusjstreker på en skrivevegg")
                    row.save(update_fields=[field.name, *([alt_field] if hasattr(row, alt_field) else [])])


DEMO_PICTURE_ROWS = 16
