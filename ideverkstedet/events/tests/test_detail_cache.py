"""An event's page kept for visitors (events.views._render_detail) never lies: places and edits show at once;
logged-in people get their own page; each language its own."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from ideverkstedet.accounts.models import Role
from ideverkstedet.accounts.tests.factories import user_with_role
from ideverkstedet.events import services
from ideverkstedet.events.tests.factories import EventFactory, add_session

pytestmark = pytest.mark.django_db


def text(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def free_places(html: str) -> str:
    return html.split("<dt>Ledige</dt><dd>")[1].split("<")[0]


def test_places_and_an_edit_show_at_once_to_a_visitor():
    event = EventFactory(title="Kurs i tjenestedesign", capacity=2)
    add_session(event)
    url = reverse("events:event_detail", args=[event.slug])
    visitor = Client()
    assert free_places(text(visitor, url)) == "2"
    assert free_places(text(visitor, url)) == "2"  # kept
    person = user_with_role(Role.CITIZEN)
    registration = services.registration_create(person=person, event=event)
    assert free_places(text(visitor, url)) == "1"
    services.registration_cancel(actor=person, registration=registration)
    assert free_places(text(visitor, url)) == "2"
    services.event_update(
        actor=user_with_role(Role.ADVISOR),
        event=event,
        title="Kurs i gevinstrealisering",
        summary=event.summary,
        description=event.description,
        capacity=2,
        question=event.question,
    )
    assert "Kurs i gevinstrealisering" in text(visitor, url)


def test_logged_in_people_get_their_own_page_and_visitors_theirs():
    event = EventFactory(capacity=5)
    add_session(event)
    url = reverse("events:event_detail", args=[event.slug])
    person = user_with_role(Role.CITIZEN)
    services.registration_create(person=person, event=event)
    visitor = Client()
    assert "Logg inn" in text(visitor, url)  # kept for visitors
    mine = Client()
    mine.force_login(person)
    page = text(mine, url)
    assert "Du er påmeldt" in page and "csrfmiddlewaretoken" in page
    adviser = Client()
    adviser.force_login(user_with_role(Role.ADVISOR))
    assert "For Innovasjonsenheten" in text(adviser, url)
    again = text(visitor, url)
    assert "Du er påmeldt" not in again and "For Innovasjonsenheten" not in again
    assert "csrfmiddlewaretoken" not in again.split("<main")[1]


def test_each_language_gets_its_own():
    event = EventFactory(capacity=5)
    add_session(event)
    url = reverse("events:event_detail", args=[event.slug])
    assert "Påmelding" in text(Client(), url)
    english = Client()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = text(english, url)
    assert "Påmelding" not in page and "Registration" in page
