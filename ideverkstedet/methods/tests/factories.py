import factory

from ideverkstedet.methods.models import Method, Plan, PlanBlock


class MethodFactory(factory.django.DjangoModelFactory):
    """A complete card in all three languages."""

    class Meta:
        model = Method

    slug = factory.Sequence(lambda n: f"metode-{n}")
    name = factory.Sequence(lambda n: f"Metode {n}")
    name_nn = factory.LazyAttribute(lambda o: f"{o.name} (nn)")
    name_en = factory.LazyAttribute(lambda o: f"{o.name} (en)")
    summary = "Kort om metoden."
    summary_nn = "Kort om metoden på nynorsk."
    summary_en = "About the method."
    purpose = "Dere får innsikt."
    purpose_nn = "De får innsikt."
    purpose_en = "You get insight."
    phases = factory.LazyFunction(lambda: ["tenke"])
    duration_min = 30
    duration_max = 60
    group_min = 2
    group_max = 8
    materials = "Post-it-lapper\nTusjer"
    materials_nn = "Post-it-lappar\nTusjar"
    materials_en = "Sticky notes\nMarkers"
    preparation = "Forbered."
    preparation_nn = "Førebu."
    preparation_en = "Prepare."
    steps = "Første steg\nAndre steg"
    steps_nn = "Første steg\nAndre steg"
    steps_en = "First step\nSecond step"
    tips = "Tips."
    tips_nn = "Tips."
    tips_en = "Tips."
    pitfalls = "Fallgruver."
    pitfalls_nn = "Fallgruver."
    pitfalls_en = "Pitfalls."
    source = "Innovasjonsenheten."
    source_nn = "Innovasjonseininga."
    source_en = "The Innovation Unit."


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    title = factory.Sequence(lambda n: f"Opplegg {n}")
    owner = factory.SubFactory("ideverkstedet.accounts.tests.factories.UserFactory", role="employee")


def add_blocks(plan: Plan, *specs: tuple[str, int]) -> list[PlanBlock]:
    """Blocks straight into the database, after any the plan has: add_blocks(plan, ("Velkommen", 10), …)."""
    start = plan.blocks.count()
    return [
        PlanBlock.objects.create(plan=plan, position=start + i, title=title, minutes=minutes)
        for i, (title, minutes) in enumerate(specs, start=1)
    ]
