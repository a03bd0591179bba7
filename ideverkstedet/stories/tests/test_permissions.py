"""Who may see, write, change and reuse a story: every role against public, internal and draft stories."""

import pytest

from ideverkstedet.accounts.models import Role
from ideverkstedet.challenges.tests.factories import make_challenge
from ideverkstedet.stories.tests.factories import make_story

pytestmark = pytest.mark.django_db

ROLES = [
    Role.CITIZEN,
    Role.VOLUNTEER,
    Role.EXTERNAL,
    Role.EMPLOYEE,
    Role.LEADER,
    Role.ADVISOR,
    Role.ADMINISTRATOR,
]
MUNICIPAL = {Role.EMPLOYEE, Role.LEADER, Role.ADVISOR, Role.ADMINISTRATOR}
STAFF = {Role.ADVISOR, Role.ADMINISTRATOR}


@pytest.mark.parametrize("role", ROLES)
def test_view_matrix(make_user, role):
    person = make_user(role)
    public = make_story(visibility="public")
    internal = make_story(make_challenge(visibility="internal"), visibility="internal", title="Intern")
    draft = make_story(visibility="public", publish=False, title="Utkast")
    assert person.has_perm("stories.view_story", public)
    assert person.has_perm("stories.view_story", internal) == (role in MUNICIPAL)
    assert person.has_perm("stories.view_story", draft) == (role in STAFF)


def test_anonymous_sees_only_public_published(client):
    public = make_story(visibility="public")
    internal = make_story(make_challenge(visibility="internal"), visibility="internal", title="Intern")
    draft = make_story(publish=False, title="Utkast")
    assert client.get(public.get_absolute_url()).status_code == 200
    assert client.get(internal.get_absolute_url()).status_code == 302  # to the login page
    assert client.get(draft.get_absolute_url()).status_code == 302


def test_team_sees_and_changes_its_draft_others_do_not(make_user):
    draft = make_story(publish=False)
    owner = draft.challenge.owner
    colleague = make_user(Role.EMPLOYEE)
    assert owner.has_perm("stories.view_story", draft)
    assert owner.has_perm("stories.change_story", draft)
    assert not colleague.has_perm("stories.view_story", draft)
    assert not colleague.has_perm("stories.change_story", draft)


@pytest.mark.parametrize("role", ROLES)
def test_write_and_change_matrix(make_user, role):
    person = make_user(role)
    story = make_story()
    assert person.has_perm("stories.add_story", None) == (role in STAFF)  # work done outside the platform
    assert person.has_perm("stories.add_story", story.challenge) == (role in STAFF)  # not on the team
    assert person.has_perm("stories.change_story", story) == (role in STAFF)


@pytest.mark.parametrize("role", ROLES)
def test_reuse_matrix(make_user, role):
    person = make_user(role)
    story = make_story()
    assert person.has_perm("stories.reuse_story", story) == (role != Role.CITIZEN)
    assert not story.challenge.owner.has_perm("stories.reuse_story", story)  # not your own team's story


def test_nobody_reuses_a_draft(make_user):
    draft = make_story(publish=False)
    assert not make_user(Role.ADVISOR).has_perm("stories.reuse_story", draft)


def test_only_the_reuser_or_an_advisor_changes_a_reuse(make_user):
    from ideverkstedet.stories import services

    story = make_story()
    taker = make_user(Role.EMPLOYEE)
    reuse = services.reuse_create(actor=taker, story=story, who="Helsestasjonen")
    assert taker.has_perm("stories.change_reuse", reuse)
    assert make_user(Role.ADVISOR).has_perm("stories.change_reuse", reuse)
    assert not make_user(Role.EMPLOYEE).has_perm("stories.change_reuse", reuse)
    assert not story.challenge.owner.has_perm("stories.change_reuse", reuse)
