"""'Jeg kommer' on drop-in events: one mark per logged-in person, shown to them, and they can take it back."""

from django.urls import reverse

from ideverkstedet.accounts.models import Role
from ideverkstedet.events.models import DropInAnnouncement, Event
from ideverkstedet.events.tests.factories import EventFactory, add_session


def _open_day() -> Event:
    event = EventFactory(registration=Event.Registration.DROP_IN_COUNT, title="Åpen dag")
    add_session(event)
    return event


def test_visitor_who_is_not_logged_in_cannot_inflate_the_count(client, db):
    event = _open_day()
    for _ in range(20):
        response = client.post(reverse("events:announce", args=[event.slug]))
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    event.refresh_from_db()
    assert event.drop_in_count == 0
    page = client.get(reverse("events:event_detail", args=[event.slug])).content.decode()
    assert "Logg inn for å si fra at du kommer" in page


def test_one_person_counts_once_however_often_they_click(client, make_user, db):
    event = _open_day()
    client.force_login(make_user(Role.CITIZEN))
    for _ in range(20):
        client.post(reverse("events:announce", args=[event.slug]))
    event.refresh_from_db()
    assert event.drop_in_count == 1
    assert DropInAnnouncement.objects.filter(event=event).count() == 1


def test_the_page_shows_that_you_said_you_are_coming_and_you_can_take_it_back(client, make_user, db):
    event = _open_day()
    client.force_login(make_user(Role.EMPLOYEE))
    url = reverse("events:event_detail", args=[event.slug])
    assert "Du har sagt at du kommer." not in client.get(url).content.decode()

    client.post(reverse("events:announce", args=[event.slug]))
    page = client.get(url).content.decode()
    assert "Du har sagt at du kommer." in page and "Jeg kommer likevel ikke" in page
    assert "1 har sagt at de kommer." in page

    client.post(reverse("events:announce", args=[event.slug]), {"action": "withdraw"})
    event.refresh_from_db()
    assert event.drop_in_count == 0
    page = client.get(url).content.decode()
    assert "Du har sagt at du kommer." not in page and "0 har sagt at de kommer." in page


def test_withdrawing_what_you_never_said_changes_nothing(client, make_user, db):
    event = _open_day()
    other = make_user(Role.CITIZEN)
    client.force_login(other)
    client.post(reverse("events:announce", args=[event.slug]))
    client.force_login(make_user(Role.CITIZEN))
    client.post(reverse("events:announce", args=[event.slug]), {"action": "withdraw"})
    event.refresh_from_db()
    assert event.drop_in_count == 1
