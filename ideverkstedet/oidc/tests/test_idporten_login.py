"""Citizens log in with ID-porten: against a real OpenID Connect provider in ID-porten's shape."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from django.core import mail
from django.urls import reverse

from ideverkstedet.accounts.models import Role, User
from ideverkstedet.core.models import AuditEntry
from ideverkstedet.oidc.testing import drive_login, onward_url

PID = "05818099963"
RP = "http://testserver"


def start(client, provider_id="idporten", **data):
    return onward_url(client.post(reverse("oidc:login", args=[provider_id]), data))


def log_in_at_idporten(client, pid=PID, acr="idporten-loa-substantial", http=None, **data):
    """Our login button, the provider's login and consent pages, and back to our callback."""
    http = http or requests.Session()
    location = start(client, **data)
    callback = drive_login(location, http=http, rp=RP, fields={"pid": pid, "acr": acr})
    return client.get(callback.removeprefix(RP)), http


def verification_link():
    body = mail.outbox[-1].body
    return urlsplit(re.search(r"http://\S+/konto/bekreft/\S+/", body).group(0)).path


@pytest.mark.django_db
def test_login_page_shows_only_configured_providers(client, idporten):
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Logg inn med ID-porten" in page
    assert "Logg inn med jobbkonto" not in page


@pytest.mark.django_db
def test_login_page_without_providers_has_no_buttons(client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert "ID-porten" not in page and "jobbkonto" not in page


@pytest.mark.django_db
def test_authorization_request_has_pkce_state_nonce_acr_and_language(client, idporten):
    location = start(client)
    query = parse_qs(urlsplit(location).query)
    assert location.startswith(idporten.issuer)
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"][0]
    assert query["state"][0] and query["nonce"][0]
    assert query["acr_values"] == ["idporten-loa-substantial"]
    assert query["ui_locales"] == ["nb"]


@pytest.mark.django_db
def test_first_idporten_login_asks_name_and_email_verifies_and_creates_a_citizen(
    client, idporten, django_capture_on_commit_callbacks
):
    response, http = log_in_at_idporten(client)
    assert response.status_code == 302 and response["Location"] == reverse("oidc:first_login")
    assert not User.objects.exists()

    page = client.get(reverse("oidc:first_login"))
    assert "ID-porten forteller oss ikke navnet ditt" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("oidc:first_login"), {"full_name": "Kari Nordmann", "email": "kari@example.no"}
        )
    assert response.status_code == 200 and "Sjekk e-posten din" in response.content.decode()
    user = User.objects.get()
    assert user.role == Role.CITIZEN and user.full_name == "Kari Nordmann" and user.email_verified_at is None
    assert not user.has_usable_password()

    client.post(verification_link())
    user.refresh_from_db()
    assert user.email_verified_at is not None

    # Logging in again goes straight through: the provider still has its session, we know the person.
    response, _http = log_in_at_idporten(client, http=http)
    assert response.status_code == 302 and response["Location"] == reverse("accounts:profile")
    assert client.get(reverse("accounts:profile")).context["user"] == user
    account = SocialAccount.objects.get(user=user)
    assert account.provider == "idporten" and account.uid != PID and len(account.uid) == 64  # pairwise sub
    assert "pid" not in account.extra_data
    entry = AuditEntry.objects.filter(action="accounts.logged_in").get()
    assert entry.data == {"method": "idporten", "acr": "idporten-loa-substantial"}


@pytest.mark.django_db
def test_ui_locales_follow_the_page_language(client, idporten):
    client.cookies["ideverkstedet_language"] = "nn"
    location = start(client)
    assert parse_qs(urlsplit(location).query)["ui_locales"] == ["nn"]


@pytest.mark.django_db
def test_existing_local_account_is_linked_only_after_logging_in_locally(client, idporten, make_user):
    user = make_user(Role.CITIZEN, email="ola@example.no")
    client.force_login(user)
    http = requests.Session()
    callback = drive_login(
        start(client, process="connect"), http=http, rp=RP, fields={"pid": PID, "acr": "idporten-loa-high"}
    )
    response = client.get(callback.removeprefix(RP))
    assert response["Location"] == reverse("accounts:profile") + "#innlogginger"
    assert SocialAccount.objects.get().user == user
    assert AuditEntry.objects.filter(action="oidc.linked", actor=user).exists()

    client.logout()
    response, _http = log_in_at_idporten(client, http=http)
    assert response["Location"] == reverse("accounts:profile")
    assert client.get(reverse("accounts:profile")).context["user"] == user


@pytest.mark.django_db
def test_first_login_refuses_an_email_of_another_account(client, idporten, make_user):
    make_user(Role.CITIZEN, email="ola@example.no")
    log_in_at_idporten(client)
    response = client.post(reverse("oidc:first_login"), {"full_name": "Ola", "email": "OLA@example.no"})
    assert response.status_code == 200
    assert "koble til ID-porten fra Min side" in response.content.decode()
    assert User.objects.count() == 1 and not SocialAccount.objects.exists()


@pytest.mark.django_db
def test_first_login_page_without_an_idporten_login_goes_to_login(client):
    response = client.get(reverse("oidc:first_login"))
    assert response["Location"] == reverse("accounts:login")
