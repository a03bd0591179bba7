"""Make the missing renditions (the smaller copies for `srcset`) of every stored picture. Safe to run again.

New images get theirs when stored (core.images.PictureField); run this once for images stored before that.
"""

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand

from ideverkstedet.core import fragments
from ideverkstedet.core.images import PictureField, make_renditions


class Command(BaseCommand):
    help = "Make the missing smaller copies (renditions) of every stored picture."

    def handle(self, *args: Any, **options: Any) -> None:
        made = failed = 0
        for model in apps.get_models():
            for field in model._meta.get_fields():
                if not isinstance(field, PictureField):
                    continue
                names = model._default_manager.exclude(**{field.name: ""}).values_list(field.name, flat=True)
                for name in names.iterator():
                    try:
                        made += len(make_renditions(field.storage, name))
                    except OSError as error:  # a file gone missing, or not an image: say so and go on
                        failed += 1
                        self.stderr.write(f"{name}: {error}")
        if made:  # pages kept for visitors show pictures without them: every group is built anew
            fragments.bump_all()
        self.stdout.write(f"renditions made: {made}, images that failed: {failed}")
