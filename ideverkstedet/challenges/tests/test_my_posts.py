"""'Mine utfordringer og innlegg' tells a person they are blocked only when they are."""

import pytest
from django.test import Client
from django.urls import reverse

from ideverkstedet.accounts.models import Role
from ideverkstedet.accounts.tests.factories import user_with_role
from ideverkstedet.challenges import services

pytestmark = pytest.mark.django_db

BLOCKED = "Kontoen din er stengt for nye innlegg."


def _page_for(user) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("challenges:my_posts"))
    assert response.status_code == 200
    return response.text


def test_an_unblocked_person_is_not_told_they_are_blocked():
    assert BLOCKED not in _page_for(user_with_role(Role.CITIZEN))


def test_a_blocked_person_sees_why():
    citizen = user_with_role(Role.CITIZEN)
    services.block_user(actor=user_with_role(Role.ADVISOR), user=citizen, reason="Gjentatt hets")
    text = _page_for(citizen)
    assert BLOCKED in text and "Gjentatt hets" in text
