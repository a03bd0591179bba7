"""Roles are known in one place: the rules. Services, selectors and views ask `has_perm`, and a Django superuser
gets from the rules exactly what its role gives — nothing more, and no way past a privacy rule."""

import re
from pathlib import Path

import pytest

import ideverkstedet
from ideverkstedet.accounts.models import Role
from ideverkstedet.events.tests.factories import EventFactory
from ideverkstedet.rooms.tests.factories import RoomFactory, make_booking

ROOT = Path(ideverkstedet.__file__).parent

# What decides permissions from roles. A module outside these that names a role group, compares roles or asks
# is_superuser is deciding who may do what behind the rules' back.
ROLE_CHECK = re.compile(
    r"STAFF_ROLES|ADVISER_ROLES|MUNICIPAL_ROLES|ORGANISATION_ROLES|is_superuser|\.role (?:not )?in\b|\.role [!=]= "
    r"|Role\.(?:ADVISOR|ADMINISTRATOR)\b"
)
ALLOWED = {
    # The rules themselves.
    *(str(p.relative_to(ROOT)) for p in ROOT.glob("*/rules.py")),
    # Where roles are defined, given and taken (audited), and where the admin site lets superusers in.
    "accounts/models.py",
    "accounts/services.py",
    "accounts/admin.py",
    "accounts/forms.py",
    "oidc/services.py",
    "core/admin.py",
    # A query that lists advisers needs the role group (from accounts/rules.py) to filter rows.
    "desk/selectors.py",
    # A query that removes outside members when a challenge turns internal, likewise.
    "challenges/services/challenges.py",
}


def test_only_the_rules_know_roles():
    offenders = []
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT)
        if (
            {"migrations", "tests"} & set(relative.parts)
            or relative.name == "demo.py"
            or "demo" in relative.parts
        ):
            continue
        if str(relative) in ALLOWED:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if ROLE_CHECK.search(line):
                offenders.append(f"{relative}:{number}: {line.strip()}")
    assert not offenders, "Ask user.has_perm(...) and name the rule in rules.py:\n" + "\n".join(offenders)


STAFF_ONLY = [
    "rooms.manage_bookings",
    "rooms.book_outside_rules",
    "events.manage_events",
    "challenges.moderate",
    "desk.view_queue",
    "desk.be_assigned",
]
MUNICIPAL_ONLY = [
    "challenges.view_internal",
    "challenges.own_internal",
    "stories.view_internal",
    "events.view_internal_events",
]
MUNICIPAL = {Role.EMPLOYEE, Role.LEADER, Role.ADVISOR, Role.ADMINISTRATOR}


@pytest.mark.parametrize("role", list(Role))
def test_what_each_role_may_do_without_an_object(make_user, role):
    person = make_user(role)
    for permission in STAFF_ONLY:
        assert person.has_perm(permission) == (role in {Role.ADVISOR, Role.ADMINISTRATOR}), permission
    for permission in MUNICIPAL_ONLY:
        assert person.has_perm(permission) == (role in MUNICIPAL), permission
    assert person.has_perm("core.view_auditlog") == (role == Role.ADMINISTRATOR)


def test_a_superuser_gets_what_its_role_gives_and_no_more(make_user):
    odd = make_user(Role.CITIZEN, is_superuser=True, is_staff=True)
    for permission in [*STAFF_ONLY, *MUNICIPAL_ONLY, "core.view_auditlog"]:
        assert not odd.has_perm(permission), permission
    # Django's own model permissions, which its admin site asks for, are still the superuser's.
    assert odd.has_perm("accounts.change_user")


@pytest.mark.parametrize("role", list(Role))
def test_registering_is_for_the_events_audience(make_user, role):
    event = EventFactory(audience=[Role.EMPLOYEE, Role.LEADER])
    person = make_user(role)
    in_audience = role in {Role.EMPLOYEE, Role.LEADER}
    assert person.has_perm("events.in_audience", event) == in_audience
    assert person.has_perm("events.register", event) == in_audience


@pytest.mark.parametrize("role", list(Role))
def test_someone_elses_booking_by_role(make_user, role):
    from datetime import timedelta

    from django.utils import timezone

    booking = make_booking(RoomFactory(), make_user(Role.EMPLOYEE), timezone.now() + timedelta(days=2))
    person = make_user(role)
    staff = role in {Role.ADVISOR, Role.ADMINISTRATOR}
    assert person.has_perm("rooms.view_booking", booking) == staff
    assert person.has_perm("rooms.cancel_booking", booking) == staff
    assert not person.has_perm("rooms.change_booking", booking)  # only the organiser moves their booking


@pytest.mark.parametrize(
    "changelist",
    [
        "admin:challenges_challenge_changelist",
        "admin:stories_story_changelist",
        "admin:stories_reuse_changelist",
        "admin:methods_plan_changelist",
        "admin:accounts_user_changelist",
    ],
)
def test_the_admin_site_still_opens_for_administrators_and_no_one_else(client, make_user, changelist):
    from django.urls import reverse

    url = reverse(changelist)
    client.force_login(make_user(Role.ADMINISTRATOR))
    assert client.get(url).status_code == 200
    client.force_login(make_user(Role.ADVISOR))
    assert client.get(url).status_code == 302  # to the admin's login: advisers work through the pages
