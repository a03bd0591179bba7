"""The landings of the four verbs: open to everyone, show what exists, with a bounded number of queries."""

import pytest
from django.test import Client
from django.urls import reverse

from ideverkstedet.accounts.models import Role
from ideverkstedet.accounts.tests.factories import user_with_role
from ideverkstedet.challenges.models import Challenge, Idea, IdeaStatus, Phase
from ideverkstedet.challenges.tests.factories import make_challenge, make_idea

pytestmark = pytest.mark.django_db

VERBS = ["core:meet", "core:think", "core:create", "core:share"]


def _with_status(idea: Idea, status: str) -> Idea:
    Idea.objects.filter(pk=idea.pk).update(status=status)
    return idea


@pytest.mark.parametrize("name", VERBS)
@pytest.mark.parametrize("role", [None, Role.CITIZEN, Role.EMPLOYEE, Role.ADVISOR])
def test_every_landing_is_open_to_everyone(name, role):
    client = Client()
    if role is not None:
        client.force_login(user_with_role(role))
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert reverse("events:event_list") in response.text  # courses and open days: one click from every page


def test_skape_shows_ideas_being_tested_and_dele_what_was_put_to_use():
    challenge = make_challenge(title="Færre bomturer", visibility="public")
    _with_status(make_idea(challenge, title="Nøkkelboks på døra"), IdeaStatus.TESTING)
    _with_status(make_idea(challenge, title="Digital tilsynsliste"), IdeaStatus.IMPLEMENTED)
    done = make_challenge(title="Ensomhet blant eldre", visibility="public")
    Challenge.objects.filter(pk=done.pk).update(phase=Phase.objects.order_by("-order", "-id").first())
    skape = Client().get(reverse("core:create")).text
    assert "Nøkkelboks på døra" in skape and "Digital tilsynsliste" not in skape
    dele = Client().get(reverse("core:share")).text
    finished, implemented = dele.split("Ideer som er tatt i bruk")
    assert done.title in finished and "Færre bomturer" not in finished
    assert "Digital tilsynsliste" in implemented


def test_internal_challenges_stay_internal_on_the_landings():
    internal = make_challenge(title="Hemmelig intern sak")
    _with_status(make_idea(internal, title="Intern idé som testes"), IdeaStatus.TESTING)
    for name in VERBS:
        text = Client().get(reverse(name)).text
        assert "Hemmelig intern sak" not in text and "Intern idé som testes" not in text


@pytest.mark.parametrize("name", VERBS)
def test_landings_have_a_bounded_number_of_queries(name, django_assert_max_num_queries):
    for n in range(8):
        challenge = make_challenge(title=f"Utfordring {n}", visibility="public")
        _with_status(make_idea(challenge), IdeaStatus.TESTING)
    client = Client()
    client.force_login(user_with_role(Role.EMPLOYEE))
    with django_assert_max_num_queries(14):
        assert client.get(reverse(name)).status_code == 200
