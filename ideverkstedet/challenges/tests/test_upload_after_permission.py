"""An idea's image is not even read before permission and the posting limit are checked."""

from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from ideverkstedet.accounts.models import Role
from ideverkstedet.accounts.tests.factories import user_with_role
from ideverkstedet.challenges import services
from ideverkstedet.challenges.services import POSTS_PER_WINDOW
from ideverkstedet.challenges.tests.factories import make_challenge

pytestmark = pytest.mark.django_db


def _post_idea(client: Client, challenge):  # type: ignore[no-untyped-def]
    image = SimpleUploadedFile("Ingrid_Innbygger_selfie.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100)
    with mock.patch(
        "ideverkstedet.core.images.Image.open", side_effect=AssertionError("image was read")
    ) as opened:
        response = client.post(
            reverse("challenges:idea_new", args=[challenge.slug]),
            {"title": "Idé", "description": "Tekst", "image": image, "image_alt": "Et bilde"},
        )
    return response, opened


def test_a_closed_challenge_refuses_before_reading_the_image():
    challenge = make_challenge(visibility="public")  # not open for input
    client = Client()
    client.force_login(user_with_role(Role.CITIZEN))
    response, opened = _post_idea(client, challenge)
    assert response.status_code == 400
    assert not opened.called


def test_the_posting_limit_refuses_before_reading_the_image():
    challenge = make_challenge(visibility="public", open_for="everyone")
    citizen = user_with_role(Role.CITIZEN)
    for n in range(POSTS_PER_WINDOW):
        services.comment_create(author=citizen, challenge=challenge, body=f"Innlegg {n}")
    client = Client()
    client.force_login(citizen)
    response, opened = _post_idea(client, challenge)
    assert response.status_code == 400 and "mange innlegg" in response.content.decode()
    assert not opened.called
