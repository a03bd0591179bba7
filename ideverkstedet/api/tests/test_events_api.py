import pytest

from ideverkstedet.accounts.models import Role
from ideverkstedet.accounts.services import api_token_create
from ideverkstedet.events.models import Event
from ideverkstedet.events.tests.factories import EventFactory, EventKindFactory, add_session


def _auth(user) -> dict:
    _token, key = api_token_create(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.mark.django_db
def test_event_list_filters_by_kind_and_hides_internal_events(client):
    add_session(EventFactory(title="Kurs A"))
    add_session(EventFactory(title="Åpen dag", kind=EventKindFactory(slug="apen-dag", name="Åpen dag")))
    add_session(EventFactory(title="Internt", is_public=False))
    titles = [e["title"] for e in client.get("/api/v1/events").json()]
    assert "Kurs A" in titles and "Åpen dag" in titles and "Internt" not in titles
    assert [e["title"] for e in client.get("/api/v1/events?kind=apen-dag").json()] == ["Åpen dag"]
    assert client.get("/api/v1/events?from=tull").status_code == 422


def test_register_and_cancel_through_the_api(client, make_user):
    event = EventFactory(capacity=1)
    add_session(event)
    a, b = make_user(Role.EMPLOYEE), make_user(Role.EMPLOYEE)
    first = client.post(
        f"/api/v1/events/{event.slug}/registration", {}, content_type="application/json", **_auth(a)
    )
    assert first.status_code == 201 and first.json()["status"] == "confirmed"
    again = client.post(
        f"/api/v1/events/{event.slug}/registration", {}, content_type="application/json", **_auth(a)
    )
    assert again.status_code == 409 and again.json()["error"] == "already"
    second = client.post(
        f"/api/v1/events/{event.slug}/registration", {}, content_type="application/json", **_auth(b)
    )
    assert second.json()["status"] == "waitlisted" and second.json()["waitlist_position"] == 1
    response = client.delete(f"/api/v1/events/{event.slug}/registration", **_auth(a))
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    assert client.get(f"/api/v1/events/{event.slug}").json()["places_taken"] == 1  # b holds an offer


def test_unknown_or_draft_event_is_404(client, make_user):
    draft = EventFactory(status=Event.Status.DRAFT)
    assert client.get(f"/api/v1/events/{draft.slug}").status_code == 404
    assert client.get("/api/v1/events/finnes-ikke").status_code == 404
