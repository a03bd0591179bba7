from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    name = "ideverkstedet.desk"
    label = "desk"
    verbose_name = _("Innovasjonsenhetens skranke")

    def ready(self) -> None:
        from ideverkstedet.desk import privacy, receivers  # noqa: F401  (registers exporter, eraser, links)
