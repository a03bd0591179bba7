"""The challenge, idea, team, insight and moderation pages are valid HTML (Nu Html Checker, as in
core/tests/test_html_valid.py, whose helpers this reuses: it skips without Java or `npm ci`, and fails in CI)."""

import pytest
from django.test import Client
from django.urls import reverse

from ideverkstedet.accounts.models import Role
from ideverkstedet.accounts.tests.factories import user_with_role
from ideverkstedet.challenges import services
from ideverkstedet.challenges.tests.factories import make_challenge, make_idea
from ideverkstedet.core.tests.test_html_valid import Pages, _java_and_jar

pytestmark = pytest.mark.django_db


def test_challenge_pages_are_valid_html(tmp_path):
    _java_and_jar()  # skip (or fail in CI) before fetching anything
    pages = Pages(tmp_path)
    challenge = make_challenge(visibility="public", open_for="everyone")
    citizen = user_with_role(Role.CITIZEN)
    idea = make_idea(challenge, citizen, is_anonymous=True)
    top = services.comment_create(author=citizen, challenge=challenge, idea=idea, body="Bra!")
    services.comment_create(author=challenge.owner, challenge=challenge, idea=idea, parent=top, body="Takk")
    services.comment_create(author=citizen, challenge=challenge, body="På utfordringen")
    services.report_create(reporter=challenge.owner, comment=top, reason="spam")
    services.cheer_add(user=citizen, idea=idea)
    anonymous = Client()
    pages.fetch_path(anonymous, reverse("challenges:list"), "logged out")
    pages.fetch_path(anonymous, challenge.get_absolute_url(), "logged out")
    pages.fetch_path(anonymous, idea.get_absolute_url(), "logged out")
    as_citizen = Client()
    as_citizen.force_login(citizen)
    pages.fetch_path(as_citizen, challenge.get_absolute_url(), "citizen")
    pages.fetch_path(as_citizen, idea.get_absolute_url(), "citizen")
    pages.add(as_citizen.post(reverse("challenges:idea_new", args=[challenge.slug]), {}), "idea form errors")
    pages.fetch_path(
        as_citizen, reverse("challenges:report", args=[challenge.slug, "kommentar", top.pk]), "citizen"
    )
    pages.fetch_path(as_citizen, reverse("challenges:my_posts"), "citizen")
    owner = Client()
    owner.force_login(challenge.owner)
    pages.fetch_path(owner, challenge.get_absolute_url(), "owner")
    pages.fetch_path(owner, idea.get_absolute_url(), "owner")
    pages.fetch_path(owner, reverse("challenges:new"), "owner")
    pages.add(owner.post(reverse("challenges:new"), {"title": ""}), "new challenge errors")
    pages.fetch_path(owner, reverse("challenges:edit", args=[challenge.slug]), "owner")
    pages.fetch_path(owner, reverse("challenges:open", args=[challenge.slug]), "owner")
    services.member_invite(actor=challenge.owner, challenge=challenge, email="ingen@example.no")
    invited = user_with_role(Role.EMPLOYEE)
    services.member_invite(actor=challenge.owner, challenge=challenge, email=invited.email)
    pages.fetch_path(owner, reverse("challenges:team", args=[challenge.slug]), "owner with invitations")
    as_invited = Client()
    as_invited.force_login(invited)
    pages.fetch_path(as_invited, challenge.get_absolute_url(), "invited")
    pages.fetch_path(as_invited, reverse("challenges:team", args=[challenge.slug]), "invited")
    pages.fetch_path(as_invited, reverse("accounts:profile"), "invited")
    pages.fetch_path(owner, reverse("challenges:insight", args=[challenge.slug]), "owner")
    pages.add(owner.post(reverse("challenges:insight", args=[challenge.slug]), {}), "insight errors")
    advisor = Client()
    advisor.force_login(user_with_role(Role.ADVISOR))
    pages.fetch_path(advisor, reverse("challenges:moderation"), "advisor")

    pages.check()
