"""Logout reaches the provider; back-channel logout ends our sessions; linked logins on the profile."""

import time
import uuid
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.sessions.models import Session
from django.urls import reverse

from ideverkstedet.accounts.models import Role
from ideverkstedet.accounts.tests.factories import PASSWORD
from ideverkstedet.core.models import AuditEntry
from ideverkstedet.oidc.models import ProviderSession
from ideverkstedet.oidc.testing import drive_login, onward_url

RP = "http://testserver"
EVENT = "http://schemas.openid.net/event/backchannel-logout"


def entra_login(client, username="radgiver@demo.kommune.no"):
    location = onward_url(client.post(reverse("oidc:login", args=["entra"])))
    fields = {"username": username, "password": "demo"}
    callback = drive_login(location, http=requests.Session(), rp=RP, fields=fields)
    return client.get(callback.removeprefix(RP))


def logout_token(provider, session, **changes):
    claims = {
        "iss": provider.issuer,
        "aud": provider.client_id,
        "iat": int(time.time()),
        "exp": int(time.time()) + 120,
        "jti": uuid.uuid4().hex,
        "events": {EVENT: {}},
        "sid": session.sid,
        "sub": session.subject,
    }
    claims.update(changes)
    return provider.sign({k: v for k, v in claims.items() if v is not None})


@pytest.mark.django_db
def test_logout_ends_our_session_then_goes_to_the_providers_end_session(client, entra, make_user):
    make_user(Role.ADVISOR, email="radgiver@demo.kommune.no")
    entra_login(client)
    assert ProviderSession.objects.count() == 1
    response = client.post(reverse("accounts:logout"))
    assert "Du er logget ut" in response.content.decode()
    location = urlsplit(onward_url(response))
    assert f"{location.scheme}://{location.netloc}" == entra.issuer and location.path == "/session/end"
    query = parse_qs(location.query)
    assert query["post_logout_redirect_uri"] == ["http://testserver/"]
    assert (
        jwt.decode(query["id_token_hint"][0], options={"verify_signature": False})["aud"] == entra.client_id
    )
    assert not ProviderSession.objects.exists()
    assert client.get(reverse("accounts:profile")).status_code == 302  # logged out here


@pytest.mark.django_db
def test_password_logout_stays_on_our_site(client, make_user):
    client.force_login(make_user(Role.CITIZEN))
    assert client.post(reverse("accounts:logout"))["Location"] == reverse("core:home")


@pytest.mark.django_db
def test_backchannel_logout_ends_the_sessions_of_that_provider_session(client, entra, make_user):
    make_user(Role.ADVISOR, email="radgiver@demo.kommune.no")
    entra_login(client)
    provider_session = ProviderSession.objects.get()
    assert provider_session.sid and Session.objects.filter(session_key=provider_session.session_key).exists()
    url = reverse("oidc:backchannel_logout", args=["entra"])
    response = client.post(url, {"logout_token": logout_token(entra, provider_session)})
    assert response.status_code == 200
    assert not Session.objects.filter(session_key=provider_session.session_key).exists()
    assert not ProviderSession.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "why"),
    [
        ({"aud": "someone-else"}, "audience"),
        ({"iss": "https://evil.example"}, "issuer"),
        ({"events": {"something": {}}}, "event"),
        ({"nonce": "abc"}, "nonce"),
        ({"sid": None, "sub": None}, "neither"),
        ({"iat": None}, "iat"),
    ],
)
def test_backchannel_logout_token_must_be_right(client, entra, make_user, changes, why):
    make_user(Role.ADVISOR, email="radgiver@demo.kommune.no")
    entra_login(client)
    provider_session = ProviderSession.objects.get()
    url = reverse("oidc:backchannel_logout", args=["entra"])
    response = client.post(url, {"logout_token": logout_token(entra, provider_session, **changes)})
    assert response.status_code == 400, why
    assert Session.objects.filter(session_key=provider_session.session_key).exists()


@pytest.mark.django_db
def test_backchannel_logout_token_with_a_bad_signature_is_refused(client, entra, make_user):
    make_user(Role.ADVISOR, email="radgiver@demo.kommune.no")
    entra_login(client)
    provider_session = ProviderSession.objects.get()
    good = logout_token(entra, provider_session)
    header = jwt.get_unverified_header(good)
    forged = jwt.encode(
        jwt.decode(good, options={"verify_signature": False}),
        rsa.generate_private_key(public_exponent=65537, key_size=2048),
        algorithm="RS256",
        headers={"kid": header["kid"]},
    )
    url = reverse("oidc:backchannel_logout", args=["entra"])
    assert client.post(url, {"logout_token": forged}).status_code == 400
    assert client.post(url, {"logout_token": "not-a-jwt"}).status_code == 400
    assert client.post(url, {}).status_code == 400
    assert Session.objects.filter(session_key=provider_session.session_key).exists()


@pytest.mark.django_db
def test_profile_lists_linked_logins_and_unlinks_only_when_another_way_remains(client, entra, make_user):
    user = make_user(Role.ADVISOR, email="radgiver@demo.kommune.no")
    entra_login(client)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "Entra ID" in page and "E-post og passord" in page and "Fjern" in page
    account = SocialAccount.objects.get()

    user.set_unusable_password()
    user.save()
    client.force_login(user)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "kan ikke fjernes" in page
    response = client.post(reverse("oidc:unlink", args=[account.pk]), follow=True)
    assert "den eneste måten" in response.content.decode()
    assert SocialAccount.objects.exists()

    user.set_password("et-langt-passord-1")
    user.save()
    client.force_login(user)
    client.post(reverse("oidc:unlink", args=[account.pk]))
    assert not SocialAccount.objects.exists()
    assert AuditEntry.objects.filter(action="oidc.unlinked", actor=user).exists()


@pytest.mark.django_db
def test_nobody_unlinks_another_persons_login(client, entra, make_user):
    make_user(Role.ADVISOR, email="radgiver@demo.kommune.no")
    entra_login(client)
    account = SocialAccount.objects.get()
    client.force_login(make_user(Role.CITIZEN))
    client.post(reverse("oidc:unlink", args=[account.pk]))
    assert SocialAccount.objects.exists()


@pytest.mark.django_db
def test_linked_logins_in_download_my_data_and_gone_with_the_account(client, entra, make_user):
    user = make_user(Role.ADVISOR, email="radgiver@demo.kommune.no")
    entra_login(client)
    data = client.get(reverse("accounts:export_data")).json()
    assert data["linked_logins"][0]["provider"] == "entra"
    client.post(reverse("accounts:delete_account"), {"confirm": "SLETT", "password": PASSWORD})
    assert not SocialAccount.objects.filter(user=user).exists()
    assert not ProviderSession.objects.exists()


@pytest.mark.django_db
def test_password_login_is_audited_with_its_method(client, make_user):
    make_user(Role.CITIZEN, email="kari@example.no", password="et-langt-passord-1")
    client.post(reverse("accounts:login"), {"username": "kari@example.no", "password": "et-langt-passord-1"})
    assert AuditEntry.objects.get(action="accounts.logged_in").data == {"method": "password"}
