import pytest
from django.urls import reverse

from ideverkstedet.accounts.tests.factories import ALL_ROLES

PUBLIC_PAGES = ["core:home", "core:about", "core:privacy", "core:accessibility"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_anonymous_visitor_reads_public_pages(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert b"Hopp til hovedinnholdet" in response.content


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_every_role_reads_public_pages(client, make_user, role, name):
    client.force_login(make_user(role))
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert b"Logg ut" in response.content


@pytest.mark.django_db
def test_front_page_presents_the_four_verbs_and_the_offer(client):
    html = client.get("/").content.decode()
    for verb in ("Møte", "Tenke", "Skape", "Dele"):
        assert f">{verb}<" in html
    assert 'id="mote"' in html and 'id="dele"' in html
    assert "kurs i tjenestedesign" in html
    assert "åpne dager" in html.lower()


@pytest.mark.django_db
def test_layout_has_landmarks_skip_link_and_footer_links(client):
    html = client.get("/").content.decode()
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert 'aria-label="Hovedmeny"' in html
    assert reverse("core:accessibility") in html
    assert reverse("core:privacy") in html
    assert '<html lang="nb">' in html


@pytest.mark.django_db
def test_htmx_is_served_from_our_own_static_files(client):
    html = client.get("/").content.decode()
    assert "/static/vendor/htmx-2.0.11.min.js" in html
    assert "unpkg" not in html and "cdn" not in html.lower()
    assert client.get("/static/vendor/htmx-2.0.11.min.js").status_code == 200


@pytest.mark.django_db
def test_content_security_policy_forbids_inline_scripts(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert "<script>" not in response.content.decode()
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_unknown_page_gives_404_not_500(client):
    assert client.get("/finnes-ikke/").status_code == 404


@pytest.mark.django_db
def test_each_verb_card_on_the_front_page_links_somewhere(client):
    """Issue #12: three of the four verb cards linked nowhere."""
    import re

    html = client.get("/").content.decode()
    for verb in ("mote", "tenke", "skape", "dele"):
        card = re.search(rf'<li class="card verb-card {verb}" id="{verb}">(.*?)</li>', html, re.S)
        assert card, verb
        assert "<a href=" in card.group(1), f"the {verb} card has no link"
    assert reverse("rooms:room_list") in html and reverse("methods:method_list") in html
