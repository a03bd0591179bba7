"""Who a client is, for our rate limits and django-axes' login lock-out, with and without a proxy in front."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from ideverkstedet.accounts.models import Role, User
from ideverkstedet.accounts.tests.factories import PASSWORD
from ideverkstedet.core.ratelimit import client_address, client_key

BALANCER = "10.0.0.5"
SIGN_UP = {
    "full_name": "Kari Nordmann",
    "role": Role.CITIZEN,
    "password1": "lang-og-god-setning",
    "password2": "lang-og-god-setning",
}


def _request(forwarded: str | None, remote: str = BALANCER):  # type: ignore[no-untyped-def]
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_without_a_proxy_x_forwarded_for_is_ignored(settings):
    settings.BEHIND_PROXY = False
    assert client_address(_request("203.0.113.7", remote="198.51.100.1")) == "198.51.100.1"
    assert client_key(_request("1.1.1.1"), "x") == client_key(_request("2.2.2.2"), "x")


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (1, "203.0.113.7", "203.0.113.7"),
        # The client wrote the first entry itself: only what our one proxy added counts.
        (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),
        (2, "6.6.6.6, 203.0.113.7, 10.0.0.9", "203.0.113.7"),
        # Fewer entries than proxies, or rubbish: the direct peer is all we know.
        (2, "203.0.113.7", BALANCER),
        (1, "not-an-address", BALANCER),
        (1, None, BALANCER),
    ],
)
def test_behind_a_proxy_the_address_comes_from_the_trusted_end_of_x_forwarded_for(
    settings, proxies, forwarded, expected
):
    settings.BEHIND_PROXY = True
    settings.TRUSTED_PROXY_COUNT = proxies
    assert client_address(_request(forwarded)) == expected


@pytest.mark.django_db
def test_behind_a_proxy_sign_up_limit_is_per_client_not_for_the_whole_site(client, settings):
    settings.BEHIND_PROXY = True
    settings.SIGN_UP_RATE_LIMIT = 2
    for n in range(4):  # four people, one balancer address, two sign-ups each allowed
        response = client.post(
            reverse("accounts:sign_up"),
            {**SIGN_UP, "email": f"p{n}@example.no"},
            REMOTE_ADDR=BALANCER,
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        )
        assert response.status_code == 200
    assert User.objects.count() == 4


@pytest.mark.django_db
def test_without_a_proxy_setting_forged_headers_do_not_escape_the_sign_up_limit(client, settings):
    settings.BEHIND_PROXY = False
    settings.SIGN_UP_RATE_LIMIT = 2
    statuses = [
        client.post(
            reverse("accounts:sign_up"),
            {**SIGN_UP, "email": f"p{n}@example.no"},
            REMOTE_ADDR="198.51.100.1",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        ).status_code
        for n in range(3)
    ]
    assert statuses == [200, 200, 429]


def _fail_logins(client, email: str, forwarded: str, times: int = 5) -> None:  # type: ignore[no-untyped-def]
    for _ in range(times):
        client.post(
            reverse("accounts:login"),
            {"username": email, "password": "gjetting"},
            REMOTE_ADDR=BALANCER,
            HTTP_X_FORWARDED_FOR=forwarded,
        )


def _log_in(client, email: str, forwarded: str):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("accounts:login"),
        {"username": email, "password": PASSWORD},
        REMOTE_ADDR=BALANCER,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_behind_a_proxy_an_attacker_cannot_lock_the_owner_out(client, make_user, settings):
    settings.BEHIND_PROXY = True
    user = make_user(Role.CITIZEN)
    _fail_logins(client, user.email, "6.6.6.6")
    assert _log_in(client, user.email, "6.6.6.6").status_code == 429  # the attacker is locked out
    assert _log_in(client, user.email, "203.0.113.7").status_code == 302  # the owner is not


def test_without_a_proxy_setting_forged_headers_do_not_escape_the_lock_out(client, make_user, settings):
    settings.BEHIND_PROXY = False
    user = make_user(Role.CITIZEN)
    _fail_logins(client, user.email, "6.6.6.6")
    assert _log_in(client, user.email, "203.0.113.7").status_code == 429
