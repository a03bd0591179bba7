"""Internal entries are found only by the municipality's own people."""

import pytest
from django.contrib.auth.models import AnonymousUser

from ideverkstedet.accounts.models import Role
from ideverkstedet.search.selectors import search


@pytest.fixture
def entries(index):
    index("Barnehage for alle", visibility="public")
    index("Barnehage internt", visibility="internal")


def test_anonymous_visitor_does_not_find_internal_entries(entries, titles):
    assert titles(AnonymousUser(), "barnehage") == ["Barnehage for alle"]
    assert search(AnonymousUser(), "barnehage")[1] == 1


@pytest.mark.parametrize("role", [Role.CITIZEN, Role.VOLUNTEER, Role.EXTERNAL])
def test_people_outside_the_municipality_do_not_find_internal_entries(entries, titles, make_user, role):
    assert titles(make_user(role), "barnehage") == ["Barnehage for alle"]


@pytest.mark.parametrize("role", [Role.EMPLOYEE, Role.LEADER, Role.ADVISOR, Role.ADMINISTRATOR])
def test_municipal_people_find_internal_entries(entries, titles, make_user, role):
    user = make_user(role)
    assert sorted(titles(user, "barnehage")) == ["Barnehage for alle", "Barnehage internt"]
    assert search(user, "barnehage")[1] == 2
