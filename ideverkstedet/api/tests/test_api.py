import pytest

from ideverkstedet.accounts.models import Role


@pytest.mark.django_db
def test_openapi_schema_is_public_and_lists_me(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Ideverkstedet API"
    assert "/api/v1/me" in schema["paths"]
    schemes = schema["components"]["securitySchemes"]
    assert {"TokenAuth", "CookieSession"} <= set(schemes)


@pytest.mark.django_db
def test_me_without_credentials_is_401_with_a_machine_readable_body(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json() == {
        "error": "unauthenticated",
        "detail": "Log in or send a valid API token.",
        "problems": [
            {"code": "unauthenticated", "message": "Log in or send a valid API token.", "field": None}
        ],
    }


@pytest.mark.django_db
def test_me_with_a_made_up_token_is_401(client):
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer idv_tull")
    assert response.status_code == 401


def test_me_with_session_describes_the_person(client, make_user):
    user = make_user(Role.EMPLOYEE, full_name="Ansatt Person")
    client.force_login(user)
    body = client.get("/api/v1/me").json()
    assert body["full_name"] == "Ansatt Person"
    assert body["role"] == "employee"
    assert body["role_label"] == "ansatt"
    assert body["unit"]["name"] == user.unit.name
    assert body["service_area"]["name"] == user.unit.service_area.name
    assert body["organisation"] is None
    assert body["email_verified"] is True


@pytest.mark.django_db
def test_unknown_api_path_is_a_json_404(client):
    response = client.get("/api/v1/finnes-ikke")
    assert response.status_code == 404
