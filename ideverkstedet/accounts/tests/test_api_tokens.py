from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from ideverkstedet.accounts.models import ApiToken, Role


def test_token_made_on_the_profile_page_is_shown_once_and_works(client, make_user):
    user = make_user(Role.EMPLOYEE)
    client.force_login(user)
    response = client.post(reverse("accounts:api_token_create"), {"name": "Power BI"})
    assert response.status_code == 302
    page = client.get(reverse("accounts:profile")).content.decode()
    token = ApiToken.objects.get(user=user)
    key = page.split('<p class="secret">')[1].split("</p>")[0]
    assert key.startswith("idv_") and ApiToken.hash_key(key) == token.key_hash
    assert key not in client.get(reverse("accounts:profile")).content.decode()  # shown once only
    assert key not in token.key_hash and key != token.hint

    api = client.__class__()
    response = api.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200
    assert response.json()["email"] == user.email
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_token_without_a_name_is_refused_with_a_message(client, make_user):
    client.force_login(make_user(Role.EMPLOYEE))
    response = client.post(reverse("accounts:api_token_create"), {"name": ""})
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()


def test_revoked_token_stops_working(client, make_user):
    user = make_user(Role.CITIZEN)
    client.force_login(user)
    client.post(reverse("accounts:api_token_create"), {"name": "Skript"})
    key = client.session["new_api_token"]
    token = ApiToken.objects.get(user=user)
    client.post(reverse("accounts:api_token_revoke", args=[token.pk]))
    assert not ApiToken.objects.exists()
    response = client.__class__().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 401
    assert response.json()["error"] == "unauthenticated"


def test_token_of_a_deactivated_account_stops_working(client, make_user):
    from ideverkstedet.accounts.services import api_token_create

    user = make_user(Role.CITIZEN)
    _token, key = api_token_create(user=user, name="x")
    user.is_active = False
    user.save()
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


def test_create_api_token_command_prints_a_working_token(client, make_user):
    user = make_user(Role.ADVISOR, email="radgiver@kommune.no")
    out = StringIO()
    call_command("create_api_token", "Radgiver@kommune.no", "--name", "Statistikk", stdout=out)
    key = out.getvalue().strip()
    assert ApiToken.objects.get(user=user).name == "Statistikk"
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.json()["role"] == Role.ADVISOR


@pytest.mark.django_db
def test_create_api_token_command_refuses_unknown_address():
    with pytest.raises(CommandError, match="No active account"):
        call_command("create_api_token", "ingen@example.no")
