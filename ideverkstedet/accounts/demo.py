"""Demo people and organisation: the service areas and units of a Norwegian municipality."""

from collections.abc import Callable
from random import Random

from django.contrib.auth.hashers import make_password
from django.utils import timezone
from django.utils.text import slugify

from ideverkstedet.accounts.models import Organisation, Role, ServiceArea, Unit, User

DEMO_PASSWORD = "demo-passord-2026"  # noqa: S105 - documented in README, refused when DEBUG is off

SERVICE_AREAS: dict[str, list[str]] = {
    "Barnehage": [
        "Sandvika barnehage",
        "Bekkestua barnehage",
        "Fornebu barnehage",
        "Lommedalen barnehage",
        "Pedagogisk-psykologisk tjeneste",
    ],
    "Skole": ["Sandvika skole", "Jar skole", "Rud ungdomsskole", "Kolsås skole", "Voksenopplæringen"],
    "Helse og omsorg": [
        "Hjemmetjenesten Sandvika",
        "Hjemmetjenesten Bekkestua",
        "Stabekk sykehjem",
        "Helsestasjonen Sandvika",
        "Tildelingskontoret",
        "Psykisk helse og rus",
    ],
    "Levekår og sosiale tjenester": [
        "NAV Sandvika",
        "Boligkontoret",
        "Flyktningtjenesten",
        "Barneverntjenesten",
    ],
    "Kultur, frivillighet og idrett": [
        "Biblioteket i Sandvika",
        "Kulturskolen",
        "Frivillighetskontoret",
        "Fritid og ungdom",
    ],
    "Samfunnsutvikling": ["Plan og bygning", "Klima og miljø", "Næring og reiseliv", "Kart og oppmåling"],
    "Teknisk drift og eiendom": ["Vei og trafikk", "Vann og avløp", "Eiendomsforvaltning", "Renovasjon"],
    "Organisasjon og digitalisering": [
        "Innovasjonsenheten",
        "Digitalisering",
        "HR og personal",
        "Servicetorget",
        "Økonomi",
    ],
}

VOLUNTEER_ORGS = [
    "Sandvika frivilligsentral",
    "Nabohjelpen Bekkestua",
    "Seniornett Sandvika",
    "Foreldreutvalget for barnehagene",
    "Idrettslaget Kolsås",
    "Leksehjelpen i Rud",
    "Turlaget Vestmarka",
    "Ungdomsrådet",
]
EXTERNAL_ORGS = [
    "Fjordlys Design AS",
    "Vestvik forskningsinstitutt",
    "Nordkapp Teknologi AS",
    "Fylkeskommunens innovasjonsteam",
    "Høgskolen i Vestvik",
    "Grønt Skifte Rådgivning AS",
]

FIRST_NAMES = [
    "Anne",
    "Ola",
    "Kari",
    "Per",
    "Ingrid",
    "Lars",
    "Sofie",
    "Jonas",
    "Nora",
    "Emil",
    "Hanne",
    "Magnus",
    "Sara",
    "Henrik",
    "Ida",
    "Mathias",
    "Marit",
    "Kristian",
    "Thea",
    "Sindre",
    "Aisha",
    "Ali",
    "Fatima",
    "Mohammed",
    "Oda",
    "Tobias",
    "Camilla",
    "Jørgen",
    "Liv",
    "Eirik",
    "Åse",
    "Bjørn",
    "Linnea",
    "Sander",
    "Maja",
    "Øystein",
    "Amalie",
    "Vetle",
    "Hedda",
    "Trond",
]
LAST_NAMES = [
    "Hansen",
    "Johansen",
    "Olsen",
    "Larsen",
    "Andersen",
    "Pedersen",
    "Nilsen",
    "Kristiansen",
    "Jensen",
    "Karlsen",
    "Johnsen",
    "Pettersen",
    "Eriksen",
    "Berg",
    "Haugen",
    "Hagen",
    "Johannessen",
    "Andreassen",
    "Jacobsen",
    "Dahl",
    "Jørgensen",
    "Halvorsen",
    "Henriksen",
    "Lund",
    "Sørensen",
    "Jakobsen",
    "Moen",
    "Gundersen",
    "Iversen",
    "Strand",
    "Solberg",
    "Svendsen",
    "Eide",
    "Knutsen",
    "Martinsen",
    "Paulsen",
    "Bakken",
    "Kristoffersen",
    "Ahmed",
    "Nguyen",
]

