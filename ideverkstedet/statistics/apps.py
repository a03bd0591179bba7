from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatisticsConfig(AppConfig):
    name = "ideverkstedet.statistics"
    label = "statistics"
    verbose_name = _("Statistikk og åpne data")

    def ready(self) -> None:
        from ideverkstedet.statistics import changes

        changes.connect()  # the barometer's cache learns of every change to what it reads
