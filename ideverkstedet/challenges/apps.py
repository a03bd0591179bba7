from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChallengesConfig(AppConfig):
    name = "ideverkstedet.challenges"
    label = "challenges"
    verbose_name = _("Utfordringer og ideer")

    def ready(self) -> None:
        from ideverkstedet.challenges import (
            privacy,  # noqa: F401  (registers exporter and eraser)
            selectors,
        )
        from ideverkstedet.challenges.models import IdeaStatus, Phase
        from ideverkstedet.challenges.services.invitations import invitations_sweep
        from ideverkstedet.core import housekeeping, sections

        housekeeping.register("challenges.invitations", invitations_sweep)
        # The challenge list's cards, cached for anonymous visitors (core/fragments.py): any change to a model of
        # this app raises their version, except cheers and follows, which no card shows.
        from django.apps import apps

        from ideverkstedet.accounts.models import Organisation, ServiceArea, Unit, User
        from ideverkstedet.challenges.models import Cheer, Follow
        from ideverkstedet.core import fragments

        shown = [m for m in apps.get_app_config("challenges").get_models() if m not in {Cheer, Follow}]
        fragments.watch("challenges", [*shown, ServiceArea, Unit, Organisation])
        fragments.lifetime("challenges", selectors.seconds_until_an_input_window_changes)  # "open" on cards
        # A challenge page's idea cards show cheer counts: a cheer raises only its own challenge's version.
        fragments.watch(cheer_groups, [Cheer])
        # Cards and comments show people's names (changed, or anonymised when an account is deleted).
        fragments.watch("people", [User])
        # A challenge page shows sections from apps above this one (plans and methods, stories, the help desk).
        fragments.watch_apps("sections", ["methods", "stories", "desk"])

        def open_challenges(user: Any, obj: Any) -> Any:
            open_now = selectors.challenge_list(user, selectors.ListFilters(open_for_input=True))
            return selectors.challenge_cards(list(open_now.prefetch_related(None)[:3]))

        def newest(user: Any, obj: Any) -> Any:
            return selectors.challenge_cards(
                list(selectors.challenge_list(user, selectors.ListFilters()).prefetch_related(None)[:6])
            )

        def last_phase(user: Any, obj: Any) -> Any:
            return Phase.objects.order_by("-order", "-id").first()

        def finished(user: Any, obj: Any) -> Any:
            phase = last_phase(user, obj)
            if phase is None:
                return []
            done = selectors.challenge_list(user, selectors.ListFilters(phase=phase.slug)).prefetch_related(
                None
            )
            return selectors.challenge_cards(list(done[:6]))

        sections.register("home", "open_challenges", open_challenges)
        sections.register("think", "open_challenges", open_challenges)
        sections.register("think", "challenges", newest)
        sections.register(
            "create", "testing", lambda user, obj: selectors.ideas_with_status(user, IdeaStatus.TESTING, 6)
        )
        sections.register("share", "last_phase", last_phase)
        sections.register("share", "finished", finished)
        sections.register(
            "share",
            "implemented",
            lambda user, obj: selectors.ideas_with_status(user, IdeaStatus.IMPLEMENTED, 6),
        )
        from ideverkstedet.challenges import mypage  # noqa: F401  (register Min side, exporter and eraser)


def cheer_groups(cheer: Any) -> list[str]:
    """The fragment version a cheer changes: its idea's challenge's (core/fragments.py)."""
    from ideverkstedet.challenges.models import Idea

    challenge_id = Idea.objects.filter(pk=cheer.idea_id).values_list("challenge_id", flat=True).first()
    return [f"cheers:{challenge_id}"] if challenge_id else []
