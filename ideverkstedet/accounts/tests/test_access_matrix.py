"""Every role against every page that exists: who gets in, who is sent to log in, who is refused."""

import pytest
from django.urls import reverse

from ideverkstedet.accounts.models import Role
from ideverkstedet.accounts.tests.factories import ALL_ROLES

ANONYMOUS = "anonymous"
EVERYONE = {ANONYMOUS, *ALL_ROLES}
LOGGED_IN = set(ALL_ROLES)

# page name -> who may open it. Everyone else: a visitor is sent to log in (302), a person gets 403.
PAGES = {
    "core:home": EVERYONE,
    "core:about": EVERYONE,
    "core:privacy": EVERYONE,
    "core:accessibility": EVERYONE,
    "accounts:login": EVERYONE,
    "accounts:password_reset": EVERYONE,
    "accounts:resend_verification": EVERYONE,
    "accounts:sign_up": EVERYONE,
    "accounts:profile": LOGGED_IN,
    "accounts:profile_edit": LOGGED_IN,
    "accounts:password_change": LOGGED_IN,
    "accounts:export_data": LOGGED_IN,
    "accounts:delete_account": LOGGED_IN,
    "notifications:list": LOGGED_IN,
    "notifications:settings": LOGGED_IN,
}


def _expected(name: str, who: str) -> int:
    if who in PAGES[name]:
        # Logged-in people who open log-in or sign-up are taken to their own page instead.
        return 302 if name in {"accounts:login", "accounts:sign_up"} and who != ANONYMOUS else 200
    return 302 if who == ANONYMOUS else 403


@pytest.mark.django_db
@pytest.mark.parametrize("who", sorted(EVERYONE))
@pytest.mark.parametrize("name", sorted(PAGES))
def test_role_page_matrix(client, make_user, who, name):
    if who != ANONYMOUS:
        client.force_login(make_user(who))
    response = client.get(reverse(name))
    assert response.status_code == _expected(name, who), (name, who)
    if response.status_code == 302 and who == ANONYMOUS:
        assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.django_db
@pytest.mark.parametrize("who", sorted(EVERYONE))
def test_only_administrators_reach_the_django_admin(client, make_user, who):
    if who != ANONYMOUS:
        client.force_login(make_user(who))
    response = client.get(reverse("admin:index"))
    assert response.status_code == (200 if who == Role.ADMINISTRATOR else 302)


@pytest.mark.django_db
@pytest.mark.parametrize("who", sorted(EVERYONE))
def test_api_me_matrix(client, make_user, who):
    if who != ANONYMOUS:
        client.force_login(make_user(who))
    response = client.get("/api/v1/me")
    assert response.status_code == (401 if who == ANONYMOUS else 200)


def test_unverified_person_cannot_make_api_tokens(client, make_user):
    user = make_user(Role.CITIZEN, email_verified_at=None)
    client.force_login(user)
    assert client.post(reverse("accounts:api_token_create"), {"name": "x"}).status_code == 403
    assert not user.api_tokens.exists()


def test_nobody_revokes_someone_elses_token(client, make_user):
    from ideverkstedet.accounts.services import api_token_create

    owner, other = make_user(Role.EMPLOYEE), make_user(Role.EMPLOYEE)
    token, _key = api_token_create(user=owner, name="Min")
    client.force_login(other)
    client.post(reverse("accounts:api_token_revoke", args=[token.pk]))
    assert owner.api_tokens.filter(pk=token.pk).exists()


def test_nobody_reads_someone_elses_notification(client, make_user):
    from ideverkstedet.notifications.services import notify

    owner, other = make_user(Role.CITIZEN), make_user(Role.CITIZEN)
    notice = notify(user=owner, title="Privat beskjed", url="/om/")
    client.force_login(other)
    assert "Privat beskjed" not in client.get(reverse("notifications:list")).content.decode()
    response = client.post(reverse("notifications:open", args=[notice.pk]))
    assert response.url == reverse("notifications:list")
    notice.refresh_from_db()
    assert notice.read_at is None
