"""Caching never lies (issue 16): the API's event and challenge lists kept for anonymous callers
(api/plain.py, core/fragments.py).

Each test first asks as an anonymous caller, so that what it asks afterwards would come from the cache if the
cache could lie; `anonymous()` then checks that the answer is byte for byte what a cold cache builds now. Callers
with a token or a session never get the anonymous answer, nor is theirs kept; languages and origins never share.
"""

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.dummy import DummyCache
from django.test import Client
from django.utils import timezone

from ideverkstedet.accounts.models import Role
from ideverkstedet.accounts.services import api_token_create
from ideverkstedet.accounts.tests.factories import user_with_role
from ideverkstedet.challenges import services as challenge_services
from ideverkstedet.challenges.models import Challenge, Phase
from ideverkstedet.challenges.tests.factories import make_challenge, make_idea
from ideverkstedet.core import fragments
from ideverkstedet.events import services as event_services
from ideverkstedet.events.models import Event, Registration, Session
from ideverkstedet.events.tests.factories import EventFactory, EventKindFactory, add_session
from ideverkstedet.rooms.tests.factories import RoomFactory, make_booking

pytestmark = pytest.mark.django_db

EVENTS = "/api/v1/events"
CHALLENGES = "/api/v1/challenges?limit=50"


def kept() -> int:
    """How many API answers the cache holds."""
    return sum(1 for key in cache._cache if ":fragment:" in key and ":api:" in key)  # type: ignore[attr-defined]


def anonymous(url: str, **extra: Any) -> Any:
    """The anonymous answer (from the cache when it is warm), checked against what a cold cache builds now."""
    answer = Client().get(url, **extra)
    assert answer.status_code == 200
    with mock.patch.object(fragments, "cache", DummyCache("none", {})):  # built now, the cache left as it is
        fresh = Client().get(url, **extra)
    assert answer.content == fresh.content, "the cache gave an answer that is no longer true"
    return answer.json()


def events() -> dict[str, dict[str, Any]]:
    return {event["title"]: event for event in anonymous(EVENTS)}


def challenges(url: str = CHALLENGES, **extra: Any) -> dict[str, dict[str, Any]]:
    return {item["title"]: item for item in anonymous(url, **extra)["items"]}


@contextmanager
def later(delta: timedelta) -> Iterator[None]:
    """The clock moved on by `delta`: Django's (what the lists compare with) and the cache's (what expires)."""
    now, wall = timezone.now, time.time
    with (
        mock.patch("django.utils.timezone.now", lambda: now() + delta),
        mock.patch("time.time", lambda: wall() + delta.total_seconds()),
    ):
        yield


# ---------------------------------------------------------------- events


def test_places_and_the_waitlist_move_with_registrations_cancellations_and_a_move():
    event = EventFactory(title="Kurs", capacity=1)
    add_session(event)
    assert events()["Kurs"]["places_taken"] == 0 and kept() == 1
    first, second, third = (user_with_role(Role.CITIZEN) for _ in range(3))
    registration = event_services.registration_create(person=first, event=event)
    assert events()["Kurs"]["places_taken"] == 1
    event_services.registration_create(person=second, event=event)
    last = event_services.registration_create(person=third, event=event)
    assert last.status == Registration.Status.WAITLISTED
    assert events()["Kurs"]["waitlist"] == 2
    before = fragments.versions(["events"])
    event_services.waitlist_move(
        actor=user_with_role(Role.ADVISOR), registration=last, position=1, reason="Forrang"
    )
    assert fragments.versions(["events"]) != before  # only .update()s: the service raised it
    assert events()["Kurs"]["waitlist"] == 2
    event_services.registration_cancel(
        actor=first, registration=registration
    )  # the head of the line: an offer
    shown = events()["Kurs"]
    assert shown["places_taken"] == 1 and shown["waitlist"] == 1
    before = fragments.versions(["events"])
    event_services.attendance_set(
        actor=user_with_role(Role.ADVISOR), registration=registration, attended=True
    )
    assert fragments.versions(["events"]) != before


def test_a_cancelled_event_leaves_the_list_with_its_registrations_cancelled_in_bulk():
    event = EventFactory(title="Avlyses", capacity=5)
    add_session(event)
    for _ in range(3):
        event_services.registration_create(person=user_with_role(Role.CITIZEN), event=event)
    assert events()["Avlyses"]["places_taken"] == 3
    event_services.event_cancel(actor=user_with_role(Role.ADVISOR), event=event, reason="Sykdom")
    assert "Avlyses" not in events()
    assert not Registration.objects.filter(event=event, status__in=Registration.ACTIVE).exists()


