"""Every 4xx the API gives has the one documented error shape, and the schema says so for every operation."""

from datetime import timedelta

import jsonschema_rs
import pytest
from django.utils import timezone

from ideverkstedet.accounts.models import Role
from ideverkstedet.accounts.services import api_token_create
from ideverkstedet.api.errors import ERROR_STATUSES
from ideverkstedet.challenges import services
from ideverkstedet.challenges.models import Audience, Visibility
from ideverkstedet.challenges.services import ChallengeData
from ideverkstedet.rooms.tests.factories import RoomFactory

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _open_challenge(owner, *, opens: int = -1):
    challenge = services.challenge_create(
        owner=owner, data=ChallengeData(title="Køer", description="…", visibility=Visibility.PUBLIC)
    )
    now = timezone.now()
    return services.challenge_open_for_input(
        actor=owner,
        challenge=challenge,
        opens_at=now + timedelta(days=opens),
        closes_at=now + timedelta(days=9),
        question="Hva?",
        audience=Audience.EVERYONE,
    )


def _auth(user) -> dict:
    _token, key = api_token_create(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def schema(client):
    return client.get("/api/v1/openapi.json").json()


@pytest.fixture
def check(schema):
    """Assert a response has status `status`, is documented for its operation and fits ErrorOut."""
    validator = jsonschema_rs.validator_for(
        {"$ref": "#/components/schemas/ErrorOut", "components": schema["components"]}
    )

    def _check(response, status: int, path: str, method: str, code: str | None = None) -> dict:
        assert response.status_code == status, response.content
        documented = schema["paths"][path][method]["responses"][str(status)]
        assert documented["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/ErrorOut"
        }
        body = response.json()
        validator.validate(body)
        assert body["problems"] and body["error"] == body["problems"][0]["code"]
        assert isinstance(body["detail"], str) and body["detail"] == body["problems"][0]["message"]
        if code is not None:
            assert body["error"] == code
        return body

    return _check


def test_the_schema_has_no_duplicate_keys(client):
    """Swagger UI reads the schema as YAML, which refuses a key twice (ninja's int 403 beside our "403")."""
    import json

    def no_duplicates(pairs):
        keys = [key for key, _value in pairs]
        assert len(keys) == len(set(keys)), keys
        return dict(pairs)

    json.loads(client.get("/api/v1/openapi.json").content, object_pairs_hook=no_duplicates)


def test_every_operation_documents_every_error_status(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for status in ERROR_STATUSES:
                assert str(status) in operation["responses"], (method, path, status)


def test_401_without_credentials(client, check):
    check(client.get("/api/v1/me"), 401, "/api/v1/me", "get", "unauthenticated")


def test_403_when_the_rules_say_no(client, check, make_user):
    challenge = _open_challenge(make_user(Role.EMPLOYEE))
    citizen = make_user(Role.CITIZEN)
    idea = services.idea_create(author=citizen, challenge=challenge, title="Idé", description="…")
    response = client.post(
        f"/api/v1/ideas/{idea.pk}/status",
        {"status": "testing", "note": "Vi tester"},
        content_type=JSON,
        **_auth(citizen),
    )
    check(response, 403, "/api/v1/ideas/{idea_id}/status", "post", "forbidden")


def test_404_for_what_one_may_not_know(client, check):
    check(client.get("/api/v1/challenges/finnes-ikke"), 404, "/api/v1/challenges/{slug}", "get", "not_found")


def test_409_when_the_state_stands_in_the_way(client, check, make_user):
    challenge = _open_challenge(make_user(Role.EMPLOYEE), opens=2)
    response = client.post(
        f"/api/v1/challenges/{challenge.slug}/ideas",
        {"title": "Tidlig", "description": "…"},
        content_type=JSON,
        **_auth(make_user(Role.CITIZEN)),
    )
    check(response, 409, "/api/v1/challenges/{slug}/ideas", "post", "not_open_yet")


def test_422_from_a_service_rule_lists_the_problems(client, check):
    room = RoomFactory()
    response = client.get(f"/api/v1/rooms/{room.pk}/availability?from=2030-01-10&to=2030-01-01")
    body = check(response, 422, "/api/v1/rooms/{room_id}/availability", "get", "bad_range")
    assert body["problems"][0]["field"] == "to"


def test_422_from_request_validation_has_a_string_detail_and_problems(client, check):
    body = check(client.get("/api/v1/challenges?limit=0"), 422, "/api/v1/challenges", "get")
    assert body["problems"][0]["field"] == "limit"


def test_422_for_a_malformed_body(client, check, make_user):
    response = client.post(
        "/api/v1/bookings", "{not json", content_type=JSON, **_auth(make_user(Role.EMPLOYEE))
    )
    assert response.status_code in {400, 422}
    check(response, response.status_code, "/api/v1/bookings", "post")
