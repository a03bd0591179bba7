"""Demo rooms, rules, opening hours, Norwegian holidays and a realistic year of bookings."""

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from random import Random

from django.utils import timezone

from ideverkstedet.accounts.models import Role, User
from ideverkstedet.core import fragments
from ideverkstedet.rooms.models import (
    Booking,
    ClosedDay,
    GroupType,
    OpeningHours,
    OutcomeKind,
    PurposeKind,
    Room,
)
from ideverkstedet.rooms.selectors import bookings_group

PURPOSES = [
    ("Innsiktsarbeid", "Innsiktsarbeid", "Insight work"),
    ("Idéverksted", "Idéverkstad", "Idea workshop"),
    ("Prototyping og testing", "Prototyping og testing", "Prototyping and testing"),
    ("Kurs og opplæring", "Kurs og opplæring", "Course and training"),
    ("Samskaping med innbyggere", "Samskaping med innbyggjarar", "Co-creation with citizens"),
    ("Tverrfaglig problemløsning", "Tverrfagleg problemløysing", "Cross-service problem solving"),
    ("Refleksjon og læring", "Refleksjon og læring", "Reflection and learning"),
]

# Norwegian public holidays 2026–2027 (dates the workshop is closed).
HOLIDAYS = {
    date(2026, 12, 24): "Julaften",
    date(2026, 12, 25): "1. juledag",
    date(2026, 12, 26): "2. juledag",
    date(2026, 12, 31): "Nyttårsaften",
    date(2027, 1, 1): "1. nyttårsdag",
    date(2027, 3, 25): "Skjærtorsdag",
    date(2027, 3, 26): "Langfredag",
    date(2027, 3, 29): "2. påskedag",
    date(2027, 5, 1): "Offentlig høytidsdag",
    date(2027, 5, 6): "Kristi himmelfartsdag",
    date(2027, 5, 17): "Grunnlovsdag",
}

ROOMS = [
    {
        "slug": "ideverkstedet",
        "name": "Ideverkstedet",
        "kind": Room.Kind.ROOM,
        "summary": "Verkstedet i første etasje i kommunegården: vegger å skrive på, flyttbare bord og mye materiell.",
        "description": (
            "Rommet er laget for å jobbe på nye måter: **skrivevegger**, flyttbare bord og stoler, "
            "prototypemateriell og en krok for rolige samtaler.\n\n"
            "Innovasjonsenheten hjelper gjerne med å planlegge opplegget."
        ),
        "location": "Kommunegården",
        "floor": "1. etasje",
        "address": "Arnold Haukelands plass 10, 1338 Sandvika",
        "directions": (
            "Gå inn hovedinngangen fra torget. Ideverkstedet er rett fram forbi resepsjonen, døra med de "
            "fargerike vinduene. Heis og trapp ligger til venstre."
        ),
        "capacity": 30,
        "accessibility": "Trinnfri inngang fra torget. Teleslynge. HC-toalett i samme etasje. Høydejusterbare bord.",
    },
    {
        "slug": "prototypekassen",
        "name": "Prototypekassen",
        "kind": Room.Kind.EQUIPMENT,
        "summary": "Utstyrssett for prototyping: papp, teip, Lego, post-it, tusjer og kamera.",
        "description": "Kassen kan lånes med ut i tjenestene. Hentes og leveres i Ideverkstedet.",
        "location": "Hentes i Ideverkstedet",
        "floor": "1. etasje",
        "address": "Arnold Haukelands plass 10, 1338 Sandvika",
        "directions": "Spør i resepsjonen i kommunegården, så henter vi kassen til deg.",
        "capacity": 15,
        "accessibility": "Kassen har hjul og veier om lag 12 kilo.",
    },
]

BOOKINGS_PER_DAY = {"small": 2, "large": 90}


