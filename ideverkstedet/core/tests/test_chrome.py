"""The header and footer kept in memory (core.chrome) never show one person's, role's, place's or language's
header to another, and carry each request's own CSRF token and return path."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from ideverkstedet.accounts.models import Role
from ideverkstedet.notifications.models import Notification

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def header(response) -> str:  # type: ignore[no-untyped-def]
    html = response.content.decode()
    return html[html.index("<header") : html.index("</header>")]


def test_each_role_gets_its_own_links_whoever_came_first(make_user):  # type: ignore[no-untyped-def]
    adviser, citizen = make_user(Role.ADVISOR), make_user(Role.CITIZEN)
    a, c, anon = Client(), Client(), Client()
    a.force_login(adviser)
    c.force_login(citizen)
    home = reverse("core:home")
    for _round in range(2):  # the second round is served from what the first kept
        seen_by_adviser = header(a.get(home))
        seen_by_citizen = header(c.get(home))
        seen_by_visitor = header(anon.get(home))
        assert reverse("desk:queue") in seen_by_adviser
        assert reverse("rooms:approval_queue") in seen_by_adviser
        assert reverse("challenges:moderation") in seen_by_adviser
        assert reverse("desk:queue") not in seen_by_citizen
        assert reverse("rooms:approval_queue") not in seen_by_citizen
        assert reverse("accounts:logout") in seen_by_citizen
        assert reverse("accounts:logout") not in seen_by_visitor
        assert reverse("accounts:login") in seen_by_visitor
        assert reverse("admin:index") not in seen_by_adviser  # not staff
    page = anon.get(home).content.decode()
    assert "{#" not in page and "#}" not in page and "{%" not in page  # no template syntax shown as text


def test_the_kept_header_carries_this_sessions_csrf_token(make_user):  # type: ignore[no-untyped-def]
    first, second = make_user(Role.EMPLOYEE), make_user(Role.EMPLOYEE)
    other = Client(enforce_csrf_checks=True)
    other.force_login(first)
    other.get(reverse("core:home"))  # fills what is kept for employees on the front page
    client = Client(enforce_csrf_checks=True)
    client.force_login(second)
    page = client.get(reverse("core:home"))
    tokens = set(TOKEN.findall(header(page)))
    assert tokens and "__IDV" not in page.content.decode()
    # The token in the kept logout form is this session's: logging out with it works.
    response = client.post(reverse("accounts:logout"), {"csrfmiddlewaretoken": tokens.pop()})
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_language_switch_returns_to_this_page_escaped(make_user):  # type: ignore[no-untyped-def]
    client = Client()
    client.get(reverse("core:about"))  # keeps the header of this page
    html = header(client.get(reverse("core:about"), {"a": "1", "b": '"><script>'}))
    assert "<script>" not in html
    assert 'name="next" value="/om/?a=1&amp;b=%22%3E%3Cscript%3E"' in html


def test_the_current_section_and_the_language_are_the_pages_own():  # type: ignore[no-untyped-def]
    client = Client()
    rooms = header(client.get(reverse("rooms:room_list")))
    about = header(client.get(reverse("core:about")))
    assert re.search(r'href="' + reverse("core:meet") + r'" aria-current="page"', rooms)
    assert 'aria-current="page"' not in rooms.split(reverse("core:about"))[-1][:40]
    assert not re.search(r'href="' + reverse("core:meet") + r'" aria-current="page"', about)
    english = Client()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert ">Log in<" in header(english.get(reverse("core:about")))
    assert ">Logg inn<" in header(client.get(reverse("core:about")))


def test_a_new_notification_shows_at_once(make_user):  # type: ignore[no-untyped-def]
    person = make_user(Role.VOLUNTEER)
    client = Client()
    client.force_login(person)
    assert 'class="badge"' not in header(client.get(reverse("core:about")))
    Notification.objects.create(user=person, title="Hei")
    assert '<span class="badge">1<' in header(client.get(reverse("core:about")))
