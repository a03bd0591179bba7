from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "ideverkstedet.accounts"
    label = "accounts"
    verbose_name = _("Brukere og organisasjon")

    def ready(self) -> None:
        from ideverkstedet.accounts import privacy  # noqa: F401  (registers exporter and eraser)
