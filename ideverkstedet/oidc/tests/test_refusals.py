"""Every way a login can be wrong is refused with a clear message, and no account is created."""

import base64
import json

import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from cryptography.hazmat.primitives.asymmetric import rsa
from django.urls import reverse

from ideverkstedet.accounts.models import User
from ideverkstedet.oidc.protocol import IdvOpenIDConnectAdapter
from ideverkstedet.oidc.testing import drive_login, onward_url

PID = "05818099963"
RP = "http://testserver"
STATES = "socialaccount_states"


def claims_of(token):
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def to_callback(client, fields=None, **data):
    """Start at our login button and go through the provider; return the callback URL (not yet visited)."""
    location = onward_url(
        client.post(reverse("oidc:login", args=[data.pop("provider_id", "idporten")]), data)
    )
    fields = fields or {"pid": PID, "acr": "idporten-loa-substantial"}
    return drive_login(location, http=requests.Session(), rp=RP, fields=fields).removeprefix(RP)


def change_state(client, change):
    session = client.session
    for state_id, stashed in session[STATES].items():
        change(stashed[0])
        session[STATES][state_id] = stashed
    session.save()


def assert_refused(response, text, status=400):
    assert response.status_code == status, response.content[:300]
    page = response.content.decode()
    assert "Innloggingen gikk ikke" in page and text in page, page
    assert "Ingen konto er laget eller endret." in page
    assert not User.objects.exists() and not SocialAccount.objects.exists()


def replace_id_token(monkeypatch, provider, change):
    """The token endpoint's answer with an ID token the provider signed, but with changed claims."""
    original = IdvOpenIDConnectAdapter.get_access_token_data

    def patched(self, *args, **kwargs):
        data = original(self, *args, **kwargs)
        data["id_token"] = provider.sign(change(claims_of(data["id_token"])))
        return data

    monkeypatch.setattr(IdvOpenIDConnectAdapter, "get_access_token_data", patched)


@pytest.mark.django_db
def test_wrong_state_is_refused(client, idporten):
    callback = to_callback(client)
    response = client.get(callback.replace("state=", "state=x"))
    assert_refused(response, "hørte ikke til denne nettleseren")


@pytest.mark.django_db
def test_callback_without_any_login_started_is_refused(client, idporten):
    response = client.get(reverse("oidc:callback", args=["idporten"]) + "?code=abc&state=def")
    assert_refused(response, "hørte ikke til denne nettleseren")


@pytest.mark.django_db
def test_missing_pkce_verifier_is_refused_by_the_provider(client, idporten):
    callback = to_callback(client)
    change_state(client, lambda state: state.pop("pkce_code_verifier"))
    assert_refused(client.get(callback), "godtok ikke innloggingen")


@pytest.mark.django_db
def test_replayed_code_is_refused(client, idporten):
    callback = to_callback(client)
    saved = dict(client.session[STATES])
    assert client.get(callback)["Location"] == reverse("oidc:first_login")
    session = client.session
    session[STATES] = saved
    session.save()
    response = client.get(callback)
    assert response.status_code == 400 and "godtok ikke innloggingen" in response.content.decode()
    assert not User.objects.exists() and not SocialAccount.objects.exists()


@pytest.mark.django_db
def test_wrong_nonce_is_refused(client, idporten):
    callback = to_callback(client)
    change_state(client, lambda state: state.update(nonce="not-the-one-we-sent"))
    assert_refused(client.get(callback), "hørte ikke til denne innloggingen")


@pytest.mark.django_db
def test_acr_below_the_minimum_is_refused(client, idporten, oidc_configure):
    oidc_configure(idporten=idporten, acr="idporten-loa-high")
    callback = to_callback(client, fields={"pid": PID, "acr": "idporten-loa-substantial"})
    assert_refused(client.get(callback), "for lavt sikkerhetsnivå")


@pytest.mark.django_db
def test_asking_for_a_lower_acr_through_the_query_is_refused(client, idporten):
    url = reverse("oidc:login", args=["idporten"]) + "?auth_params=acr_values%3Didporten-loa-low"
    response = client.post(url)
    assert_refused(response, "lavere sikkerhetsnivå enn «betydelig» er ikke tillatt")


