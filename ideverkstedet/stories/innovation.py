"""The innovation record's vocabulary, aligned with KS's innovasjonsbarometer (which follows the Oslo Manual).

Kept as choices in code, not tables: the statistics compare years, so the codes must not drift. The labels
are what people see and can be translated freely.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InnovationType(models.TextChoices):
    SERVICE = "service", _("Tjeneste")
    PRODUCT = "product", _("Produkt")
    PROCESS = "process", _("Prosess eller organisering")
    COMMUNICATION = "communication", _("Kommunikasjon")


class Actor(models.TextChoices):
    """Who started an innovation, who carried it through, and who took part."""

    LEADERS = "leaders", _("Ledere")
    EMPLOYEES = "employees", _("Ansatte")
    USERS = "users", _("Innbyggere eller brukere")
    VOLUNTEERS = "volunteers", _("Frivillige")
    BUSINESS = "business", _("Næringsliv")
    RESEARCH = "research", _("Forskning og utdanning")
    POLITICIANS = "politicians", _("Politikere")


class Origin(models.TextChoices):
    OWN = "own", _("Vår egen idé")
    ADOPTED = "adopted", _("Hentet fra andre")
    BOTH = "both", _("Begge deler: vi bygde videre på andres idé")


class UserInvolvement(models.TextChoices):
    NONE = "none", _("Ikke involvert")
    INFORMED = "informed", _("Informert")
    CONSULTED = "consulted", _("Spurt om råd (intervju, innspill)")
    CO_CREATED = "co_created", _("Med og utviklet løsningen")
    USER_LED = "user_led", _("Brukerne ledet arbeidet")


class Effect(models.TextChoices):
    QUALITY = "quality", _("Bedre kvalitet for brukerne")
    EFFICIENCY = "efficiency", _("Mer effektivt, spart tid")
    COSTS = "costs", _("Unngåtte kostnader")
    STAFF = "staff", _("Mer fornøyde ansatte")
    INFLUENCE = "influence", _("Mer innflytelse for innbyggerne")
    BUSINESS = "business", _("Verdi for næringslivet")


class EffectLevel(models.TextChoices):
    """How sure we are of an effect. Levels from `EXPECTED` upwards count as an effect."""

    EXPECTED = "expected", _("Forventet")
    OBSERVED = "observed", _("Observert")
    MEASURED = "measured", _("Målt")
