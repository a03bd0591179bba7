from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    name = "ideverkstedet.desk"
    label = "desk"
    verbose_name = _("Innovasjonsenhetens skranke")

    def ready(self) -> None:
        from ideverkstedet.core import housekeeping
        from ideverkstedet.desk import privacy, receivers  # noqa: F401  (registers exporter, eraser, links)
        from ideverkstedet.desk.tasks import digest_sweep

        housekeeping.register("desk.digest", digest_sweep)
