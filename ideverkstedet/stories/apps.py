from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StoriesConfig(AppConfig):
    name = "ideverkstedet.stories"
    label = "stories"
    verbose_name = _("Historier og gjenbruk")

    def ready(self) -> None:
        from django.apps import apps

        from ideverkstedet.accounts.models import ServiceArea
        from ideverkstedet.core import fragments
        from ideverkstedet.stories import privacy  # noqa: F401  (registers exporter and eraser)

        # The story list and the stories API list, cached for anonymous visitors (core/fragments.py): any change
        # to a story, its innovation record, images, attachments, reuse or links (service areas, methods,
        # events), or to a service area (the filter's choices, the API's slugs), raises their version. Nothing on
        # them changes with time alone (a story is published or not; dates are written out in full).
        fragments.watch("stories", [*apps.get_app_config("stories").get_models(), ServiceArea])