def test_an_edit_a_session_a_room_a_kind_and_unpublishing_show_at_once():
    event = EventFactory(title="Gammel tittel", capacity=4)
    add_session(event, days=5)
    other = EventFactory(title="Et annet kurs")
    add_session(other, days=6)
    assert list(events()) == ["Gammel tittel", "Et annet kurs"]
    adviser = user_with_role(Role.ADVISOR)
    event_services.event_update(
        actor=adviser,
        event=event,
        title="Ny tittel",
        summary="Kort.",
        description="",
        capacity=8,
        question="",
    )
    shown = events()
    assert "Gammel tittel" not in shown and shown["Ny tittel"]["capacity"] == 8
    # A new session first for the other event: it moves to the top (starts_at is moved by an .update()).
    start = timezone.now().replace(microsecond=0) + timedelta(days=1)
    event_services.session_add(actor=adviser, event=other, start=start, end=start + timedelta(hours=2))
    shown = events()
    assert list(shown) == ["Et annet kurs", "Ny tittel"] and len(shown["Et annet kurs"]["sessions"]) == 2
    # A session in one of our rooms shows the room's name, and a new name at once.
    room = RoomFactory(name="Verkstedet")
    held = timezone.now().replace(microsecond=0) + timedelta(days=9)
    booking = make_booking(room, adviser, held, minutes=60)
    Session.objects.create(event=event, start=held, end=booking.end, booking=booking)
    assert events()["Ny tittel"]["sessions"][-1]["place"] == "Verkstedet"
    room.name = "Lab 2"
    room.save()
    assert events()["Ny tittel"]["sessions"][-1]["place"] == "Lab 2"
    Session.objects.filter(event=event, booking=booking).delete()
    assert len(events()["Ny tittel"]["sessions"]) == 1
    kind = EventKindFactory(slug="verksted", name="Verksted")
    changed = Event.objects.get(pk=event.pk)
    changed.kind = kind
    changed.save()
    assert events()["Ny tittel"]["kind"] == "verksted"
    changed.status = Event.Status.DRAFT
    changed.save(update_fields=["status"])
    assert list(events()) == ["Et annet kurs"]


def test_an_ended_event_leaves_the_list_as_time_passes():
    ending = EventFactory(title="Slutter snart")
    session = add_session(ending, days=0, hours=1)
    Session.objects.filter(pk=session.pk).update(end=timezone.now() + timedelta(minutes=10))
    add_session(EventFactory(title="Neste uke"))
    assert list(events()) == ["Slutter snart", "Neste uke"]
    with later(timedelta(minutes=11)):
        assert list(events()) == ["Neste uke"]


# ---------------------------------------------------------------- challenges


def test_counts_phases_hiding_merging_and_joining_show_at_once():
    challenge = make_challenge(title="Ensomhet", visibility="public", open_for="everyone")
    assert challenges()["Ensomhet"]["idea_count"] == 0 and kept() == 1
    citizen = user_with_role(Role.CITIZEN)
    idea = make_idea(challenge, citizen, title="Besøksvenner")
    assert challenges()["Ensomhet"]["idea_count"] == 1
    challenge_services.comment_create(
        author=citizen, challenge=challenge, idea=idea, parent=None, body="Godt forslag", is_anonymous=False
    )
    assert challenges()["Ensomhet"]["comment_count"] == 1
    challenge_services.cheer_add(user=user_with_role(Role.CITIZEN), idea=idea)  # no count the list shows
    assert challenges()["Ensomhet"]["idea_count"] == 1
    adviser = user_with_role(Role.ADVISOR)
    challenge_services.moderate_hide(actor=adviser, post=idea, reason="Personopplysninger")
    assert challenges()["Ensomhet"]["idea_count"] == 0
    challenge_services.moderate_restore(actor=adviser, post=idea, reason="Rettet")
    assert challenges()["Ensomhet"]["idea_count"] == 1
    copy = make_idea(challenge, citizen, title="Besøksvenn-ordning")
    assert challenges()["Ensomhet"]["idea_count"] == 2
    challenge_services.idea_merge(actor=challenge.owner, kept=idea, duplicates=[copy], reason="Samme idé")
    assert challenges()["Ensomhet"]["idea_count"] == 1
    skape = Phase.objects.get(slug="skape")
    challenge_services.challenge_change_phase(
        actor=challenge.owner, challenge=challenge, phase=skape, note=""
    )
    assert challenges()["Ensomhet"]["phase"]["slug"] == "skape"
    other = make_challenge(title="Ensomhet i bygda", visibility="public", open_for="everyone")
    make_idea(other, citizen, title="Kafé")
    shown = anonymous(CHALLENGES)
    assert shown["count"] == 2
    proposal = challenge_services.join_propose(
        actor=other.owner, source=other, target=challenge, keep="target", message="Samme utfordring"
    )
    challenge_services.join_answer(actor=challenge.owner, proposal=proposal, accept=True)
    shown = anonymous(CHALLENGES)
    assert shown["count"] == 1 and shown["items"][0]["idea_count"] == 2  # the merged one lives on in the kept
    challenge_services.challenge_close_input(actor=challenge.owner, challenge=challenge, outcome="Takk!")
    assert anonymous(CHALLENGES)["items"][0]["input"]["state"] == "closed"
    challenge_services.challenge_update(  # made internal: gone for anonymous callers
        actor=challenge.owner,
        challenge=challenge,
        data=challenge_services.ChallengeData(
            title="Ensomhet", summary="Kort.", description="Lang.", visibility="internal", tags=""
        ),
    )
    assert anonymous(CHALLENGES)["count"] == 0


