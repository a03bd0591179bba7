"""Demo stories: what teams learned, with innovation records and reuse from other units.

`small` writes a story for a dozen challenges (mostly those in the last phase) and one adviser story about work
done outside the platform; `large` writes 1,200 for the story list's and the barometer's benchmarks. Rows are
bulk-created; the search index gets an entry per published story.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from random import Random

from django.utils import timezone

from ideverkstedet.accounts.models import MUNICIPAL_ROLES, User
from ideverkstedet.challenges.models import Challenge
from ideverkstedet.challenges.services import norwegian_slug
from ideverkstedet.core import fragments
from ideverkstedet.methods.models import Method
from ideverkstedet.stories.innovation import (
    Actor,
    Effect,
    EffectLevel,
    InnovationType,
    Origin,
    UserInvolvement,
)
from ideverkstedet.stories.models import InnovationRecord, Reuse, Story, Visibility
from ideverkstedet.stories.services import story_search_index

STORIES = {"small": 12, "large": 1200}

TRIED = [
    "Vi startet med fem intervjuer og en observasjonsdag. Så lagde vi en papirprototyp og testet den med "
    "brukere i to runder.",
    "Vi kjørte et verksted i Ideverkstedet med en brukerreise på veggen, og fant tre steder der folk ga opp.",
    "Vi prøvde en enkel løsning i fire uker på én avdeling før vi bestemte oss.",
]
OUTCOMES = [
    "Den nye måten er tatt i bruk i hele enheten. Færre ringer for å spørre om det samme.",
    "Vi endret rutinen og skjemaet. Saksbehandlingen går raskere, og brukerne forstår svaret bedre.",
    "Prototypen viste at behovet var et annet enn vi trodde. Vi har startet på nytt med det vi lærte.",
]
NOT_WORKED = [
    "Det første forslaget ble for komplisert. Vi kuttet halvparten av stegene etter den første testen.",
    "Vi brukte for lang tid på å planlegge før vi testet noe med ekte brukere.",
    "Det var vanskelig å få tid til arbeidet i en travel hverdag; faste verkstedsdager hjalp.",
]
FIGURES = ["omtrent 20 prosent færre henvendelser", "2 timer spart i uka", "brukerne ga 4,5 av 5", ""]
ADVISOR_STORY = (
    "Åpne dager: slik fant tjenestene hverandre",
    "Et år med åpne dager i Ideverkstedet ga nye samarbeid på tvers av tjenesteområdene.",
)


def _record(story: Story, rng: Random, now_date: object) -> InnovationRecord:
    in_use = rng.random() < 0.6
    types = sorted(rng.sample(InnovationType.values, rng.randint(1, 2)), key=InnovationType.values.index)
    effects = []
    for kind in rng.sample(Effect.values, rng.randint(0, 3) if in_use else rng.randint(0, 1)):
        effects.append({"kind": kind, "level": rng.choice(EffectLevel.values), "figure": rng.choice(FIGURES)})
    effects.sort(key=lambda e: Effect.values.index(e["kind"]))
    origin = rng.choice(Origin.values)
    published = story.published_at or timezone.now()
    return InnovationRecord(
        story=story,
        taken_into_use=in_use,
        taken_into_use_on=(published - timedelta(days=rng.randint(10, 200))).date() if in_use else None,
        types=types,
        core_tasks=rng.random() < 0.5,
        origin=origin,
        adopted_from="Nabokommunen" if origin != Origin.OWN else "",
        initiators=sorted(rng.sample(Actor.values[:3], rng.randint(1, 2)), key=Actor.values.index),
        carriers=sorted(rng.sample(Actor.values[:3], rng.randint(1, 2)), key=Actor.values.index),
        partners=sorted(rng.sample(Actor.values[2:], rng.randint(0, 2)), key=Actor.values.index),
        user_involvement=rng.choice(UserInvolvement.values),
        effects=effects,
        spread_actively=rng.random() < 0.4,
        type_codes=f" {' '.join(types)} ",
        effect_codes=f" {' '.join(e['kind'] for e in effects)} " if effects else "",
    )


def populate(*, size: str, rng: Random, log: Callable[[str], None]) -> None:
    if Story.objects.exists():
        log("stories: stories exist already, none added")
        return
    advisor = User.objects.filter(email="radgiver@demo.kommune.no").first()
    municipal = list(
        User.objects.filter(role__in=MUNICIPAL_ROLES, unit__isnull=False)
        .select_related("unit")
        .order_by("pk")[:3000]
    )
    count = STORIES[size]
    # Challenges in the last phase first: that is where a team tells what it learned.
    challenges = list(
        Challenge.objects.select_related("owner__unit", "unit", "phase").order_by("-phase__order", "-id")[
            :count
        ]
    )
    if advisor is None or not challenges or not municipal:
        log("stories: no challenges or people, no stories added")
        return
    methods = list(Method.objects.values_list("pk", flat=True))
    now = timezone.now()
    stories: list[Story] = []
    for number, challenge in enumerate(challenges):
        published = now - timedelta(days=rng.randint(1, 900)) if number % 7 else None  # some drafts
        stories.append(
            Story(
                title=f"Dette lærte vi: {challenge.title}"[:200],
                slug=f"{norwegian_slug(challenge.title)[:180]}-{number}",
                summary=(challenge.summary or challenge.title)[:300],
                problem=challenge.description,
                tried=rng.choice(TRIED),
                outcome=rng.choice(OUTCOMES),
                not_worked=rng.choice(NOT_WORKED),
                next_steps="Vi deler gjerne erfaringene: ta kontakt.",
                challenge=challenge,
                unit=challenge.unit or challenge.owner.unit,
                author=challenge.owner,
                contact=challenge.owner if challenge.owner.role in MUNICIPAL_ROLES else None,
                visibility=Visibility.PUBLIC if challenge.visibility == "public" else Visibility.INTERNAL,
                published_at=published,
                created_at=(published or now) - timedelta(days=3),
            )
        )
    title, summary = ADVISOR_STORY
    stories.append(
        Story(
            title=title,
            slug=norwegian_slug(title),
            summary=summary,
            problem="Mange tjenester jobbet med de samme utfordringene uten å vite om hverandre.",
            tried="Vi holdt åpen dag hver måned, med kaffe og en tavle for utfordringer.",
            outcome="Fire nye samarbeid på tvers av tjenesteområder.",
            author=advisor,
            unit=advisor.unit,
            contact=advisor,
            visibility=Visibility.PUBLIC,
            published_at=now - timedelta(days=20),
        )
    )
    Story.objects.bulk_create(stories, batch_size=500)
    fragments.bump(
        "stories"
    )  # bulk_create sends no signals: the visitors' story lists must not stay as they were
    stories = list(Story.objects.order_by("pk"))
    InnovationRecord.objects.bulk_create([_record(s, rng, now) for s in stories], batch_size=500)
    Through = Story.methods.through
    Area = Story.service_areas.through
    links, area_links = [], []
    challenge_areas: dict[int, list[int]] = {}
    for challenge_id, area_id in Challenge.service_areas.through.objects.filter(
        challenge_id__in=[c.pk for c in challenges]
    ).values_list("challenge_id", "servicearea_id"):
        challenge_areas.setdefault(challenge_id, []).append(area_id)
    for story in stories:
        for method_id in rng.sample(methods, min(len(methods), rng.randint(1, 3))):
            links.append(Through(story_id=story.pk, method_id=method_id))
        for area_id in challenge_areas.get(story.challenge_id or 0, []):
            area_links.append(Area(story_id=story.pk, servicearea_id=area_id))
    Through.objects.bulk_create(links, batch_size=1000)
    Area.objects.bulk_create(area_links, batch_size=1000)
    reuses: list[Reuse] = []
    for story in stories:
        if story.published_at is None:
            continue
        takers = rng.sample(municipal, min(len(municipal), rng.randint(0, 3)))
        for person in takers:
            if person.pk == story.author_id:
                continue
            reuses.append(
                Reuse(
                    story=story,
                    user=person,
                    unit=person.unit,
                    who=person.unit.name if person.unit else "Enhet",
                    status=rng.choice(Reuse.Status.values),
                    note="Vi vil prøve dette hos oss.",
                    created_at=story.published_at + timedelta(days=rng.randint(1, 60)),
                )
            )
    Reuse.objects.bulk_create(reuses, batch_size=1000, ignore_conflicts=True)
    for story in stories:
        if story.published_at is not None:
            story_search_index(story)
    log(f"stories: {len(stories)} stories, {len(reuses)} reuses")
