from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoomsConfig(AppConfig):
    name = "ideverkstedet.rooms"
    label = "rooms"
    verbose_name = _("Rom og booking")

    def ready(self) -> None:
        from ideverkstedet.core import housekeeping, sections
        from ideverkstedet.rooms import (  # noqa: F401  (register Min side, exporter and eraser, receivers)
            mypage,
            privacy,
            receivers,
        )
        from ideverkstedet.rooms.selectors import active_rooms
        from ideverkstedet.rooms.tasks import sweep

        housekeeping.register("rooms.bookings", sweep)
        sections.register("meet", "rooms", lambda user, obj: list(active_rooms()[:6]))
