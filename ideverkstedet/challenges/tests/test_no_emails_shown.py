"""Names shown to others never fall back to the email address."""

import pytest
from django.urls import reverse

from ideverkstedet.accounts.models import Role
from ideverkstedet.challenges.tests.factories import make_challenge


@pytest.mark.django_db
def test_a_person_without_a_name_is_not_shown_by_their_email(client, make_user):
    owner = make_user(Role.EMPLOYEE, full_name="", email="hemmelig.adresse@demo.kommune.no")
    assert owner.display_name == "Navn ikke oppgitt" and "@" not in str(owner) + owner.get_short_name()
    challenge = make_challenge(owner, visibility="public")
    client.force_login(make_user(Role.CITIZEN))
    for url in (challenge.get_absolute_url(), reverse("challenges:team", args=[challenge.slug])):
        page = client.get(url).content.decode()
        assert "hemmelig.adresse" not in page, url
