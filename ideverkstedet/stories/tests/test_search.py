"""Stories in the site's search, with the same Norwegian stemming as everything else (run on both databases)."""

import pytest

from ideverkstedet.accounts.models import Role
from ideverkstedet.challenges.tests.factories import make_challenge
from ideverkstedet.search.selectors import search
from ideverkstedet.stories import services
from ideverkstedet.stories.tests.factories import make_story

pytestmark = pytest.mark.django_db(transaction=True)  # the index is written on commit


def _titles(user, query):  # type: ignore[no-untyped-def]
    from django.contrib.auth.models import AnonymousUser

    hits, _total = search(user or AnonymousUser(), query, kinds=["story"])
    return [hit.title for hit in hits]


def test_published_public_story_is_found_by_an_inflected_word():
    make_story(title="Barnehagesøknaden", tried="Vi testet prototypene med foreldrene i barnehagene.")
    assert _titles(None, "prototype") == ["Barnehagesøknaden"]
    assert _titles(None, "barnehage") == ["Barnehagesøknaden"]


def test_drafts_are_not_found_and_unpublishing_removes(make_user):
    draft = make_story(title="Hemmelig utkast", publish=False)
    assert _titles(make_user(Role.ADVISOR), "hemmelig") == []
    services.story_publish(actor=draft.author, story=draft)
    assert _titles(None, "hemmelig") == ["Hemmelig utkast"]
    services.story_unpublish(actor=draft.author, story=draft)
    assert _titles(None, "hemmelig") == []


def test_internal_story_only_for_the_municipality(make_user):
    make_story(make_challenge(visibility="internal"), visibility="internal", title="Intern turnusplan")
    assert _titles(None, "turnusplan") == []
    assert _titles(make_user(Role.CITIZEN), "turnusplan") == []
    assert _titles(make_user(Role.EMPLOYEE), "turnusplan") == ["Intern turnusplan"]
