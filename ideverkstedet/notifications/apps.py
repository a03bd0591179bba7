from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "ideverkstedet.notifications"
    label = "notifications"
    verbose_name = _("Varsler og e-post")

    def ready(self) -> None:
        from ideverkstedet.core import housekeeping
        from ideverkstedet.notifications import mypage, privacy  # noqa: F401  (register Min side, exporter and eraser)
        from ideverkstedet.notifications.services import digest_sweep

        housekeeping.register("notifications.digest", digest_sweep)
