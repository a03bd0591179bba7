from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "ideverkstedet.events"
    label = "events"
    verbose_name = _("Kurs, åpne dager og verksteder")

    def ready(self) -> None:
        from ideverkstedet.core import housekeeping, sections
        from ideverkstedet.events import (
            mypage,  # noqa: F401  (register Min side, exporters and erasers)
            privacy,  # noqa: F401  (registers exporters and erasers)
            selectors,
        )
        from ideverkstedet.events.tasks import sweep

        housekeeping.register("events.registrations", sweep)
        # The event list's cards and the API's list, cached for anonymous visitors: any change to events,
        # sessions, kinds or registrations (places taken, the waitlist), or to a room (the API shows the name of
        # a session's room) raises their version (core/fragments.py).
        from django.apps import apps

        from ideverkstedet.core import fragments
        from ideverkstedet.rooms.models import Room

        fragments.watch("events", [*apps.get_app_config("events").get_models(), Room])
        fragments.lifetime("events", selectors.seconds_until_a_session_ends)  # an ended event leaves lists
        sections.register("home", "upcoming", lambda user, obj: selectors.upcoming_events(user, limit=4))
        sections.register(
            "home_person", "upcoming", lambda user, obj: selectors.upcoming_events(user, limit=3)
        )
        sections.register("meet", "upcoming", lambda user, obj: selectors.upcoming_events(user, limit=6))
        sections.register("profile", "attended", lambda user, obj: selectors.attended_courses(user))
