"""The story list's visitors' fragment never lies (core/fragments.py, stories/views.py): right after a story is
published, edited, hidden or deleted, its record or links change, or a service area is renamed, the list shows
it; logged-in people never get the visitors' fragment (and see what is theirs to see); a language never gets
another's. Each test first loads the list as a visitor, so that what it checks afterwards would come from the
cache if the cache could lie."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ideverkstedet.accounts.models import Role, ServiceArea
from ideverkstedet.accounts.tests.factories import user_with_role
from ideverkstedet.challenges.tests.factories import make_challenge
from ideverkstedet.stories import services
from ideverkstedet.stories.models import Story
from ideverkstedet.stories.tests.factories import make_story

pytestmark = pytest.mark.django_db

URL = reverse("stories:list")
IN_USE = URL + "?i_bruk=ja&type=service"


def visitor(language: str = "nb") -> Client:
    client = Client()
    if language != "nb":
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def logged_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def cached_fragments() -> int:
    return sum(1 for key in cache._cache if ":fragment:stories:" in key)  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    cache.clear()


def test_a_published_edited_hidden_and_deleted_story_shows_at_once():
    story = make_story(title="Barnehagesøknaden", publish=False)
    assert "0 historier" in visitor().get(URL).text
    assert cached_fragments() == 1
    services.story_publish(actor=story.author, story=story)
    assert "Barnehagesøknaden" in visitor().get(URL).text
    assert cached_fragments() == 2  # a new version: the old fragment is never asked for again

    data = services.StoryData(
        title="Ett skjema for barnehagen",
        summary=story.summary,
        problem=story.problem,
        tried=story.tried,
        visibility="public",
    )
    services.story_update(actor=story.author, story=story, data=data)
    page = visitor().get(URL).text
    assert "Ett skjema for barnehagen" in page and "Barnehagesøknaden" not in page

    services.story_unpublish(actor=story.author, story=story)
    assert "0 historier" in visitor().get(URL).text
    services.story_publish(actor=story.author, story=story)
    assert "1 historie" in visitor().get(URL).text
    Story.objects.filter(pk=story.pk).delete()
    assert "0 historier" in visitor().get(URL).text


def test_a_record_taken_into_use_and_a_new_service_area_show_at_once_in_the_filtered_list():
    story = make_story(title="Digital søknad", innovation={"types": ["service"]})
    assert "0 historier" in visitor().get(IN_USE).text
    services.innovation_record_save(
        actor=story.author, story=story, data=services.InnovationData(types=["service"], taken_into_use=True)
    )
    page = visitor().get(IN_USE).text
    assert "Digital søknad" in page and "Tatt i bruk" in page

    area = ServiceArea.objects.create(name="Kultur og fritid", slug="kultur")
    assert "Kultur og fritid" in visitor().get(URL).text  # the filter's choices
    assert "0 historier" in visitor().get(URL + "?omrade=kultur").text
    story.service_areas.add(area)
    assert "Digital søknad" in visitor().get(URL + "?omrade=kultur").text
    area.name = "Kultur"
    area.save()
    assert "Kultur og fritid" not in visitor().get(URL).text


def test_a_recorded_reuse_leaves_the_list_right():
    story = make_story(title="Ett skjema")
    assert "Ett skjema" in visitor().get(URL).text
    services.reuse_create(actor=user_with_role(Role.EMPLOYEE), story=story, who="Skolen")
    assert "Ett skjema" in visitor().get(URL).text and "1 historie" in visitor().get(URL).text


def test_logged_in_people_never_get_the_visitors_fragment_and_see_internal_stories():
    make_story(title="Åpen historie")
    make_story(make_challenge(visibility="internal"), visibility="internal", title="Intern historie")
    employee, citizen, adviser = (
        logged_in(user_with_role(role)) for role in (Role.EMPLOYEE, Role.CITIZEN, Role.ADVISOR)
    )
    page = visitor().get(URL).text
    assert "Åpen historie" in page and "Intern historie" not in page and "Skriv en historie" not in page
    mine = employee.get(URL).text
    assert "Intern historie" in mine and "2 historier" in mine
    theirs = citizen.get(URL).text
    assert "Åpen historie" in theirs and "Intern historie" not in theirs
    assert "Skriv en historie" in adviser.get(URL).text  # outside the fragment
    assert cached_fragments() == 1  # nothing stored for the logged-in people
    assert "Intern historie" not in visitor().get(URL).text


def test_a_language_never_gets_another_language_s_fragment():
    make_story(title="Åpen historie")
    assert "1 historie" in visitor().get(URL).text
    english = visitor("en").get(URL).text
    assert "1 story" in english and "1 historie" not in english
    assert "1 historie" in visitor().get(URL).text
    assert cached_fragments() == 2


def test_a_visitor_s_list_from_the_cache_is_one_query_whatever_the_number_of_stories(
    django_assert_num_queries,
):
    employee = logged_in(user_with_role(Role.EMPLOYEE))
    employee.get(URL)
    challenge = make_challenge(visibility="public")
    counts = []
    for total in (2, 12):
        while Story.objects.count() < total:
            make_story(challenge, title=f"Historie {Story.objects.count()}")
        with django_assert_num_queries(5):  # versions, service areas, years, count, page
            assert f"{total} historier" in visitor().get(URL).text
        with django_assert_num_queries(1):  # the versions
            assert f"{total} historier" in visitor().get(URL).text
        with CaptureQueriesContext(connection) as queries:
            assert f"{total} historier" in employee.get(URL).text
        counts.append(len(queries))
    assert counts[0] == counts[1]


def filter_field_entries() -> int:
    return sum(1 for key in cache._cache if ":filter-fields:" in key)  # type: ignore[attr-defined]


def test_the_cached_filter_fields_show_a_new_area_and_year_at_once_and_keep_one_entry_per_query():
    """The filter fields' HTML (methods/list_html.py) is keyed on the choices the form offers: a logged-in person
    (who gets no fragment) sees a new service area or year at once, and the same query reuses one entry."""
    employee = logged_in(user_with_role(Role.EMPLOYEE))
    story = make_story(title="Første")
    assert "Kultur og fritid" not in employee.get(URL).text
    employee.get(URL)
    assert filter_field_entries() == 1
    ServiceArea.objects.create(name="Kultur og fritid", slug="kultur")
    assert "Kultur og fritid" in employee.get(URL).text
    year = story.published_at.year
    Story.objects.filter(pk=story.pk).update(published_at=story.published_at.replace(year=year - 3))
    page = employee.get(URL).text
    assert f'<option value="{year - 3}">' in page and f'<option value="{year}">' not in page
    assert 'value="kultur" selected' in employee.get(URL + "?omrade=kultur").text
    bad = employee.get(URL + "?ar=abc").text  # a form with errors is rendered afresh, never stored
    assert 'aria-invalid="true"' in bad and 'aria-invalid="true"' not in employee.get(URL).text
