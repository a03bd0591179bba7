"""The stories API list as plain data (api/plain.py) and from the visitors' cache (core/fragments.py).

The answer is the bytes the schema-validated path gave (Story objects, their service areas prefetched, validated
as StoryPageOut), for visitors and for logged-in people. Anonymous callers share a cached answer that never lies:
right after a story is published, edited, hidden or deleted, its record or areas change, the answer shows it; a
caller with a session or a token never gets the anonymous answer. Query counts are constant in the number of
stories.
"""

from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from pydantic import TypeAdapter

from ideverkstedet.accounts.models import Role, ServiceArea
from ideverkstedet.accounts.services import api_token_create
from ideverkstedet.accounts.tests.factories import user_with_role
from ideverkstedet.api.api import api
from ideverkstedet.api.routers.stories import StoryPageOut, _fields
from ideverkstedet.challenges.tests.factories import make_challenge
from ideverkstedet.stories import selectors, services
from ideverkstedet.stories.models import Story
from ideverkstedet.stories.tests.factories import make_story

pytestmark = pytest.mark.django_db

LIST = "/api/v1/stories"


def _old_story_page(user: Any, wanted: selectors.StoryFilters, offset: int = 0, limit: int = 50) -> bytes:
    """The endpoint before: Story objects with their areas prefetched, each one's fields validated as
    StoryPageOut, rendered by the API's renderer."""
    stories = selectors.story_list(user, wanted)
    count = stories.count()
    page = list(stories[offset : offset + limit]) if count > offset else []
    pattern = "http://testserver" + reverse("stories:detail", args=["SLUG"])
    value = {
        "items": [_fields(s, pattern, [a.slug for a in s.service_areas.all()]) for s in page],
        "count": count,
    }
    adapter = TypeAdapter(StoryPageOut)
    data = adapter.dump_python(adapter.validate_python(value))
    return api.renderer.render(None, data, response_status=200).encode()  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    cache.clear()


@pytest.fixture
def stories() -> list[Story]:
    areas = [
        ServiceArea.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in [
            ("oppvekst", "Oppvekst"),
            ("helse", "Helse og omsorg"),
            ("kultur", "Kultur «og» æøå"),
        ]
    ]
    made = [
        make_story(
            title="Tjeneste i bruk «A» – æøå", innovation={"taken_into_use": True, "types": ["service"]}
        ),
        make_story(title="Prosess", innovation={"types": ["process"]}),
        make_story(title="Uten skjema"),
        make_story(make_challenge(visibility="internal"), visibility="internal", title="Intern"),
        make_story(title="Utkast", publish=False),
    ]
    made[0].service_areas.set(areas)
    made[1].service_areas.set(areas[1:2])
    Story.objects.filter(pk=made[2].pk).update(published_at=made[2].published_at.replace(microsecond=123456))
    return made


@pytest.mark.parametrize("who", ["anonymous", Role.EMPLOYEE])
def test_the_list_is_what_validation_gave(client, stories, who):
    user = AnonymousUser() if who == "anonymous" else user_with_role(who)
    if user.is_authenticated:
        client.force_login(user)
    for query, wanted, offset, limit in [
        ("", selectors.StoryFilters(), 0, 50),
        ("?limit=2&offset=1", selectors.StoryFilters(), 1, 2),
        ("?offset=10", selectors.StoryFilters(), 10, 50),
        ("?area=helse", selectors.StoryFilters(service_area="helse"), 0, 50),
        ("?in_use=true&type=service", selectors.StoryFilters(in_use=True, type="service"), 0, 50),
        ("?in_use=false", selectors.StoryFilters(in_use=False), 0, 50),
    ]:
        for _ in range(2):  # built, then (for a visitor) from the cache
            response = client.get(LIST + query)
            assert response["Content-Type"] == "application/json; charset=utf-8"
            assert response.content == _old_story_page(user, wanted, offset, limit), query
    body = client.get(LIST).json()
    assert ("Intern" in {item["title"] for item in body["items"]}) is (who != "anonymous")
    first = next(item for item in body["items"] if item["title"].startswith("Tjeneste"))
    assert first["service_areas"] == ["helse", "kultur", "oppvekst"]  # by the areas' names
    assert first["taken_into_use"] is True


