from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    name = "ideverkstedet.desk"
    label = "desk"
    verbose_name = _("Innovasjonsenhetens skranke")

    def ready(self) -> None:
        from ideverkstedet.accounts.models import Organisation, ServiceArea, Unit, User
        from ideverkstedet.core import fragments, housekeeping
        from ideverkstedet.desk import privacy, receivers  # noqa: F401  (registers exporter, eraser, links)
        from ideverkstedet.desk.tasks import digest_sweep

        housekeeping.register("desk.digest", digest_sweep)
        # The advisers' queue is kept per adviser under this group's version (desk.views.queue): every desk
        # model, and the people, units, organisations and areas whose names and choices it shows.
        desk_models = list(self.get_models())
        fragments.watch("desk", [*desk_models, User, Unit, Organisation, ServiceArea])
