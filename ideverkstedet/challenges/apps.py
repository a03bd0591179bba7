from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChallengesConfig(AppConfig):
    name = "ideverkstedet.challenges"
    label = "challenges"
    verbose_name = _("Utfordringer og idéer")

    def ready(self) -> None:
        from ideverkstedet.challenges import (
            privacy,  # noqa: F401  (registers exporter and eraser)
            selectors,
        )
        from ideverkstedet.core import sections

        def open_challenges(user: Any, obj: Any) -> Any:
            open_now = selectors.challenge_list(user, selectors.ListFilters(open_for_input=True))
            return selectors.challenge_cards(list(open_now.prefetch_related(None)[:3]))

        sections.register("home", "open_challenges", open_challenges)
        from ideverkstedet.challenges import mypage  # noqa: F401  (register Min side, exporter and eraser)