def test_an_anonymous_answer_never_lies(client, stories):
    first, second, third, _internal, draft = stories
    titles = lambda: [item["title"] for item in client.get(LIST).json()["items"]]  # noqa: E731
    assert "Utkast" not in titles()

    services.story_publish(actor=draft.author, story=draft)
    assert "Utkast" in titles()
    services.story_unpublish(actor=draft.author, story=draft)
    assert "Utkast" not in titles()
    draft.title = "Nytt navn"
    draft.save()
    services.story_publish(actor=draft.author, story=draft)
    assert titles()[0] == "Nytt navn"
    Story.objects.filter(pk=second.pk).delete()
    assert "Prosess" not in titles()

    url = LIST + "?in_use=true"
    assert [item["title"] for item in client.get(url).json()["items"]] == [first.title]
    services.innovation_record_save(
        actor=third.author, story=third, data=services.InnovationData(taken_into_use=True)
    )
    assert {item["title"] for item in client.get(url).json()["items"]} == {third.title, first.title}

    area = ServiceArea.objects.get(slug="kultur")
    area.slug = "kultur-og-fritid"
    area.save()
    items = {item["id"]: item for item in client.get(LIST).json()["items"]}
    assert "kultur-og-fritid" in items[first.pk]["service_areas"]
    third.service_areas.add(area)
    assert client.get(LIST + "?area=kultur-og-fritid").json()["count"] == 2

    services.reuse_create(actor=user_with_role(Role.EMPLOYEE), story=third, who="Skolen")
    assert client.get(LIST).json()["count"] == 3


def test_a_caller_with_a_session_or_a_token_never_gets_the_anonymous_answer(stories):
    employee = user_with_role(Role.EMPLOYEE)
    _token, key = api_token_create(user=employee, name="test")
    assert Client().get(LIST).json()["count"] == 3  # cached
    with_token = Client().get(LIST, HTTP_AUTHORIZATION=f"Bearer {key}").json()
    assert with_token["count"] == 4 and "Intern" in [item["title"] for item in with_token["items"]]
    session = Client()
    session.force_login(employee)
    assert session.get(LIST).json()["count"] == 4
    assert Client().get(LIST).json()["count"] == 3  # nothing stored for them
    assert Client().get(LIST, HTTP_AUTHORIZATION="Bearer idv_tull").status_code == 401


def test_query_count_is_constant(client, django_assert_num_queries):
    challenge = make_challenge(visibility="public")
    area = ServiceArea.objects.get_or_create(slug="oppvekst", defaults={"name": "Oppvekst"})[0]
    for total in (2, 12):
        while Story.objects.count() < total:
            make_story(challenge, title=f"Historie {Story.objects.count()}").service_areas.add(area)
        with django_assert_num_queries(4):  # the versions, the count, the page, the page's areas
            assert client.get(LIST).json()["count"] == total
        with django_assert_num_queries(1):  # the versions
            body = client.get(LIST).json()
        assert len(body["items"]) == total, body
        assert all("oppvekst" in item["service_areas"] for item in body["items"])


def test_origins_and_languages_never_share_an_answer(stories):
    """The URLs are absolute: a caller who came by another host or scheme gets its own answer."""
    urls = {
        (host, secure): Client().get(LIST, HTTP_HOST=host, secure=secure).json()["items"][0]["url"]
        for host in ("localhost", "127.0.0.1")
        for secure in (False, True)
    }
    assert urls[("localhost", False)].startswith("http://localhost/historier/")
    assert urls[("127.0.0.1", False)].startswith("http://127.0.0.1/historier/")
    assert urls[("localhost", True)].startswith("https://localhost/historier/")
    assert urls[("127.0.0.1", True)].startswith("https://127.0.0.1/historier/")
    english = Client(HTTP_COOKIE=f"{settings.LANGUAGE_COOKIE_NAME}=en").get(LIST)
    assert (
        english.content == Client().get(LIST).content
    )  # nothing in it is translated; it is kept apart anyway
