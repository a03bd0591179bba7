"""Every role against the provider-login pages."""

import pytest
from django.urls import reverse

from ideverkstedet.accounts.models import MUNICIPAL_ROLES
from ideverkstedet.accounts.tests.factories import ALL_ROLES

ANONYMOUS = "anonymous"
EVERYONE = sorted({ANONYMOUS, *ALL_ROLES})


def as_(client, make_user, who):
    if who != ANONYMOUS:
        client.force_login(make_user(who))


@pytest.mark.django_db
@pytest.mark.parametrize("who", EVERYONE)
def test_choose_unit_is_for_the_municipalitys_people(client, make_user, who):
    as_(client, make_user, who)
    response = client.get(reverse("oidc:choose_unit"))
    if who == ANONYMOUS:
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    else:
        assert response.status_code == (200 if who in MUNICIPAL_ROLES else 403)


@pytest.mark.django_db
@pytest.mark.parametrize("who", EVERYONE)
def test_unlink_needs_a_login(client, make_user, who):
    as_(client, make_user, who)
    response = client.post(reverse("oidc:unlink", args=[1]))
    expected = reverse("accounts:login") if who == ANONYMOUS else reverse("accounts:profile")
    assert response.status_code == 302 and response.url.startswith(expected)


@pytest.mark.django_db
@pytest.mark.parametrize("who", EVERYONE)
def test_first_login_without_an_idporten_login_is_sent_to_log_in(client, make_user, who):
    as_(client, make_user, who)
    response = client.get(reverse("oidc:first_login"))
    assert response.status_code == 302 and response.url == reverse("accounts:login")


@pytest.mark.django_db
@pytest.mark.parametrize("who", EVERYONE)
def test_provider_views_of_an_unconfigured_provider_are_404(client, make_user, who):
    as_(client, make_user, who)
    assert client.post(reverse("oidc:login", args=["idporten"])).status_code == 404
    assert client.get(reverse("oidc:callback", args=["idporten"])).status_code == 404
    assert client.post(reverse("oidc:backchannel_logout", args=["idporten"])).status_code == 404
