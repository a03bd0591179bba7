"""Every role against internal and public challenges, their own and others': by rule and through the pages."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse

from ideverkstedet.accounts.models import Role
from ideverkstedet.accounts.tests.factories import user_with_role
from ideverkstedet.challenges.tests.factories import make_challenge, make_idea

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "citizen", "volunteer", "external", "employee", "leader", "advisor", "administrator"]

# (role, challenge) -> may view, may change. "own" = the person owns it; "unit" = a leader's own unit.
VIEW = {
    "internal": {
        "anonymous": 0,
        "citizen": 0,
        "volunteer": 0,
        "external": 0,
        "employee": 1,
        "leader": 1,
        "advisor": 1,
        "administrator": 1,
    },
    "public": dict.fromkeys(ROLES, 1),
}
CHANGE_OTHERS = {
    "anonymous": 0,
    "citizen": 0,
    "volunteer": 0,
    "external": 0,
    "employee": 0,
    "leader": 0,
    "advisor": 1,
    "administrator": 1,
}
CREATE = {
    "anonymous": 0,
    "citizen": 0,
    "volunteer": 1,
    "external": 1,
    "employee": 1,
    "leader": 1,
    "advisor": 1,
    "administrator": 1,
}
# Open for input to everyone (public): who may post an idea. Employees-only (internal): who may.
INPUT_EVERYONE = {"anonymous": 0, **dict.fromkeys(ROLES[1:], 1)}
INPUT_EMPLOYEES = {
    "anonymous": 0,
    "citizen": 0,
    "volunteer": 0,
    "external": 0,
    "employee": 1,
    "leader": 1,
    "advisor": 1,
    "administrator": 1,
}
JOIN_PUBLIC = {
    "anonymous": 0,
    "citizen": 0,
    "volunteer": 1,
    "external": 1,
    "employee": 1,
    "leader": 1,
    "advisor": 1,
    "administrator": 1,
}
MODERATE = {
    "anonymous": 0,
    "citizen": 0,
    "volunteer": 0,
    "external": 0,
    "employee": 0,
    "leader": 0,
    "advisor": 1,
    "administrator": 1,
}


def person(role: str):
    return AnonymousUser() if role == "anonymous" else user_with_role(Role(role))


def client_for(user) -> Client:
    client = Client()
    if user.is_authenticated:
        client.force_login(user)
    return client


@pytest.mark.parametrize("visibility", ["internal", "public"])
@pytest.mark.parametrize("role", ROLES)
def test_others_challenge(role, visibility):
    challenge = make_challenge(visibility=visibility)
    user = person(role)
    assert user.has_perm("challenges.view_challenge", challenge) == bool(VIEW[visibility][role])
    assert user.has_perm("challenges.change_challenge", challenge) == bool(CHANGE_OTHERS[role])
    assert user.has_perm("challenges.set_idea_status", make_idea(challenge)) == bool(CHANGE_OTHERS[role])
    assert user.has_perm("challenges.view_team_insight", challenge) == bool(CHANGE_OTHERS[role])
    assert user.has_perm("challenges.moderate") == bool(MODERATE[role])
    if visibility == "public":
        assert user.has_perm("challenges.ask_to_join", challenge) == bool(JOIN_PUBLIC[role])
    # Through the pages: 404 for what one may not see (it does not exist for them), 403 for what one may not do.
    client = client_for(user)
    detail = client.get(challenge.get_absolute_url())
    assert detail.status_code == (200 if VIEW[visibility][role] else 404)
    edit = client.get(reverse("challenges:edit", args=[challenge.slug]))
    expected_edit = (
        302
        if role == "anonymous"
        else (200 if CHANGE_OTHERS[role] else (403 if VIEW[visibility][role] else 404))
    )
    assert edit.status_code == expected_edit
    moderation = client.get(reverse("challenges:moderation"))
    assert moderation.status_code == (302 if role == "anonymous" else 200 if MODERATE[role] else 403)


@pytest.mark.parametrize("role", ROLES)
def test_creating(role):
    user = person(role)
    assert user.has_perm("challenges.create_challenge") == bool(CREATE[role])
    status = client_for(user).get(reverse("challenges:new")).status_code
    assert status == (302 if role == "anonymous" else 200 if CREATE[role] else 403)


@pytest.mark.parametrize("visibility", ["internal", "public"])
@pytest.mark.parametrize("role", [r for r in ROLES if r not in {"anonymous", "citizen"}])
def test_own_challenge(role, visibility):
    owner = person(role)
    challenge = make_challenge(owner, visibility=visibility)
    assert owner.has_perm("challenges.view_challenge", challenge)
    assert owner.has_perm("challenges.change_challenge", challenge)
    assert owner.has_perm("challenges.set_idea_status", make_idea(challenge))
    assert client_for(owner).get(reverse("challenges:edit", args=[challenge.slug])).status_code == 200


def test_a_leader_manages_their_own_units_challenges_only():
    employee = user_with_role(Role.EMPLOYEE)
    leader = user_with_role(Role.LEADER, unit=employee.unit)
    other_leader = user_with_role(Role.LEADER)
    challenge = make_challenge(employee)
    assert leader.has_perm("challenges.change_challenge", challenge)
    assert not other_leader.has_perm("challenges.change_challenge", challenge)


def test_team_members_of_an_organisations_public_challenge_manage_it():
    volunteer = user_with_role(Role.VOLUNTEER)
    challenge = make_challenge(volunteer, visibility="public")
    helper = user_with_role(Role.EXTERNAL)
    from ideverkstedet.challenges import services

    services.member_invite(actor=volunteer, challenge=challenge, email=helper.email)
    services.member_respond(user=helper, challenge=challenge, accept=True)
    assert helper.has_perm("challenges.change_challenge", challenge)


@pytest.mark.parametrize("role", ROLES)
def test_giving_input(role):
    public = make_challenge(visibility="public", open_for="everyone")
    internal = make_challenge(visibility="internal", open_for="employees")
    closed = make_challenge(visibility="public")
    user = person(role)
    assert user.has_perm("challenges.give_input", public) == bool(INPUT_EVERYONE[role])
    assert user.has_perm("challenges.give_input", internal) == bool(INPUT_EMPLOYEES[role])
    # Administrators are superusers, but the rules hold for every account: a closed window is closed to all.
    assert not user.has_perm("challenges.give_input", closed)
    idea = make_idea(public)
    assert user.has_perm("challenges.cheer", idea) == (role != "anonymous")
    assert user.has_perm("challenges.follow", public) == (role != "anonymous")
    assert user.has_perm("challenges.report", public) == (role != "anonymous")
    response = client_for(user).post(
        reverse("challenges:idea_new", args=[internal.slug]), {"title": "Idé", "description": "Tekst"}
    )
    if not VIEW["internal"][role]:  # an internal challenge does not exist for them, logged in or not
        assert response.status_code == 404
    else:
        assert response.status_code == 302  # posted
