from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MethodsConfig(AppConfig):
    name = "ideverkstedet.methods"
    label = "methods"
    verbose_name = _("Metodebank og verkstedplanlegger")

    def ready(self) -> None:
        from ideverkstedet.core import sections
        from ideverkstedet.methods import privacy  # noqa: F401  (registers exporter and eraser)
        from ideverkstedet.methods.selectors import MethodFilter, filter_methods

        def plans(user: Any, challenge: Any) -> list[Any]:
            """The challenge's workshop plans this person may see (a plan's privacy holds here too)."""
            recent = challenge.plans.select_related("owner").order_by("-updated_at")[:20]
            return [plan for plan in recent if user.has_perm("methods.view_plan", plan)]

        def phase_methods(user: Any, challenge: Any) -> list[Any]:
            return list(filter_methods(MethodFilter(phase=challenge.phase.slug))[:6])

        sections.register("challenge", "plans", plans)
        sections.register("challenge", "phase_methods", phase_methods)
        sections.register(
            "create", "methods", lambda user, obj: list(filter_methods(MethodFilter(phase="skape"))[:6])
        )
        from ideverkstedet.core import fragments
        from ideverkstedet.methods import mypage  # noqa: F401  (register Min side, exporter and eraser)
        from ideverkstedet.methods.models import Method

        # The method list's filters and cards, cached for anonymous visitors (core/fragments.py): they show
        # published methods only (plans are private and never in it). Nothing on it changes with time alone.
        fragments.watch("methods", [Method])
