from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChallengesConfig(AppConfig):
    name = "ideverkstedet.challenges"
    label = "challenges"
    verbose_name = _("Utfordringer og idéer")

    def ready(self) -> None:
        from ideverkstedet.challenges import privacy  # noqa: F401  (registers exporter and eraser)
