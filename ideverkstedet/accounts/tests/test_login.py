import pytest
from django.urls import reverse

from ideverkstedet.accounts.models import Role
from ideverkstedet.accounts.tests.factories import PASSWORD


def test_log_in_and_log_out(client, make_user):
    user = make_user(Role.EMPLOYEE)
    response = client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("accounts:profile")
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert client.get(reverse("accounts:logout")).status_code == 405  # logging out is a POST
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_wrong_password_gives_a_clear_message(client, make_user):
    user = make_user(Role.CITIZEN)
    response = client.post(reverse("accounts:login"), {"username": user.email, "password": "feil"})
    assert response.status_code == 200
    assert "Feil e-postadresse eller passord" in response.content.decode()


def test_login_email_is_case_insensitive(client, make_user):
    user = make_user(Role.CITIZEN, email="ola@example.no")
    response = client.post(reverse("accounts:login"), {"username": "OLA@Example.no", "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()
    assert int(client.session["_auth_user_id"]) == user.pk


def test_repeated_failures_lock_the_account_out_even_with_the_right_password(client, make_user):
    user = make_user(Role.CITIZEN)
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": user.email, "password": "gjetting"})
    response = client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "For mange forsøk" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_redirects_to_next_only_on_our_own_site(client, make_user):
    user = make_user(Role.CITIZEN)
    response = client.post(
        reverse("accounts:login") + "?next=https://evil.example/",
        {"username": user.email, "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response.status_code == 302 and "evil" not in response.url


@pytest.mark.django_db
def test_pages_that_need_login_send_visitors_to_the_login_page(client):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
