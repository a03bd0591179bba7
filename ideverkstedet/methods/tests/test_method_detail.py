"""A method card in the current language (bokmål, nynorsk, English, falling back to bokmål), and printed."""

import pytest
from django.urls import reverse
from django.utils import translation

from ideverkstedet.accounts.models import Role
from ideverkstedet.methods.tests.factories import MethodFactory

pytestmark = pytest.mark.django_db


def _in_language(client, code: str) -> None:
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = code


@pytest.mark.parametrize(
    ("code", "name", "step"),
    [
        ("nb", "Semistrukturert intervju", "Presenter dere, fortell hva intervjuet skal brukes til"),
        ("nn", "Semistrukturert intervju", "Presenter dykk, fortel kva intervjuet skal brukast til"),
        ("en", "Semi-structured interview", "Introduce yourselves, explain what the interview is for"),
    ],
)
def test_method_card_is_shown_in_the_current_language(client, method_library, code, name, step):
    _in_language(client, code)
    response = client.get(reverse("methods:method_detail", args=["semistrukturert-intervju"]))
    assert response.status_code == 200
    assert f"<h1>{name}</h1>" in response.text
    assert step in response.text
    assert f'<html lang="{code}">' in response.text


def test_missing_translation_falls_back_to_bokmal(client, no_methods):
    MethodFactory(slug="halv", name="Bare bokmål", name_en="", tips="Tips på bokmål", tips_en="")
    _in_language(client, "en")
    text = client.get(reverse("methods:method_detail", args=["halv"])).text
    assert "Bare bokmål" in text and "Tips på bokmål" in text


def test_steps_are_numbered_and_materials_listed(client, method_library):
    text = client.get(reverse("methods:method_detail", args=["crazy-8s"])).text
    assert "<ol><li>Les spørsmålet høyt" in text
    assert "<li>Tidtaker</li>" in text


def test_privacy_note_is_shown_where_people_take_part(client, method_library):
    text = client.get(reverse("methods:method_detail", args=["brukertest"])).text
    assert "<h2>Personvern</h2>" in text
    assert "<h2>Personvern</h2>" not in client.get(reverse("methods:method_detail", args=["crazy-8s"])).text


def test_related_methods_link_to_each_other(client, method_library):
    text = client.get(reverse("methods:method_detail", args=["brainwriting"])).text
    assert reverse("methods:method_detail", args=["idemyldring"]) in text


def test_printable_card_is_one_card_per_page(client, method_library):
    response = client.get(reverse("methods:method_print", args=["empatikart"]))
    assert response.status_code == 200
    assert response.text.count('class="print-card"') == 1
    assert "methods/print.css" in response.text


def test_printing_all_cards_follows_the_filters(client, method_library):
    response = client.get(reverse("methods:method_print_all"), {"fase": "dele"})
    cards = response.context["cards"]
    assert cards and all("dele" in card.method.phases for card in cards)


def test_unknown_method_is_404(client, method_library):
    assert client.get(reverse("methods:method_detail", args=["finnes-ikke"])).status_code == 404
    assert client.get(reverse("methods:method_print", args=["finnes-ikke"])).status_code == 404


def test_logged_in_person_can_put_the_method_into_a_plan_from_its_page(client, make_user, method_library):
    from ideverkstedet.methods.models import Plan

    user = make_user(Role.CITIZEN)
    plan = Plan.objects.create(owner=user, title="Mitt verksted")
    client.force_login(user)
    url = reverse("methods:method_detail", args=["crazy-8s"])
    assert "Legg til i opplegget" in client.get(url).text
    response = client.post(
        reverse("methods:method_add_to_plan", args=["crazy-8s"]),
        {"legg-til-plan": plan.pk, "legg-til-minutes": ""},
    )
    assert response.status_code == 302
    block = plan.blocks.get()
    assert block.method.slug == "crazy-8s" and block.minutes == 15


def test_someone_elses_plan_cannot_be_chosen_from_a_method_page(client, make_user, method_library):
    from ideverkstedet.methods.models import Plan

    other = Plan.objects.create(owner=make_user(Role.EMPLOYEE), title="Ikke ditt")
    client.force_login(make_user(Role.EMPLOYEE))
    response = client.post(
        reverse("methods:method_add_to_plan", args=["crazy-8s"]), {"legg-til-plan": other.pk}
    )
    assert response.status_code == 400
    assert not other.blocks.exists()


def test_card_text_helper_reads_the_active_language(no_methods):
    method = MethodFactory(name="Navn", name_nn="Namn", name_en="Name")
    for code, expected in (("nb", "Navn"), ("nn", "Namn"), ("en", "Name")):
        with translation.override(code):
            assert str(method) == expected
