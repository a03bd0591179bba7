"""Demo content: the shipped method cards, the innovation unit's template plans and one employee's plan."""

from collections.abc import Callable
from datetime import time, timedelta
from random import Random

from django.utils import timezone

from ideverkstedet.accounts.models import Role, User
from ideverkstedet.methods import services
from ideverkstedet.methods.content import load_methods
from ideverkstedet.methods.models import Method, Plan

# (method slug or None for a free block, title (free blocks), minutes, facilitator notes)
Block = tuple[str | None, str, int, str]

TEMPLATES: list[tuple[str, time, str, list[Block]]] = [
    (
        "Idéverksted på to timer",
        time(9, 0),
        "For et team som har en tydelig utfordring og vil ha mange ideer og et par å teste. 6–12 deltakere.",
        [
            (None, "Velkommen og mål for økta", 10, "Vis utfordringen og hva vi skal ha med oss ut."),
            ("hvordan-kan-vi", "", 20, "Ha innsiktskortene synlige."),
            ("brainwriting", "", 25, "Grupper på 4–6."),
            (None, "Pause", 10, ""),
            ("crazy-8s", "", 20, ""),
            ("prikkstemming", "", 10, "Tre prikker hver."),
            ("konseptplakat", "", 20, "Én plakat per gruppe, de 2–3 ideene med flest prikker."),
            (None, "Neste steg og takk for i dag", 5, "Hvem tester hva, og når?"),
        ],
    ),
    (
        "Halvdags innsiktsverksted",
        time(8, 30),
        "For et team som har gjort 5–8 intervjuer eller observasjoner og skal finne mønstrene.",
        [
            (None, "Velkommen og hva vi vet så langt", 15, ""),
            ("antakelseskart", "", 30, ""),
            ("affinitetsdiagram", "", 60, "Lappene skrives før verkstedet, med informantkode."),
            (None, "Pause", 15, ""),
            ("empatikart", "", 40, ""),
            ("brukerreise", "", 60, ""),
            ("innsiktskort", "", 45, ""),
            (None, "Oppsummering og veien videre", 15, ""),
        ],
    ),
]


def _build(owner: User, title: str, start: time, notes: str, blocks: list[Block], *, template: bool) -> Plan:
    plan = services.plan_create(owner=owner, title=title, start_time=start, notes=notes, is_template=template)
    methods = {m.slug: m for m in Method.objects.filter(slug__in=[b[0] for b in blocks if b[0]])}
    for slug, block_title, minutes, facilitator_notes in blocks:
        services.block_add(
            actor=owner,
            plan=plan,
            method=methods.get(slug) if slug else None,
            title=block_title,
            minutes=minutes,
            facilitator_notes=facilitator_notes,
        )
    return plan


def populate(*, size: str, rng: Random, log: Callable[[str], None]) -> None:
    added = load_methods(Method)
    advisor = User.objects.filter(role=Role.ADVISOR).order_by("pk").first()
    if advisor is None:
        log(f"methods: {added} method cards; no advisor, so no template plans")
        return
    made = 0
    for title, start, notes, blocks in TEMPLATES:
        if not Plan.objects.filter(title=title, is_template=True).exists():
            _build(advisor, title, start, notes, blocks, template=True)
            made += 1
    employee = User.objects.filter(role=Role.EMPLOYEE).order_by("pk").first()
    if employee is not None and not Plan.objects.filter(owner=employee).exists():
        template = Plan.objects.filter(is_template=True).order_by("pk").first()
        if template is not None:
            copy = services.plan_copy(actor=employee, plan=template, title="Idéverksted om trygg utskrivning")
            copy.date = timezone.localdate() + timedelta(days=rng.randint(7, 30))
            copy.is_shared = True
            copy.save(update_fields=["date", "is_shared"])
            made += 1
    log(f"methods: {added} method cards added, {made} plans")
