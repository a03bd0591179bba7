"""Blocking from a post never tells an adviser who wrote an anonymous post (issue: black-box security test).

The attack: block the author of an anonymous idea, then the named author of another post. If the answers
differ ("already blocked", "advisers cannot be blocked"), the anonymous author is unmasked.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from ideverkstedet.accounts.models import Role
from ideverkstedet.accounts.tests.factories import user_with_role
from ideverkstedet.challenges import services
from ideverkstedet.challenges.models import PostingBlock
from ideverkstedet.challenges.tests.factories import make_challenge

pytestmark = pytest.mark.django_db


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def _message(response) -> str:  # type: ignore[no-untyped-def]
    html = response.content.decode()
    found = re.findall(r'class="message[^"]*"[^>]*>(.*?)</', html, re.S)
    return " ".join(part.strip() for part in found) or html


def _block(advisor: Client, kind: str, pk: int) -> str:
    response = advisor.post(reverse("challenges:block", args=[kind, pk]), {"reason": "Hets."}, follow=True)
    assert response.status_code == 200
    return _message(response)


def _answers(anonymous_author, named_author) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    challenge = make_challenge(visibility="public", open_for="everyone")
    idea = services.idea_create(
        author=anonymous_author, challenge=challenge, title="Anonym idé", description="…", is_anonymous=True
    )
    comment = services.comment_create(author=named_author, challenge=challenge, body="Navngitt kommentar")
    advisor = _client(user_with_role(Role.ADVISOR))
    return _block(advisor, "ide", idea.pk), _block(advisor, "kommentar", comment.pk)


@pytest.mark.parametrize("anonymous_role", [Role.CITIZEN, Role.ADVISOR, Role.ADMINISTRATOR])
def test_the_answers_are_the_same_whoever_wrote_the_anonymous_post(anonymous_role):
    same_person = user_with_role(Role.CITIZEN, full_name="Ingrid Innbygger")
    first, then = _answers(same_person, same_person)
    other_first, other_then = _answers(user_with_role(anonymous_role), user_with_role(Role.CITIZEN))
    assert first == other_first
    assert then == other_then
    assert "allerede" not in first + then


def test_an_account_blocked_by_name_and_then_from_its_anonymous_post_gets_a_row_for_each():
    person = user_with_role(Role.CITIZEN)
    challenge = make_challenge(visibility="public", open_for="everyone")
    named = services.comment_create(author=person, challenge=challenge, body="Navngitt")
    anonymous = services.comment_create(author=person, challenge=challenge, body="Anonym", is_anonymous=True)
    advisor = user_with_role(Role.ADVISOR)
    services.block_author(actor=advisor, post=named, reason="Hets.")
    services.block_author(actor=advisor, post=anonymous, reason="Hets.")
    assert PostingBlock.objects.filter(user=person, lifted_at__isnull=True).count() == 2
    # Lifting one leaves the other: the list never shows two rows disappearing together.
    services.unblock(actor=advisor, block=PostingBlock.objects.get(comment=anonymous))
    assert services.is_blocked(person)
    assert PostingBlock.objects.filter(user=person, lifted_at__isnull=True).count() == 1


def test_the_block_list_shows_the_anonymous_post_not_the_account():
    author = user_with_role(Role.CITIZEN, full_name="Ingrid Innbygger")
    challenge = make_challenge(visibility="public", open_for="everyone")
    idea = services.idea_create(
        author=author, challenge=challenge, title="Hemmelig idé", description="…", is_anonymous=True
    )
    advisor = _client(user_with_role(Role.ADVISOR))
    _block(advisor, "ide", idea.pk)
    page = advisor.get(reverse("challenges:moderation")).content.decode()
    section = page.split('id="blocks-title"', 1)[1]
    assert "Hemmelig idé" in section
    assert "Ingrid" not in page
    assert services.is_blocked(author)


def test_an_adviser_is_not_stopped_by_a_block_from_their_anonymous_post():
    advisor_author = user_with_role(Role.ADVISOR)
    challenge = make_challenge(visibility="public", open_for="everyone")
    comment = services.comment_create(
        author=advisor_author, challenge=challenge, body="Anonym", is_anonymous=True
    )
    services.block_author(actor=user_with_role(Role.ADVISOR), post=comment, reason="Hets.")
    assert not services.is_blocked(advisor_author)
