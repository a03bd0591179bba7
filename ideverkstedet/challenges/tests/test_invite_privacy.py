"""Inviting to a team does not look up whose an email address is (issue: black-box security test)."""

import pytest
from django.test import Client
from django.urls import reverse

from ideverkstedet.accounts.models import Role
from ideverkstedet.accounts.tests.factories import user_with_role
from ideverkstedet.challenges.models import Membership
from ideverkstedet.challenges.tests.factories import make_challenge
from ideverkstedet.notifications.models import OutgoingEmail

pytestmark = pytest.mark.django_db


def _invite(client: Client, challenge, email: str) -> str:  # type: ignore[no-untyped-def]
    response = client.post(reverse("challenges:team", args=[challenge.slug]), {"email": email}, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    return html.split('class="messages"', 1)[1].split("</ul>", 1)[0]


def test_the_answer_is_the_same_for_an_account_a_member_and_no_account():
    challenge = make_challenge(visibility="public")
    user_with_role(Role.CITIZEN, full_name="Ingrid Innbygger", email="ingrid@example.no")
    owner = Client()
    owner.force_login(challenge.owner)
    answers = {
        _invite(owner, challenge, "ingrid@example.no"),
        _invite(owner, challenge, "ingrid@example.no"),  # already invited
        _invite(owner, challenge, challenge.owner.email),  # already on the team
        _invite(owner, challenge, "ingen@example.no"),  # no account
    }
    assert len(answers) == 1
    page = owner.get(reverse("challenges:team", args=[challenge.slug])).content.decode()
    assert "Ingrid" not in page and "Ingrid" not in answers.pop()
    assert Membership.objects.filter(challenge=challenge, user__email="ingrid@example.no").exists()


def test_an_address_without_an_account_gets_an_invitation_to_sign_up():
    challenge = make_challenge(visibility="public")
    owner = Client()
    owner.force_login(challenge.owner)
    _invite(owner, challenge, "ny@example.no")
    mail = OutgoingEmail.objects.get(to="ny@example.no")
    assert reverse("accounts:sign_up") in mail.body_text


def test_an_internal_challenge_does_not_say_that_the_address_is_a_citizens():
    challenge = make_challenge(visibility="internal")
    user_with_role(Role.CITIZEN, email="innbygger@example.no")
    owner = Client()
    owner.force_login(challenge.owner)
    assert _invite(owner, challenge, "innbygger@example.no") == _invite(owner, challenge, "ingen@example.no")
    assert not Membership.objects.filter(challenge=challenge, user__email="innbygger@example.no").exists()