def populate(*, size: str, rng: Random, log: Callable[[str], None]) -> None:
    purposes = []
    for position, (nb, nn, en) in enumerate(PURPOSES):
        kind, _ = PurposeKind.objects.get_or_create(
            name=nb, defaults={"name_nn": nn, "name_en": en, "position": position}
        )
        purposes.append(kind)
    rooms = []
    for spec in ROOMS:
        room, created = Room.objects.get_or_create(slug=spec["slug"], defaults=spec)
        if created:
            for weekday in range(5):
                OpeningHours.objects.create(room=room, weekday=weekday, opens=time(8, 0), closes=time(20, 0))
            OpeningHours.objects.create(room=room, weekday=5, opens=time(10, 0), closes=time(16, 0))
        rooms.append(room)
    for day, reason in HOLIDAYS.items():
        ClosedDay.objects.get_or_create(room=None, date=day, defaults={"reason": reason})

    if Booking.objects.exists():
        log("rooms: bookings exist already, none added")
        return
    people = list(
        User.objects.filter(
            role__in=[Role.EMPLOYEE, Role.LEADER, Role.VOLUNTEER, Role.EXTERNAL, Role.CITIZEN]
        )
        .order_by("pk")
        .values_list("pk", "role")[:5000]
    )
    if not people:
        return
    advisor = User.objects.filter(role=Role.ADVISOR).order_by("pk").first()
    today = timezone.localdate()
    per_day = BOOKINGS_PER_DAY[size]
    bookings: list[Booking] = []
    # A year: eight months back and four ahead. In `large`, extra rooms carry the volume so that slots
    # do not collide; every booking still respects opening hours and the buffer.
    if size == "large":
        for number in range(1, 30):
            room, _ = Room.objects.get_or_create(
                slug=f"grupperom-{number}",
                defaults={"name": f"Grupperom {number}", "capacity": 8, "summary": "Lite grupperom."},
            )
            if not room.opening_hours.exists():
                for weekday in range(5):
                    OpeningHours.objects.create(
                        room=room, weekday=weekday, opens=time(8, 0), closes=time(20, 0)
                    )
            rooms.append(room)
    start_hours = [8, 10, 12, 14, 16, 18]  # two-hour slots: a booking plus its buffer always fits
    for offset in range(-240, 120):
        day = today + timedelta(days=offset)
        if day.weekday() >= 5 or day in HOLIDAYS:
            continue
        if size == "small":
            placements = [(rooms[0], hour) for hour in rng.sample(start_hours, 2)]
        else:
            placements = [(rooms[i % len(rooms)], start_hours[i // len(rooms)]) for i in range(per_day)]
        for room, hour in placements:
            start = timezone.make_aware(datetime.combine(day, time(hour, 0)))
            end = start + timedelta(minutes=rng.choice([60, 90]))
            organiser_id, role = rng.choice(people)
            past = end < timezone.now()
            status = Booking.Status.CONFIRMED
            if not past and role in {Role.CITIZEN, Role.VOLUNTEER, Role.EXTERNAL} and rng.random() < 0.5:
                status = Booking.Status.REQUESTED
            elif rng.random() < 0.08:
                status = Booking.Status.CANCELLED
            booking = Booking(
                room=room,
                organiser_id=organiser_id,
                status=status,
                start=start,
                end=end,
                occupied_until=end
                + timedelta(minutes=room.buffer_minutes),  # demo times are never near 02:00
                purpose_kind=rng.choice(purposes),
                group_type=rng.choice(GroupType.values),
                expected_participants=rng.randint(2, min(room.capacity, 25)),
                needs=rng.choice(["", "", "Skrivevegg og post-it", "Prosjektor", "Kaffe og frukt"]),
                decided_by=advisor if status == Booking.Status.CONFIRMED and role == Role.CITIZEN else None,
            )
            if past and status == Booking.Status.CONFIRMED:
                booking.checked_in_at = start
                if rng.random() < 0.6:
                    booking.outcome_kind = rng.choice(OutcomeKind.values)
                    booking.outcome_text = rng.choice(
                        [
                            "Vi fant tre tydelige behov.",
                            "Fem ideer vi skal teste.",
                            "Ny avtale med biblioteket.",
                        ]
                    )
                    booking.outcome_at = end
            bookings.append(booking)
    Booking.objects.bulk_create(bookings, batch_size=2000)
    for room in rooms:  # bulk_create sends no signal: the rooms' cached calendars (core/fragments.py)
        fragments.bump(bookings_group(room.pk))
    log(f"rooms: {len(rooms)} rooms, {len(bookings)} bookings")
