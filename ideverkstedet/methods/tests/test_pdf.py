"""PDF handouts and method cards (WeasyPrint), checked by extracting their text with pypdf."""

import io
from datetime import date, time

import pytest
from django.urls import reverse

from ideverkstedet.accounts.models import Role
from ideverkstedet.methods import services
from ideverkstedet.methods.models import Method

pytest.importorskip("weasyprint", reason="WeasyPrint is not installed (pyproject: weasyprint)")
pypdf = pytest.importorskip("pypdf", reason="pypdf is not installed (dev dependency)")

pytestmark = pytest.mark.django_db


def _text(response) -> tuple[int, str]:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def plan(make_user, method_library):
    owner = make_user(Role.EMPLOYEE)
    plan = services.plan_create(
        owner=owner, title="Idéverksted for biblioteket", date=date(2026, 12, 3), start_time=time(13, 0)
    )
    services.block_add(
        actor=owner, plan=plan, title="Velkommen", minutes=10, facilitator_notes="Ha kaffen klar"
    )
    services.block_add(actor=owner, plan=plan, method=Method.objects.get(slug="crazy-8s"))
    services.block_add(actor=owner, plan=plan, title="Pause", minutes=10)
    return plan


def test_participant_pdf_has_the_agenda_and_times_but_no_notes(client, plan):
    client.force_login(plan.owner)
    _pages, text = _text(client.get(reverse("methods:plan_pdf", args=[plan.pk])))
    assert "Idéverksted for biblioteket" in text
    for line in ("13:00–13:10", "Velkommen", "13:10–13:25", "Crazy 8s", "13:25–13:35", "Pause"):
        assert line in text
    assert "Ha kaffen klar" not in text


def test_facilitator_pdf_has_notes_materials_and_steps(client, plan):
    client.force_login(plan.owner)
    _pages, text = _text(client.get(reverse("methods:plan_pdf_facilitator", args=[plan.pk])))
    assert "Ha kaffen klar" in text and "Tidtaker" in text
    assert "Brett arkene slik at de har åtte felt." in text


def test_method_cards_pdf_has_one_card_per_page(client, method_library):
    pages, text = _text(client.get(reverse("methods:method_pdf_all"), {"fase": "dele"}))
    cards = Method.objects.filter(phases__icontains='"dele"').count()
    assert cards >= 3
    assert pages >= cards  # a long card may run over two pages, but never shares one
    assert "Retrospektiv" in text and "Erfaringsdeling" in text


def test_pdf_follows_the_same_permissions_as_the_page(client, make_user, plan):
    client.force_login(make_user(Role.EMPLOYEE))
    assert client.get(reverse("methods:plan_pdf", args=[plan.pk])).status_code == 404
    client.logout()
    assert client.get(reverse("methods:plan_pdf", args=[plan.pk])).status_code == 302


def test_a_kept_pdf_is_laid_out_once_and_never_outlives_a_change(client, plan):  # type: ignore[no-untyped-def]
    from unittest import mock

    from ideverkstedet.methods import pdf

    client.force_login(plan.owner)
    url = reverse("methods:plan_pdf", args=[plan.pk])
    with mock.patch.object(pdf, "_lay_out", wraps=pdf._lay_out) as lay_out:
        first = client.get(url).content
        assert client.get(url).content == first
        assert lay_out.call_count == 1  # the second came from the `pdfs` cache
        services.block_add(actor=plan.owner, plan=plan, title="Oppsummering", minutes=15)
        _pages, text = _text(client.get(url))
        assert "Oppsummering" in text and lay_out.call_count == 2
        plan.owner.language = "en"  # a logged-in person's language is the one on their account
        plan.owner.save()
        client.get(url)
        assert lay_out.call_count == 3  # another language is another document
