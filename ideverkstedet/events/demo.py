"""Demo events: a year of courses in service design, open days and workshops, with registrations."""

from collections.abc import Callable
from datetime import datetime, time, timedelta
from random import Random

from django.utils import timezone
from django.utils.text import slugify

from ideverkstedet.accounts.models import Role, User
from ideverkstedet.accounts.rules import MUNICIPAL_ROLES
from ideverkstedet.events.models import Event, EventKind, Registration, Session
from ideverkstedet.rooms.models import Booking, Room

KINDS = [
    ("kurs", "Kurs", "Kurs", "Course"),
    ("apen-dag", "Åpen dag", "Open dag", "Open day"),
    ("verksted", "Verksted", "Verkstad", "Workshop"),
    ("annet", "Annet", "Anna", "Other"),
]

COURSES = [
    ("Kurs i tjenestedesign: grunnkurs", "To halve dager om å forstå behov, finne ideer og teste dem raskt."),
    (
        "Innsiktsarbeid i praksis",
        "Intervju og observasjon: slik får dere innsikt uten å samle personopplysninger.",
    ),
    ("Fra idé til prototyp", "Lag en enkel prototyp på en formiddag og test den med ekte brukere."),
    ("Gevinstrealisering for ledere", "Slik planlegger og følger dere opp gevinster av nye løsninger."),
]
WORKSHOPS = [
    ("Verksted: Hvordan kan vi …?", "Formuler utfordringen sammen, så den blir til noe dere kan jobbe med."),
    ("Verksted: brukerreiser", "Tegn reisen til en innbygger gjennom tjenesten og finn smertepunktene."),
]
OPEN_DAY = ("Åpen dag i Ideverkstedet", "Stikk innom med en utfordring fra hverdagen. Vi har kaffe og tid.")
EVENTS_PER_SIZE = {"small": 20, "large": 520}


def populate(*, size: str, rng: Random, log: Callable[[str], None]) -> None:
    kinds = {}
    for position, (slug, nb, nn, en) in enumerate(KINDS):
        kinds[slug], _ = EventKind.objects.get_or_create(
            slug=slug, defaults={"name": nb, "name_nn": nn, "name_en": en, "position": position}
        )
    if Event.objects.exists():
        log("events: events exist already, none added")
        return
    advisor = User.objects.filter(role=Role.ADVISOR).order_by("pk").first()
    people = list(
        User.objects.exclude(role=Role.ADMINISTRATOR).order_by("pk").values_list("pk", "role")[:6000]
    )
    if advisor is None or not people:
        return
    room = Room.objects.filter(slug="ideverkstedet").first()
    today = timezone.localdate()
    count = EVENTS_PER_SIZE[size]
    registrations: list[Registration] = []
    for number in range(count):
        day = today + timedelta(days=-200 + (number * 365 // count))
        roll = number % 5
        if roll == 0:
            title, summary, kind, capacity = *OPEN_DAY, kinds["apen-dag"], 40
            mode = Event.Registration.DROP_IN_COUNT
        elif roll in {1, 2}:
            title, summary = COURSES[number % len(COURSES)]
            kind, capacity, mode = kinds["kurs"], 16, Event.Registration.REQUIRED
        else:
            title, summary = WORKSHOPS[number % len(WORKSHOPS)]
            kind, capacity, mode = kinds["verksted"], 12, Event.Registration.REQUIRED
        start = timezone.make_aware(datetime.combine(day, time(12 if roll == 0 else 9)))
        end = start + timedelta(hours=3)
        event = Event.objects.create(
            title=title,
            slug=f"{slugify(title)[:80]}-{day:%Y%m%d}-{number}",
            kind=kind,
            summary=summary,
            description=summary + "\n\nInnovasjonsenheten holder arrangementet. Ta gjerne med en kollega.",
            status=Event.Status.PUBLISHED,
            is_public=roll == 0 or number % 3 == 0,
            audience=[r.value for r in Role],
            registration=mode,
            capacity=capacity,
            max_places_per_registration=3 if roll == 3 else 1,
            question="Hvilken utfordring vil du snakke om?" if roll == 0 else "",
            created_by=advisor,
            starts_at=start,
            drop_in_count=rng.randint(0, 25) if roll == 0 else 0,
        )
        booking = None
        # In `small`, Saturday sessions take the workshop room itself (bookings fill weekdays in the demo).
        if size == "small" and room is not None and day.weekday() == 5:
            booking = Booking.objects.create(
                room=room,
                organiser=advisor,
                kind=Booking.Kind.EVENT,
                status=Booking.Status.CONFIRMED,
                start=start,
                end=end,
                occupied_until=end + timedelta(minutes=room.buffer_minutes),
                title=title,
            )
        Session.objects.create(
            event=event, start=start, end=end, booking=booking, place="" if booking else "Kommunegården"
        )
        if mode != Event.Registration.REQUIRED:
            continue
        wanted = capacity + rng.randint(-4, 10) if size == "small" else 50
        # An internal event is seen only by the municipality's own people: nobody else is registered for it.
        eligible = people if event.is_public else [p for p in people if p[1] in MUNICIPAL_ROLES]
        chosen = rng.sample(eligible, min(wanted, len(eligible)))
        position = 0
        for index, (person_id, _role) in enumerate(chosen):
            confirmed = index < capacity
            if not confirmed:
                position += 1
            registrations.append(
                Registration(
                    event=event,
                    person_id=person_id,
                    status=Registration.Status.CONFIRMED if confirmed else Registration.Status.WAITLISTED,
                    waitlist_position=None if confirmed else position,
                    attended=(rng.random() < 0.85) if confirmed and end < timezone.now() else None,
                )
            )
    # One big course with exactly 100 registrations (60 places, 40 in line), for the benchmark's event page.
    start = timezone.make_aware(datetime.combine(today + timedelta(days=30), time(9)))
    big = Event.objects.create(
        title="Stort kurs i tjenestedesign",
        slug="stort-kurs-i-tjenestedesign",
        kind=kinds["kurs"],
        summary="Kurs for alle enhetene i helse og omsorg.",
        status=Event.Status.PUBLISHED,
        capacity=60,
        created_by=advisor,
        starts_at=start,
    )
    Session.objects.create(event=big, start=start, end=start + timedelta(hours=6), place="Kommunegården")
    for index, (person_id, _role) in enumerate(rng.sample(people, min(100, len(people)))):
        registrations.append(
            Registration(
                event=big,
                person_id=person_id,
                status=Registration.Status.CONFIRMED if index < 60 else Registration.Status.WAITLISTED,
                waitlist_position=None if index < 60 else index - 59,
            )
        )
    Registration.objects.bulk_create(registrations, batch_size=2000)
    log(f"events: {count + 1} events, {len(registrations)} registrations")
