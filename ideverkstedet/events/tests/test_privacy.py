"""Event registrations in "download my data" and "delete my account"."""

import json

from django.urls import reverse

from ideverkstedet.accounts.models import Role
from ideverkstedet.accounts.tests.factories import PASSWORD
from ideverkstedet.events import services
from ideverkstedet.events.models import DropInAnnouncement, Event, Registration
from ideverkstedet.events.tests.factories import EventFactory, add_session


def test_my_registrations_and_answers_are_in_my_data(client, make_user, db):
    event = EventFactory(question="Noe vi bør vite?", title="Kurs i intervju")
    add_session(event)
    person = make_user(Role.EMPLOYEE)
    services.registration_create(person=person, event=event, answer="Peanøttallergi")
    client.force_login(person)
    data = json.loads(client.get(reverse("accounts:export_data")).content)
    assert data["event_registrations"][0]["event"] == "Kurs i intervju"
    assert data["event_registrations"][0]["answer"] == "Peanøttallergi"
    assert data["event_registrations"][0]["status"] == "confirmed"


def test_deleting_my_account_frees_my_place_for_the_next_in_line_and_drops_my_answer(client, make_user, db):
    event = EventFactory(capacity=1, question="Noe vi bør vite?")
    add_session(event)
    leaving, waiting = make_user(Role.EMPLOYEE), make_user(Role.EMPLOYEE)
    mine = services.registration_create(person=leaving, event=event, answer="Peanøttallergi")
    theirs = services.registration_create(person=waiting, event=event)
    assert theirs.status == Registration.Status.WAITLISTED

    client.force_login(leaving)
    client.post(reverse("accounts:delete_account"), {"confirm": "SLETT", "password": PASSWORD})

    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.status == Registration.Status.CANCELLED
    assert mine.answer == ""
    assert theirs.status == Registration.Status.OFFERED
    assert services.places_taken(event) == 1  # the count is kept: the next person holds the place


def test_deleting_my_account_keeps_the_drop_in_count_but_not_me(client, make_user, db):
    open_day = EventFactory(registration=Event.Registration.DROP_IN_COUNT)
    add_session(open_day)
    person = make_user(Role.CITIZEN)
    services.drop_in_announce(person=person, event=open_day)
    client.force_login(person)
    data = json.loads(client.get(reverse("accounts:export_data")).content)
    assert data["drop_in_announcements"][0]["event"] == open_day.title
    client.post(reverse("accounts:delete_account"), {"confirm": "SLETT", "password": PASSWORD})
    open_day.refresh_from_db()
    assert open_day.drop_in_count == 1
    assert not DropInAnnouncement.objects.filter(person=person).exists()
