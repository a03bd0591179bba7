"""Demo challenges: Norwegian challenges from many services, with team, insight, ideas, cheers and comments.

`small` has one challenge per entry in challenges.toml (about 40, with some 300 ideas and comments); `large` repeats the
templates across places and years to 5,000 challenges and over 50,000 ideas and comments, and adds
`demo-100-ideer` (exactly 100 ideas and 100 comments) for the detail page's benchmark. Everything is written with
bulk_create; the counters on challenges and ideas are set to the rows created (hidden posts not counted, as the
services do), and the search index gets an entry per challenge and visible idea.

The texts are in challenges.toml (read by content.py); builder.py makes the rows.
"""

from __future__ import annotations

from collections.abc import Callable
from random import Random

from django.utils import timezone

from ideverkstedet.accounts.models import MUNICIPAL_ROLES, ServiceArea, Unit
from ideverkstedet.challenges.demo.builder import CHALLENGES, _Builder
from ideverkstedet.challenges.demo.common import Plan, load_people
from ideverkstedet.challenges.demo.content import OWNERS, PLACES, TEMPLATES
from ideverkstedet.challenges.models import Challenge, Phase, Tag
from ideverkstedet.challenges.services.base import norwegian_slug


def populate(*, size: str, rng: Random, log: Callable[[str], None]) -> None:
    if Challenge.objects.exists():
        log("challenges: challenges exist already, none added")
        return
    phases = list(Phase.objects.order_by("order", "id"))
    people = load_people()
    advisor = people.demo.get("radgiver@demo.kommune.no")
    if len(phases) < 4 or not people.municipal or advisor is None:
        log("challenges: no phases or no people, no challenges added")
        return
    areas = {area.name: area.pk for area in ServiceArea.objects.all()}
    units = {unit.name: unit for unit in Unit.objects.all()}
    tags = _tags()
    now = timezone.now()
    builder = _Builder(rng=rng, size=size, now=now, people=people, phases=phases, advisor=advisor)

    plans: list[Plan] = []
    slugs: set[str] = set()
    for number in range(CHALLENGES[size]):
        template = TEMPLATES[number % len(TEMPLATES)]
        variant = number // len(TEMPLATES)
        area_name, unit_name = template.area, template.unit
        title, place = _variant_title(template.title, variant)
        slug = norwegian_slug(title)[:200]
        if slug in slugs:
            slug = f"{slug[:190]}-{variant}"
        slugs.add(slug)
        owner = people.demo.get(OWNERS.get(title, ""))
        if owner is None:
            local = people.by_area.get(areas.get(area_name, 0), [])
            owner = rng.choice(local) if local and rng.random() < 0.85 else rng.choice(people.municipal)
        area_ids = [areas[area_name]] if area_name in areas else []
        if rng.random() < 0.25:
            other = rng.choice(list(areas.values()))
            if other not in area_ids:
                area_ids.append(other)
        plan = builder.challenge(
            template=template,
            title=title,
            slug=slug,
            place=place,
            owner=owner,
            unit=units.get(unit_name) if people.role[owner] in MUNICIPAL_ROLES else None,
            area_ids=area_ids,
            tag_ids=[tags[name] for name in template.tags],
        )
        plans.append(plan)
    if size == "large":
        plans.append(builder.big(areas=list(areas.values()), tag_ids=list(tags.values())[:3]))
    builder.write(plans)
    log(
        f"challenges: {len(plans)} challenges, {builder.idea_total} ideas, {builder.comment_total} comments, "
        f"{builder.cheer_total} cheers, {builder.report_total} reports"
    )


def _variant_title(title: str, variant: int) -> tuple[str, str]:
    """The template's title at a place (and the place), for the templates' repeats in `large`."""
    if variant == 0:
        return title, ""
    prep, place = PLACES[(variant - 1) % len(PLACES)]
    if title.endswith("?"):
        return f"{title[:-1]} {prep} {place}?", place
    return f"{title} {prep} {place}", place


def _tags() -> dict[str, int]:
    names = sorted({name for t in TEMPLATES for name in t.tags})
    existing = {tag.slug: tag.pk for tag in Tag.objects.all()}
    new = [
        Tag(name=name, slug=norwegian_slug(name)) for name in names if norwegian_slug(name) not in existing
    ]
    Tag.objects.bulk_create(new)
    by_slug = {tag.slug: tag.pk for tag in Tag.objects.all()}
    return {name: by_slug[norwegian_slug(name)] for name in names}
