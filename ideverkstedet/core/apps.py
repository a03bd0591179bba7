from typing import Any

from django.apps import AppConfig
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "ideverkstedet.core"
    label = "core"
    verbose_name = _("Felles")

    def ready(self) -> None:
        from ideverkstedet.core import housekeeping, ratelimit

        housekeeping.register("core.ratelimit", lambda now: {"ratelimit_pruned": ratelimit.prune()})
        from ideverkstedet.core import bounds  # noqa: F401  (registers the `id` path converter)

        post_migrate.connect(_stale_after_migrating, sender=self, dispatch_uid="core.fragments.migrated")


def _stale_after_migrating(using: str = "default", **kwargs: Any) -> None:
    """A release's data migrations change rows without signals: every visitors' fragment is built anew after
    `migrate` (core.fragments.bump_all), whatever cache the app servers share."""
    from ideverkstedet.core import fragments

    if using == DEFAULT_DB_ALIAS:  # the versions live in the default database
        fragments.bump_all()