def test_an_input_window_opens_and_closes_as_time_passes():
    closing = make_challenge(title="Stenger", visibility="public", open_for="everyone")
    opening = make_challenge(title="Åpner", visibility="public")
    now = timezone.now()
    Challenge.objects.filter(pk=closing.pk).update(input_closes_at=now + timedelta(minutes=10))
    Challenge.objects.filter(pk=opening.pk).update(
        input_opens_at=now + timedelta(minutes=5), input_closes_at=now + timedelta(days=3)
    )
    shown = challenges()
    assert shown["Stenger"]["input"]["state"] == "open" and shown["Åpner"]["input"]["state"] == "upcoming"
    assert list(challenges(CHALLENGES + "&open=true")) == ["Stenger"]
    with later(timedelta(minutes=6)):
        assert challenges()["Åpner"]["input"]["state"] == "open"
        assert set(challenges(CHALLENGES + "&open=true")) == {"Stenger", "Åpner"}
    with later(timedelta(minutes=11)):
        assert challenges()["Stenger"]["input"]["state"] == "closed"
        assert list(challenges(CHALLENGES + "&open=true")) == ["Åpner"]


def test_a_new_challenge_shows_at_once():
    make_challenge(title="Først", visibility="public")
    assert anonymous(CHALLENGES)["count"] == 1
    make_challenge(title="Så", visibility="public")
    assert set(challenges()) == {"Først", "Så"}


# ---------------------------------------------------------------- who asks


def _internal_things() -> None:
    add_session(EventFactory(title="Åpent kurs"))
    add_session(EventFactory(title="Internt kurs", is_public=False))
    make_challenge(title="Offentlig utfordring", visibility="public")
    make_challenge(title="Intern utfordring", visibility="internal")


def _titles(response: Any) -> set[str]:
    body = response.json()
    return {item["title"] for item in (body["items"] if isinstance(body, dict) else body)}


@pytest.mark.parametrize("anonymous_first", [True, False])
def test_callers_with_a_token_or_a_session_never_share_the_anonymous_answer(anonymous_first):
    _internal_things()
    adviser = Client()
    adviser.force_login(user_with_role(Role.ADVISOR))
    _token, key = api_token_create(user=user_with_role(Role.EMPLOYEE), name="test")
    token = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    for url, internal in [(EVENTS, "Internt kurs"), (CHALLENGES, "Intern utfordring")]:
        if anonymous_first:
            assert internal not in _titles(Client().get(url))
            assert kept() >= 1
        held = kept()
        assert internal in _titles(adviser.get(url))
        assert internal in _titles(Client().get(url, **token))
        assert kept() == held  # nothing kept for them
        assert internal not in _titles(Client().get(url))
        assert Client().get(url, HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    assert kept() == 2


def test_languages_and_origins_never_share_an_answer():
    make_challenge(title="Offentlig utfordring", visibility="public")
    english = {"HTTP_COOKIE": f"{settings.LANGUAGE_COOKIE_NAME}=en"}
    nb = anonymous(CHALLENGES)["items"][0]["phase"]["name"]
    en = anonymous(CHALLENGES, **english)["items"][0]["phase"]["name"]
    assert nb == "Møte" and en == "Meet"
    assert Client().get(CHALLENGES).json()["items"][0]["phase"]["name"] == "Møte"
    assert Client().get(CHALLENGES, **english).json()["items"][0]["phase"]["name"] == "Meet"
    # The API speaks what the language cookie says, whatever the browser asks for: no answer for another.
    assert Client().get(CHALLENGES, HTTP_ACCEPT_LANGUAGE="en").json()["items"][0]["phase"]["name"] == "Møte"
    # The URLs are absolute: another host or scheme gets its own answer.
    urls = {
        (host, secure): Client().get(CHALLENGES, HTTP_HOST=host, secure=secure).json()["items"][0]["url"]
        for host in ("localhost", "127.0.0.1")
        for secure in (False, True)
    }
    assert urls[("localhost", False)].startswith("http://localhost/")
    assert urls[("127.0.0.1", False)].startswith("http://127.0.0.1/")
    assert urls[("localhost", True)].startswith("https://localhost/")
    assert urls[("127.0.0.1", True)].startswith("https://127.0.0.1/")
