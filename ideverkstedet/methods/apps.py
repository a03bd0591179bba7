from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MethodsConfig(AppConfig):
    name = "ideverkstedet.methods"
    label = "methods"
    verbose_name = _("Metodebank og verkstedplanlegger")

    def ready(self) -> None:
        from ideverkstedet.methods import privacy  # noqa: F401  (registers exporter and eraser)
