from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StoriesConfig(AppConfig):
    name = "ideverkstedet.stories"
    label = "stories"
    verbose_name = _("Historier og gjenbruk")

    def ready(self) -> None:
        from ideverkstedet.stories import privacy  # noqa: F401  (registers exporter and eraser)
