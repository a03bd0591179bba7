"""The story, barometer and open data pages are valid HTML (Nu Html Checker, with core's helpers: it skips
without Java or `npm ci`, and fails in CI)."""

import pytest
from django.test import Client
from django.urls import reverse

from ideverkstedet.accounts.models import Role
from ideverkstedet.accounts.tests.factories import user_with_role
from ideverkstedet.core.tests.test_html_valid import Pages, _java_and_jar
from ideverkstedet.stories import services
from ideverkstedet.stories.tests.factories import make_story

pytestmark = pytest.mark.django_db


def test_dele_pages_are_valid_html(tmp_path):
    _java_and_jar()
    pages = Pages(tmp_path)
    story = make_story(
        innovation={
            "taken_into_use": True,
            "types": ["service"],
            "effects": [{"kind": "quality", "level": "measured", "figure": "20 %"}],
        }
    )
    from ideverkstedet.stories.tests.test_images import _png

    services.image_add(
        actor=story.author, story=story, image=_png(), alt="Teamet ved tavla", caption="Workshop"
    )
    leader = user_with_role(Role.LEADER)
    services.reuse_create(actor=leader, story=story, who="Skolen", note="Fra januar")
    anonymous = Client()
    for path in (
        reverse("stories:list"),
        story.get_absolute_url(),
        reverse("statistics:barometer"),
        reverse("statistics:open_data"),
        reverse("statistics:dataset", args=["historier"]),
    ):
        pages.fetch_path(anonymous, path, "logged out")
    team = Client()
    team.force_login(story.author)
    for path in (
        story.get_absolute_url(),
        reverse("stories:edit", args=[story.slug]),
        reverse("stories:innovation", args=[story.slug]),
        reverse("stories:attachment_add", args=[story.slug]),
        reverse("stories:images", args=[story.slug]),
        reverse("stories:new_from_challenge", args=[story.challenge.slug]),
    ):
        pages.fetch_path(team, path, "team")
    pages.add(
        team.post(reverse("stories:innovation", args=[story.slug]), {"taken_into_use_on": "2026-01-01"}),
        "innovation form errors",
    )
    pages.add(team.post(reverse("stories:images", args=[story.slug]), {"alt": ""}), "image form errors")
    as_leader = Client()
    as_leader.force_login(leader)
    pages.fetch_path(as_leader, story.get_absolute_url(), "leader who reuses")
    adviser = Client()
    adviser.force_login(user_with_role(Role.ADVISOR))
    pages.fetch_path(adviser, reverse("statistics:barometer") + "?fra=2025-03-01&til=2025-05-31", "adviser")
    pages.add(adviser.post(reverse("stories:new"), {"title": "x"}), "story form errors")
    pages.check()
