"""The pages for merging ideas, undoing, proposing and answering a join, and similar ideas while writing."""

import pytest
from django.test import Client
from django.urls import reverse

from ideverkstedet.accounts.models import Role
from ideverkstedet.accounts.tests.factories import user_with_role
from ideverkstedet.challenges import services
from ideverkstedet.challenges.models import Cheer, Idea, IdeaMerge, JoinProposal
from ideverkstedet.challenges.tests.factories import make_challenge, make_idea

pytestmark = pytest.mark.django_db


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_the_team_merges_through_the_page_and_an_adviser_undoes_it():  # type: ignore[no-untyped-def]
    challenge = make_challenge(visibility="public", open_for="everyone")
    kept = make_idea(challenge, title="Ett skjema")
    dup = make_idea(challenge, user_with_role(Role.CITIZEN), title="Felles skjema", is_anonymous=True)
    fan = user_with_role(Role.CITIZEN)
    services.cheer_add(user=fan, idea=dup)
    owner = _client(challenge.owner)
    url = reverse("challenges:idea_merge", args=[challenge.slug, kept.pk])
    page = owner.get(url)
    assert page.status_code == 200 and "Felles skjema" in page.text
    assert owner.post(url, {"duplicates": [dup.pk], "reason": ""}).status_code == 400
    response = owner.post(url, {"duplicates": [dup.pk], "reason": "Samme idé"})
    assert response.status_code == 302
    assert Cheer.objects.filter(idea=kept, user=fan).exists()
    dup_page = Client().get(reverse("challenges:idea", args=[challenge.slug, dup.pk]))
    assert (
        dup_page.status_code == 200
        and "slått sammen med" in dup_page.text
        and kept.get_absolute_url() in dup_page.text
    )
    merge = IdeaMerge.objects.get()
    undo = reverse("challenges:merge_undo", args=[challenge.slug, merge.pk])
    assert owner.post(undo, {"reason": "Feil"}).status_code == 403
    adviser = _client(user_with_role(Role.ADVISOR))
    assert "Angre sammenslåingen" in adviser.get(kept.get_absolute_url()).text
    assert adviser.post(undo, {"reason": "Feil"}).status_code == 302
    assert Cheer.objects.filter(idea=dup, user=fan).exists()


def test_citizens_cannot_reach_the_merge_page():  # type: ignore[no-untyped-def]
    challenge = make_challenge(visibility="public", open_for="everyone")
    kept = make_idea(challenge)
    url = reverse("challenges:idea_merge", args=[challenge.slug, kept.pk])
    assert _client(user_with_role(Role.CITIZEN)).get(url).status_code == 403
    assert Client().get(url).status_code == 302  # to the login page


def test_propose_and_accept_a_join_through_the_pages():  # type: ignore[no-untyped-def]
    school = make_challenge(visibility="public", title="Skoleskyss")
    health = make_challenge(visibility="public", title="Transport til aktiviteter")
    proposer = _client(school.owner)
    url = reverse("challenges:join_propose", args=[health.slug])
    page = proposer.get(url)
    assert page.status_code == 200 and "Skoleskyss" in page.text
    response = proposer.post(
        url, {"source": school.pk, "keep": "target", "message": "Vi har samme utfordring"}
    )
    assert response.status_code == 302
    proposal = JoinProposal.objects.get()
    answerer = _client(health.owner)
    assert "Vi har samme utfordring" in answerer.get(health.get_absolute_url()).text
    answer = reverse("challenges:join_answer", args=[health.slug, proposal.pk])
    assert proposer.post(answer, {"svar": "ja"}).status_code == 403
    assert answerer.post(answer, {"svar": "ja", "answer": "Gjerne"}).status_code == 302
    page = Client().get(school.get_absolute_url())
    assert "kan bare leses" in page.text and health.get_absolute_url() in page.text
    assert school.slug not in Client().get(reverse("challenges:list")).text


def test_similar_ideas_while_typing_and_as_a_step_without_javascript():  # type: ignore[no-untyped-def]
    challenge = make_challenge(visibility="public", open_for="everyone")
    make_idea(challenge, title="Felles søknadsskjema for barnehager")
    other = make_challenge(visibility="public", open_for="everyone", title="Noe annet")
    make_idea(other, title="Søknadsskjema på papir")
    citizen = _client(user_with_role(Role.CITIZEN))
    hints = citizen.get(
        reverse("challenges:idea_suggestions", args=[challenge.slug]), {"title": "søknadsskjemaet"}
    )
    assert "Felles søknadsskjema for barnehager" in hints.text and "papir" not in hints.text
    new = reverse("challenges:idea_new", args=[challenge.slug])
    data = {"title": "Søknadsskjema", "description": "Ett skjema"}
    step = citizen.post(new, data)
    assert step.status_code == 200 and "Ligner din idé på en av disse?" in step.text
    assert Idea.objects.filter(challenge=challenge).count() == 1
    assert citizen.post(new, {**data, "likevel": "1"}).status_code == 302
    assert Idea.objects.filter(challenge=challenge).count() == 2


def test_an_idea_that_moved_with_a_join_is_found_at_its_old_address():  # type: ignore[no-untyped-def]
    school = make_challenge(visibility="public", title="Skoleskyss")
    health = make_challenge(visibility="public", title="Transport til aktiviteter")
    idea = make_idea(school, title="Samkjøring")
    old = reverse("challenges:idea", args=[school.slug, idea.pk])
    proposal = services.join_propose(
        actor=school.owner, source=school, target=health, keep="target", message="Samme"
    )
    services.join_answer(actor=health.owner, proposal=proposal, accept=True)
    response = Client().get(old)
    assert response.status_code == 302 and response["Location"] == reverse(
        "challenges:idea", args=[health.slug, idea.pk]
    )
