"""Joining forces through the API: merge and undo, proposals and answers, similar ideas; bad input is a 4xx."""

import pytest
from django.test import Client

from ideverkstedet.accounts.models import Role
from ideverkstedet.accounts.services import api_token_create
from ideverkstedet.accounts.tests.factories import user_with_role
from ideverkstedet.challenges.models import Challenge, Cheer, IdeaMerge
from ideverkstedet.challenges.services import cheer_add
from ideverkstedet.challenges.tests.factories import make_challenge, make_idea

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _auth(user) -> dict:  # type: ignore[no-untyped-def]
    _token, key = api_token_create(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_merge_and_undo_through_the_api(client: Client) -> None:
    challenge = make_challenge(visibility="public", open_for="everyone")
    kept = make_idea(challenge, title="Ett skjema")
    dups = [
        make_idea(challenge, user_with_role(Role.CITIZEN), title=f"Skjema {n}", is_anonymous=True)
        for n in range(3)
    ]
    fans = [user_with_role(Role.CITIZEN) for _ in range(3)]
    for fan in fans:
        for dup in dups:
            cheer_add(user=fan, idea=dup)
    url = f"/api/v1/ideas/{kept.pk}/merge"
    body = {"duplicates": [d.pk for d in dups], "reason": "Samme idé"}
    citizen = _auth(fans[0])
    assert client.post(url, body, content_type=JSON, **citizen).status_code == 403
    assert (
        client.post(url, {**body, "reason": " "}, content_type=JSON, **_auth(challenge.owner)).status_code
        == 422
    )
    assert (
        client.post(
            url, {**body, "duplicates": [2**40]}, content_type=JSON, **_auth(challenge.owner)
        ).status_code
        == 422
    )
    response = client.post(url, body, content_type=JSON, **_auth(challenge.owner))
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["kept_cheer_count"] == 3 == Cheer.objects.filter(idea=kept).count()
    assert client.post(url, body, content_type=JSON, **_auth(challenge.owner)).status_code == 409
    undo = f"/api/v1/idea-merges/{data['id']}/undo"
    assert (
        client.post(undo, {"reason": "Feil"}, content_type=JSON, **_auth(challenge.owner)).status_code == 403
    )
    adviser = _auth(user_with_role(Role.ADVISOR))
    response = client.post(undo, {"reason": "Feil"}, content_type=JSON, **adviser)
    assert response.status_code == 200 and response.json()["kept_cheer_count"] == 0
    assert client.post(undo, {"reason": "Igjen"}, content_type=JSON, **adviser).status_code == 422
    assert IdeaMerge.objects.get().undone_at is not None


def test_an_internal_challenges_ideas_cannot_be_merged_or_seen_from_outside(client: Client) -> None:
    challenge = make_challenge(visibility="internal")
    kept = make_idea(challenge)
    dup = make_idea(challenge, title="Kopi")
    body = {"duplicates": [dup.pk], "reason": "Like"}
    response = client.post(
        f"/api/v1/ideas/{kept.pk}/merge", body, content_type=JSON, **_auth(user_with_role(Role.VOLUNTEER))
    )
    assert response.status_code == 404
    similar = client.get(f"/api/v1/challenges/{challenge.slug}/ideas/similar", {"title": "skjema"})
    assert similar.status_code == 404


def test_propose_answer_and_list_through_the_api(client: Client) -> None:
    school = make_challenge(visibility="public", title="Skoleskyss")
    health = make_challenge(visibility="public", title="Transport til aktiviteter")
    url = f"/api/v1/challenges/{health.slug}/join-proposals"
    body = {"source": school.slug, "keep": "target", "message": "Vi har samme utfordring"}
    assert client.post(url, body, content_type=JSON, **_auth(user_with_role(Role.CITIZEN))).status_code == 403
    assert (
        client.post(url, {**body, "keep": "begge"}, content_type=JSON, **_auth(school.owner)).status_code
        == 422
    )
    response = client.post(url, body, content_type=JSON, **_auth(school.owner))
    assert response.status_code == 201, response.content
    proposal = response.json()
    listed = client.get(url, **_auth(health.owner)).json()
    assert [p["id"] for p in listed] == [proposal["id"]]
    answer = f"/api/v1/join-proposals/{proposal['id']}/answer"
    assert client.post(answer, {"accept": True}, content_type=JSON, **_auth(school.owner)).status_code == 403
    assert (
        client.post(
            answer, {"accept": False, "answer": ""}, content_type=JSON, **_auth(health.owner)
        ).status_code
        == 422
    )
    response = client.post(
        answer, {"accept": True, "answer": "Gjerne"}, content_type=JSON, **_auth(health.owner)
    )
    assert response.status_code == 200 and response.json()["status"] == "accepted"
    assert Challenge.objects.get(pk=school.pk).merged_into_id == health.pk


def test_similar_ideas_for_a_title(client: Client) -> None:
    challenge = make_challenge(visibility="public", open_for="everyone")
    make_idea(challenge, title="Felles søknadsskjema")
    response = client.get(f"/api/v1/challenges/{challenge.slug}/ideas/similar", {"title": "søknadsskjem"})
    assert response.status_code == 200 and [i["title"] for i in response.json()] == ["Felles søknadsskjema"]
    assert (
        client.get(f"/api/v1/challenges/{challenge.slug}/ideas/similar", {"title": "x" * 500}).status_code
        == 422
    )
