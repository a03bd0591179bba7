from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "ideverkstedet.core"
    label = "core"
    verbose_name = _("Felles")

    def ready(self) -> None:
        from ideverkstedet.core import housekeeping, ratelimit

        housekeeping.register("core.ratelimit", lambda now: {"ratelimit_pruned": ratelimit.prune()})
        from ideverkstedet.core import bounds  # noqa: F401  (registers the `id` path converter)
