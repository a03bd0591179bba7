import pytest

from ideverkstedet.accounts.models import Role
from ideverkstedet.challenges.tests.factories import make_challenge
from ideverkstedet.stories.models import Story
from ideverkstedet.stories.tests.factories import make_story

pytestmark = pytest.mark.django_db


def test_list_and_detail_for_anyone(client):
    story = make_story(title="API-historie", innovation={"taken_into_use": True, "types": ["service"]})
    make_story(title="Utkast", publish=False)
    body = client.get("/api/v1/stories").json()
    assert body["count"] == 1 and body["items"][0]["title"] == "API-historie"
    detail = client.get(f"/api/v1/stories/{story.slug}").json()
    assert detail["innovation"]["types"] == ["service"] and detail["taken_into_use"] is True


def test_draft_and_internal_answer_404_to_outsiders(client):
    draft = make_story(publish=False)
    internal = make_story(make_challenge(visibility="internal"), visibility="internal", title="Intern")
    assert client.get(f"/api/v1/stories/{draft.slug}").status_code == 404
    assert client.get(f"/api/v1/stories/{internal.slug}").status_code == 404


@pytest.mark.parametrize("query", ["year=1", "year=abc", "limit=0", "limit=1000", "offset=-1", "type=x"])
def test_bad_filters_are_422(client, query):
    assert client.get(f"/api/v1/stories?{query}").status_code == 422


def test_team_creates_from_its_challenge_with_record_and_publishes(client):
    challenge = make_challenge(visibility="public")
    client.force_login(challenge.owner)
    response = client.post(
        "/api/v1/stories",
        {
            "title": "Fra API",
            "summary": "Kort",
            "problem": "Problem",
            "tried": "Prøvde",
            "visibility": "public",
            "challenge": challenge.slug,
            "innovation": {"taken_into_use": True, "effects": [{"kind": "quality", "level": "measured"}]},
            "publish": True,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    story = Story.objects.get()
    assert story.is_public and story.innovation.effects[0]["level"] == "measured"


def test_outsider_cannot_create_from_a_challenge(client, make_user):
    challenge = make_challenge(visibility="public")
    client.force_login(make_user(Role.EMPLOYEE))
    response = client.post(
        "/api/v1/stories",
        {"title": "X", "summary": "X", "problem": "X", "tried": "X", "challenge": challenge.slug},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_reuse_via_api_and_twice_is_409(client, make_user):
    story = make_story()
    client.force_login(make_user(Role.EMPLOYEE))
    url = f"/api/v1/stories/{story.slug}/reuse"
    assert client.post(url, {"who": "Skolen"}, content_type="application/json").status_code == 201
    assert client.post(url, {"who": "Skolen"}, content_type="application/json").status_code == 409
