import re

import pytest
from django.urls import reverse

from ideverkstedet.accounts.models import Role
from ideverkstedet.notifications.models import OutgoingEmail


@pytest.mark.django_db
def test_password_reset_from_email_to_new_password(
    client, make_user, django_capture_on_commit_callbacks, mailoutbox
):
    user = make_user(Role.CITIZEN, email="glemsk@example.no")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": "Glemsk@example.no"})
    assert response.status_code == 200
    assert len(mailoutbox) == 1
    link = re.search(r"http://\S+", OutgoingEmail.objects.get(user=user).body_text).group(0)
    link = link.replace("http://127.0.0.1:8000", "")
    response = client.post(
        link, {"new_password1": "helt-nytt-passord-1", "new_password2": "helt-nytt-passord-1"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("helt-nytt-passord-1")
    # The link is spent once the password has changed.
    assert client.get(link).status_code == 400


@pytest.mark.django_db
def test_password_reset_for_unknown_address_sends_nothing_and_says_the_same(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": "ukjent@example.no"})
    assert response.status_code == 200
    assert "Hvis det finnes en konto" in response.content.decode()
    assert mailoutbox == []


@pytest.mark.django_db
def test_password_reset_with_mismatched_passwords_keeps_the_form(client, make_user):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    user = make_user(Role.CITIZEN)
    url = reverse(
        "accounts:password_reset_confirm",
        args=[urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)],
    )
    response = client.post(url, {"new_password1": "helt-nytt-passord-1", "new_password2": "annet-passord-2"})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()


def test_change_password_when_logged_in(client, make_user):
    from ideverkstedet.accounts.tests.factories import PASSWORD

    user = make_user(Role.EMPLOYEE)
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "enda-bedre-passord",
            "new_password2": "enda-bedre-passord",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("enda-bedre-passord")
    assert client.get(reverse("accounts:profile")).status_code == 200  # still logged in


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "again"),
    [
        ("accounts:password_reset_confirm", "accounts:password_reset"),
        ("accounts:verify_email", "accounts:resend_verification"),
    ],
)
def test_a_link_that_no_longer_works_says_so_and_offers_a_new_one(client, name, again):
    response = client.get(reverse(name, args=["MTIz", "gammel-lenke"]))
    html = response.content.decode()
    assert "Lenken virker ikke" in html
    assert f'href="{reverse(again)}"' in html