# One account per role, listed in README.md.
DEMO_ACCOUNTS: list[tuple[str, str, Role, str | None, str | None]] = [
    ("innbygger@demo.no", "Ingrid Innbygger", Role.CITIZEN, None, None),
    ("frivillig@demo.no", "Frode Frivillig", Role.VOLUNTEER, None, "Sandvika frivilligsentral"),
    ("ekstern@demo.no", "Eva Ekstern", Role.EXTERNAL, None, "Vestvik forskningsinstitutt"),
    ("ansatt@demo.kommune.no", "Anders Ansatt", Role.EMPLOYEE, "Hjemmetjenesten Sandvika", None),
    ("leder@demo.kommune.no", "Lise Leder", Role.LEADER, "Hjemmetjenesten Sandvika", None),
    ("radgiver@demo.kommune.no", "Rune Rådgiver", Role.ADVISOR, "Innovasjonsenheten", None),
    ("admin@demo.kommune.no", "Ada Administrator", Role.ADMINISTRATOR, "Digitalisering", None),
]

PEOPLE_COUNT = {"small": 60, "large": 6000}


def populate(*, size: str, rng: Random, log: Callable[[str], None]) -> None:
    units: list[Unit] = []
    for area_name, unit_names in SERVICE_AREAS.items():
        area, _ = ServiceArea.objects.get_or_create(name=area_name, defaults={"slug": slugify(area_name)})
        for unit_name in unit_names:
            unit, _ = Unit.objects.get_or_create(name=unit_name, service_area=area)
            units.append(unit)
    organisations: list[Organisation] = []
    by_kind: dict[str, list[Organisation]] = {Organisation.Kind.VOLUNTEER: [], Organisation.Kind.EXTERNAL: []}
    for names, kind in (
        (VOLUNTEER_ORGS, Organisation.Kind.VOLUNTEER),
        (EXTERNAL_ORGS, Organisation.Kind.EXTERNAL),
    ):
        for name in names:
            org, _ = Organisation.objects.get_or_create(name=name, defaults={"kind": kind})
            organisations.append(org)
            by_kind[org.kind].append(org)

    password_hash = make_password(DEMO_PASSWORD)  # hashed once: thousands of hashes would take minutes
    now = timezone.now()
    for email, full_name, role, account_unit, account_org in DEMO_ACCOUNTS:
        if User.objects.filter(email=email).exists():
            continue
        User.objects.create(
            email=email,
            full_name=full_name,
            role=role,
            unit=Unit.objects.get(name=account_unit) if account_unit else None,
            organisation=Organisation.objects.get(name=account_org) if account_org else None,
            password=password_hash,
            email_verified_at=now,
            is_staff=role == Role.ADMINISTRATOR,
            is_superuser=role == Role.ADMINISTRATOR,
        )

    wanted = PEOPLE_COUNT[size]
    existing = User.objects.filter(email__endswith="@personer.demo.no").count()
    roles = [Role.CITIZEN] * 5 + [Role.EMPLOYEE] * 4 + [Role.LEADER, Role.VOLUNTEER, Role.EXTERNAL]
    people = []
    for index in range(existing, wanted):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        role = rng.choice(roles)
        people.append(
            User(
                email=f"{slugify(first)}.{slugify(last)}.{index}@personer.demo.no",
                full_name=f"{first} {last}",
                role=role,
                unit=rng.choice(units) if role in {Role.EMPLOYEE, Role.LEADER} else None,
                organisation=rng.choice(by_kind[role]) if role in by_kind else None,
                language=rng.choice(["nb"] * 8 + ["nn", "en"]),
                password=password_hash,
                email_verified_at=now,
            )
        )
    User.objects.bulk_create(people, batch_size=1000)
    log(f"accounts: {len(units)} units, {len(organisations)} organisations, {len(people)} new people")
