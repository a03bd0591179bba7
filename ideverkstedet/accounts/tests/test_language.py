import pytest
from django.urls import reverse

from ideverkstedet.accounts.models import Role


@pytest.mark.django_db
def test_bokmal_is_the_default_whatever_the_browser_asks_for(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert '<html lang="nb">' in response.content.decode()
    assert response.headers["Content-Language"] == "nb"


@pytest.mark.django_db
@pytest.mark.parametrize(("code", "word"), [("en", "Log in"), ("nn", "Logg inn"), ("nb", "Logg inn")])
def test_language_switch_changes_the_language_and_remembers_it(client, code, word):
    response = client.post(reverse("accounts:set_language"), {"language": code, "next": "/om/"})
    assert response.status_code == 302 and response.url == "/om/"
    assert response.cookies["ideverkstedet_language"].value == code
    html = client.get("/").content.decode()
    assert f'<html lang="{code}">' in html
    assert word in html


@pytest.mark.django_db
def test_language_switch_ignores_unknown_languages_and_foreign_redirects(client):
    response = client.post(
        reverse("accounts:set_language"), {"language": "xx", "next": "https://evil.example/"}
    )
    assert response.status_code == 302 and response.url == "/"
    assert "ideverkstedet_language" not in response.cookies


def test_logged_in_person_keeps_their_language_on_the_account(client, make_user):
    user = make_user(Role.CITIZEN, language="nb")
    client.force_login(user)
    client.post(reverse("accounts:set_language"), {"language": "nn", "next": "/"})
    user.refresh_from_db()
    assert user.language == "nn"
    # A new browser without the cookie still gets the person's language after logging in.
    client.cookies.clear()
    client.force_login(user)
    assert '<html lang="nn">' in client.get("/").content.decode()


def test_profile_language_choice_applies_at_once(client, make_user):
    user = make_user(Role.EMPLOYEE)
    client.force_login(user)
    response = client.post(reverse("accounts:profile_edit"), {"full_name": "Nytt Navn", "language": "en"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == "en" and user.full_name == "Nytt Navn"
    assert '<html lang="en">' in client.get(reverse("accounts:profile")).content.decode()


def test_profile_edit_with_empty_name_keeps_input_and_explains(client, make_user):
    client.force_login(make_user(Role.EMPLOYEE))
    response = client.post(reverse("accounts:profile_edit"), {"full_name": "", "language": "nn"})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()


@pytest.mark.django_db
def test_dates_are_written_the_norwegian_way(client, make_user):
    import datetime

    from django.utils import timezone

    user = make_user(Role.CITIZEN, date_joined=timezone.make_aware(datetime.datetime(2026, 11, 26, 12, 0)))
    client.force_login(user)
    assert "26. november 2026" in client.get(reverse("accounts:profile")).content.decode()
