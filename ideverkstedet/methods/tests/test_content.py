"""The shipped method library: 30+ real cards, complete in bokmål, nynorsk and English."""

import pytest

from ideverkstedet.methods.content import load_methods, method_specs, unload_methods
from ideverkstedet.methods.models import TRANSLATED_FIELDS, Method, Phase, Plan

pytestmark = pytest.mark.django_db

# Cards whose method talks to, observes or tests with people: they must say how to protect them.
PEOPLE_METHODS = {
    "semistrukturert-intervju",
    "skygging",
    "kontekstuelt-intervju",
    "dagbokstudie",
    "sporreundersokelse",
    "brukertest",
    "wizard-of-oz",
    "pilot",
}
REQUIRED_BY_ISSUE = {
    "semistrukturert-intervju",
    "skygging",
    "empatikart",
    "personas",
    "brukerreise",
    "tjenestereise",
    "interessentkart",
    "fem-hvorfor",
    "hvordan-kan-vi",
    "brainwriting",
    "crazy-8s",
    "affinitetsdiagram",
    "prioriteringsmatrise",
    "konseptplakat",
    "papirprototype",
    "rollespill",
    "storyboard",
    "service-blueprint",
    "gevinstkart",
    "retrospektiv",
}


def test_the_library_has_at_least_thirty_methods(method_library):
    assert Method.objects.published().count() >= 30


def test_every_method_the_issue_names_is_there(method_library):
    assert set(Method.objects.values_list("slug", flat=True)) >= REQUIRED_BY_ISSUE


def test_no_text_is_empty_in_any_language(method_library):
    empty = []
    for method in Method.objects.all():
        for field in TRANSLATED_FIELDS:
            if field == "privacy_note":
                continue
            for suffix in ("", "_nn", "_en"):
                if not getattr(method, field + suffix).strip():
                    empty.append(f"{method.slug}.{field}{suffix}")
    assert empty == []


def test_privacy_notes_are_in_all_three_languages_or_none(method_library):
    for method in Method.objects.all():
        present = {bool(getattr(method, "privacy_note" + s).strip()) for s in ("", "_nn", "_en")}
        assert len(present) == 1, method.slug


def test_methods_with_people_have_a_privacy_note(method_library):
    for method in Method.objects.filter(slug__in=PEOPLE_METHODS):
        assert "samtykke" in method.privacy_note.lower() or "anonym" in method.privacy_note.lower(), (
            method.slug
        )
        assert method.privacy_note_nn and method.privacy_note_en


def test_every_card_has_concrete_steps_and_materials_alike_in_all_languages(method_library):
    for method in Method.objects.all():
        steps = [
            len(method.steps.splitlines()),
            len(method.steps_nn.splitlines()),
            len(method.steps_en.splitlines()),
        ]
        assert steps[0] >= 5 and len(set(steps)) == 1, (method.slug, steps)
        materials = [len(getattr(method, "materials" + s).splitlines()) for s in ("", "_nn", "_en")]
        assert len(set(materials)) == 1, (method.slug, materials)


def test_facts_are_realistic(method_library):
    for method in Method.objects.all():
        assert set(method.phases) <= set(Phase.values) and method.phases, method.slug
        assert 5 <= method.duration_min <= method.duration_max <= 480, method.slug
        assert 1 <= method.group_min <= method.group_max <= 50, method.slug


def test_related_methods_are_linked(method_library):
    interview = Method.objects.get(slug="semistrukturert-intervju")
    assert "kontekstuelt-intervju" in set(interview.related.values_list("slug", flat=True))
    # Relations go both ways.
    assert interview in Method.objects.get(slug="kontekstuelt-intervju").related.all()


def test_loading_again_keeps_what_the_unit_edited(method_library):
    Method.objects.filter(slug="empatikart").update(summary="Endret i admin.")
    assert load_methods(Method) == 0
    assert Method.objects.get(slug="empatikart").summary == "Endret i admin."


def test_unloading_removes_the_shipped_cards_and_loading_brings_them_back(method_library):
    unload_methods(Method)
    assert not Method.objects.filter(slug__in=[s["slug"] for s in method_specs()]).exists()
    assert load_methods(Method) == len(method_specs())


def test_demo_adds_the_template_plans_once(settings, method_library):
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("demo", "--size", "small")
    templates = Plan.objects.filter(is_template=True)
    assert {p.title for p in templates} == {"Idéverksted på to timer", "Halvdags innsiktsverksted"}
    two_hours = templates.get(title="Idéverksted på to timer")
    assert sum(two_hours.blocks.values_list("minutes", flat=True)) == 120
    call_command("demo", "--size", "small")
    assert Plan.objects.filter(is_template=True).count() == 2