@pytest.mark.django_db
def test_asking_for_a_higher_acr_through_the_query_is_allowed(client, idporten):
    url = reverse("oidc:login", args=["idporten"]) + "?auth_params=acr_values%3Didporten-loa-high"
    assert "acr_values=idporten-loa-high" in onward_url(client.post(url))


@pytest.mark.django_db
def test_expired_id_token_is_refused(client, idporten, monkeypatch):
    replace_id_token(monkeypatch, idporten, lambda c: {**c, "iat": c["iat"] - 7200, "exp": c["iat"] - 3600})
    assert_refused(client.get(to_callback(client)), "var utløpt")


@pytest.mark.django_db
def test_id_token_for_another_audience_is_refused(client, idporten, monkeypatch):
    replace_id_token(monkeypatch, idporten, lambda c: {**c, "aud": "another-client"})
    assert_refused(client.get(to_callback(client)), "ikke laget for Ideverkstedet")


@pytest.mark.django_db
def test_id_token_from_another_issuer_is_refused(client, idporten, monkeypatch):
    replace_id_token(monkeypatch, idporten, lambda c: {**c, "iss": "https://evil.example"})
    assert_refused(client.get(to_callback(client)), "kunne ikke bekrefte svaret")


@pytest.mark.django_db
def test_id_token_with_a_bad_signature_is_refused(client, idporten, monkeypatch):
    import jwt

    original = IdvOpenIDConnectAdapter.get_access_token_data
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)

    def patched(self, *args, **kwargs):
        data = original(self, *args, **kwargs)
        header = jwt.get_unverified_header(data["id_token"])
        data["id_token"] = jwt.encode(
            claims_of(data["id_token"]), key, algorithm="RS256", headers={"kid": header["kid"]}
        )
        return data

    monkeypatch.setattr(IdvOpenIDConnectAdapter, "get_access_token_data", patched)
    assert_refused(client.get(to_callback(client)), "kunne ikke bekrefte svaret")


@pytest.mark.django_db
def test_unsigned_id_token_is_refused(client, idporten, monkeypatch):
    import jwt

    original = IdvOpenIDConnectAdapter.get_access_token_data

    def patched(self, *args, **kwargs):
        data = original(self, *args, **kwargs)
        data["id_token"] = jwt.encode(claims_of(data["id_token"]), None, algorithm="none")
        return data

    monkeypatch.setattr(IdvOpenIDConnectAdapter, "get_access_token_data", patched)
    assert_refused(client.get(to_callback(client)), "kunne ikke bekrefte svaret")


@pytest.mark.django_db
def test_cancelled_at_the_provider_is_a_clear_message(client, idporten):
    location = onward_url(client.post(reverse("oidc:login", args=["idporten"])))
    http = requests.Session()
    callback = drive_login(
        location,
        http=http,
        rp=RP,
        fields={"pid": PID, "acr": "idporten-loa-substantial"},
        consent=False,
    )
    assert_refused(client.get(callback.removeprefix(RP)), "avbrutt")


@pytest.mark.django_db
def test_provider_that_is_down_gives_a_clear_message_and_a_way_back(client, oidc_configure, settings):
    from ideverkstedet.settings import oidc_apps

    apps = oidc_apps(idporten_issuer="http://127.0.0.1:9", idporten_client_id="x", idporten_client_secret="y")
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {**settings.SOCIALACCOUNT_PROVIDERS["openid_connect"], "APPS": apps}
    }
    response = client.post(reverse("oidc:login", args=["idporten"]))
    assert_refused(response, "svarer ikke akkurat nå", status=503)
    assert reverse("accounts:login") in response.content.decode()


@pytest.mark.django_db
def test_unknown_provider_is_404(client, idporten):
    assert client.post(reverse("oidc:login", args=["facebook"])).status_code == 404
    assert client.get(reverse("oidc:callback", args=["facebook"])).status_code == 404


@pytest.mark.django_db
def test_login_start_needs_post(client, idporten):
    assert client.get(reverse("oidc:login", args=["idporten"])).status_code == 405
