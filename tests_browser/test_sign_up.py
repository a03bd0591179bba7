"""Sign-up asks only what fits the role: a resident sees no unit or organisation, an employee the unit, a
volunteer the organisation — with and without JavaScript (CSS :has does it)."""

import pytest
from django.urls import reverse

from ideverkstedet.accounts.tests.factories import UnitFactory
from tests_browser.conftest import assert_no_axe_violations

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("javascript", [True, False])
def test_the_fields_follow_the_role(new_page, live_server, javascript):
    UnitFactory()
    page = new_page("phone", java_script_enabled=javascript)
    page.goto(live_server.url + reverse("accounts:sign_up"))
    unit, organisation = page.locator("select[name=unit]"), page.locator("select[name=organisation]")
    assert not unit.is_visible() and not organisation.is_visible()  # a resident, picked by default
    page.get_by_label("Ansatt i kommunen").check()
    assert unit.is_visible() and not organisation.is_visible()
    page.get_by_label("Frivillig, på vegne av en organisasjon").check()
    assert organisation.is_visible() and not unit.is_visible()
    assert page.get_by_label("Ny organisasjon").is_visible()
    if javascript:
        assert_no_axe_violations(page, "sign-up as a volunteer")
