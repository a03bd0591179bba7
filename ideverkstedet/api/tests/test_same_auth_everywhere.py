"""Every API endpoint accepts the same credentials: a bearer token works on rooms and events too."""

import pytest

from ideverkstedet.accounts.models import Role
from ideverkstedet.accounts.services import api_token_create
from ideverkstedet.api.api import api
from ideverkstedet.events.tests.factories import EventFactory, add_session
from ideverkstedet.rooms.tests.factories import RoomFactory


def _bearer(user) -> dict:  # type: ignore[no-untyped-def]
    _token, key = api_token_create(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_employee_with_a_token_sees_internal_events(client, make_user):
    add_session(EventFactory(title="Åpent kurs"))
    internal = EventFactory(title="Internt kurs", is_public=False)
    add_session(internal)
    headers = _bearer(make_user(Role.EMPLOYEE))
    titles = {e["title"] for e in client.get("/api/v1/events", **headers).json()}
    assert titles == {"Åpent kurs", "Internt kurs"}
    assert client.get(f"/api/v1/events/{internal.slug}", **headers).status_code == 200
    # Without credentials: only the public one.
    assert {e["title"] for e in client.get("/api/v1/events").json()} == {"Åpent kurs"}
    assert client.get(f"/api/v1/events/{internal.slug}").status_code == 404


def test_a_wrong_token_is_401_also_on_public_reads(client, db):
    RoomFactory()
    for path in ("/api/v1/rooms", "/api/v1/events", "/api/v1/methods"):
        response = client.get(path, HTTP_AUTHORIZATION="Bearer idv_feil")
        assert response.status_code == 401, path


@pytest.mark.django_db
def test_no_endpoint_switches_authentication_off():
    from ninja.constants import NOT_SET

    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                assert operation.auth_param is not None, f"{operation.view_func.__name__} has auth=None"
                assert operation.auth_param is NOT_SET or operation.auth_callbacks, (
                    operation.view_func.__name__
                )
