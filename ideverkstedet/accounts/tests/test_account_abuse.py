"""Sign-up, reset and verification do not tell who has an account, do not flood inboxes, and deleting an
account or a changed password closes the doors behind it (issue: black-box security test)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ideverkstedet.accounts.models import ApiToken, Role, User
from ideverkstedet.accounts.services import api_token_create
from ideverkstedet.accounts.tests.factories import PASSWORD
from ideverkstedet.notifications.models import OutgoingEmail

SIGN_UP = {
    "full_name": "Kari Nordmann",
    "role": Role.CITIZEN,
    "password1": "lang-og-god-setning",
    "password2": "lang-og-god-setning",
}


def _page_text(response) -> str:  # type: ignore[no-untyped-def]
    html = response.content.decode()
    return html.split("<main", 1)[1].split("</main>", 1)[0]


@pytest.mark.django_db
def test_sign_up_answers_the_same_for_a_known_and_an_unknown_address(client, make_user):
    owner = make_user(Role.CITIZEN, email="tatt@example.no", full_name="Ingrid Innbygger")
    known = client.post(reverse("accounts:sign_up"), {**SIGN_UP, "email": "TATT@example.no"})
    unknown = client.post(reverse("accounts:sign_up"), {**SIGN_UP, "email": "ny@example.no"})
    assert known.status_code == unknown.status_code == 200
    assert _page_text(known).replace("tatt@example.no", "X") == _page_text(unknown).replace(
        "ny@example.no", "X"
    )
    assert "allerede" not in known.content.decode()
    assert User.objects.filter(email__iexact="tatt@example.no").count() == 1
    # The owner is told by email instead.
    told = OutgoingEmail.objects.get(user=owner)
    assert "allerede en konto" in told.subject


@pytest.mark.django_db
def test_eight_reset_requests_send_at_most_three_emails_to_one_person(client, make_user):
    user = make_user(Role.CITIZEN, email="offer@example.no")
    for n in range(8):
        response = client.post(
            reverse("accounts:password_reset"), {"email": "offer@example.no"}, REMOTE_ADDR=f"10.0.0.{n}"
        )
        assert response.status_code == 200  # the same answer every time
    assert OutgoingEmail.objects.filter(user=user).count() == 3


@pytest.mark.django_db
def test_verification_emails_are_limited_per_address(client, make_user):
    user = make_user(Role.CITIZEN, email="uverifisert@example.no", email_verified_at=None)
    for n in range(8):
        client.post(reverse("accounts:resend_verification"), {"email": user.email}, REMOTE_ADDR=f"10.0.1.{n}")
    assert OutgoingEmail.objects.filter(user=user).count() == 3


@pytest.mark.django_db
def test_one_client_cannot_ask_for_many_account_emails(client, settings):
    settings.ACCOUNT_MAILS_PER_CLIENT = 3
    statuses = [
        client.post(reverse("accounts:password_reset"), {"email": f"p{n}@example.no"}).status_code
        for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    response = client.post(reverse("accounts:resend_verification"), {"email": "x@example.no"})
    assert response.status_code == 429 and "mange e-poster" in response.content.decode()


def test_deleting_the_account_needs_the_password(client, make_user):
    user = make_user(Role.CITIZEN)
    client.force_login(user)
    response = client.post(reverse("accounts:delete_account"), {"confirm": "SLETT"})
    assert response.status_code == 200 and "Passordet ditt" in response.content.decode()
    response = client.post(reverse("accounts:delete_account"), {"confirm": "SLETT", "password": "feil"})
    assert "Passordet er feil." in response.content.decode()
    user.refresh_from_db()
    assert user.anonymised_at is None
    client.post(reverse("accounts:delete_account"), {"confirm": "SLETT", "password": PASSWORD})
    user.refresh_from_db()
    assert user.anonymised_at is not None


def test_account_without_a_password_needs_a_fresh_login_to_be_deleted(client, make_user):
    user = make_user(Role.CITIZEN)
    user.set_unusable_password()
    user.last_login = timezone.now() - timedelta(hours=2)
    user.save()
    client.force_login(user)
    User.objects.filter(pk=user.pk).update(last_login=timezone.now() - timedelta(hours=2))
    response = client.post(reverse("accounts:delete_account"), {"confirm": "SLETT"})
    assert "Logg ut og inn igjen" in response.content.decode()
    User.objects.filter(pk=user.pk).update(last_login=timezone.now())
    client.post(reverse("accounts:delete_account"), {"confirm": "SLETT"})
    user.refresh_from_db()
    assert user.anonymised_at is not None


def _works(client, key: str) -> bool:  # type: ignore[no-untyped-def]
    return client.__class__().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200


def test_api_tokens_stop_working_when_the_password_is_changed(client, make_user):
    user = make_user(Role.EMPLOYEE)
    _token, key = api_token_create(user=user, name="Rapport")
    assert _works(client, key)
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "helt-nytt-passord-1",
            "new_password2": "helt-nytt-passord-1",
        },
    )
    assert response.status_code == 302
    assert not _works(client, key)
    assert not ApiToken.objects.filter(user=user).exists()


def test_api_tokens_stop_working_when_the_password_is_changed_any_other_way(client, make_user):
    user = make_user(Role.EMPLOYEE)
    _token, key = api_token_create(user=user, name="Rapport")
    user.set_password("satt-av-administrator-1")  # e.g. in the admin: no view remembered to revoke
    user.save()
    assert not _works(client, key)


@pytest.mark.django_db
def test_api_tokens_stop_working_after_a_password_reset(
    client, make_user, django_capture_on_commit_callbacks
):
    import re

    user = make_user(Role.EMPLOYEE, email="glemsk@kommune.no")
    _token, key = api_token_create(user=user, name="Rapport")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": user.email})
    link = re.search(r"http://\S+", OutgoingEmail.objects.get(user=user).body_text).group(0)
    client.post(
        link.replace("http://127.0.0.1:8000", ""),
        {"new_password1": "helt-nytt-passord-1", "new_password2": "helt-nytt-passord-1"},
    )
    assert not _works(client, key)
    assert not ApiToken.objects.filter(user=user).exists()


def test_profile_lists_my_tokens_with_when_each_was_last_used(client, make_user):
    user = make_user(Role.EMPLOYEE)
    _token, key = api_token_create(user=user, name="Power BI")
    api_token_create(user=user, name="Ubrukt")
    _works(client, key)
    client.force_login(user)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "Power BI" in page and "Ubrukt" in page and "Aldri" in page
