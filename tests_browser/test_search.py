"""Searching in the browser: from the header box to results and the empty state, with axe-core on each page."""

import pytest

from ideverkstedet.search.services import search_index
from tests_browser.conftest import assert_no_axe_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def entries(transactional_db):
    search_index(
        kind="challenge",
        object_id=1,
        title="Ny barnehage i sentrum",
        body="Foreldre ønsker en barnehage nær jobben og kollektivtrafikken.",
        url="/om/",
        visibility="public",
    )
    search_index(
        kind="idea",
        object_id=2,
        title="Barnehagebuss",
        body="En buss som henter barna.",
        url="/om/",
        visibility="public",
    )


def test_search_from_the_header_box_to_results(page, entries):
    page.goto("/om/")
    header_search = page.get_by_role("search", name="Søk på nettstedet")
    header_search.get_by_label("Søk i utfordringer og ideer").fill("barnehagen")
    with page.expect_navigation():
        header_search.get_by_role("button", name="Søk").click()
    assert page.url.endswith("/sok/?q=barnehagen")
    assert page.get_by_role("heading", name="2 treff på «barnehagen»").is_visible()
    assert page.get_by_role("link", name="Ny barnehage i sentrum").is_visible()
    assert_no_axe_violations(page, "search results")

    page.get_by_label("Vis").select_option("idea")
    with page.expect_navigation():
        page.get_by_role("search").get_by_role("button", name="Søk").click()
    assert page.get_by_role("heading", name="1 treff på «barnehagen»").is_visible()


def test_no_hits_and_empty_form_pass_axe(page, entries):
    page.goto("/sok/")
    assert_no_axe_violations(page, "empty search page")
    page.goto("/sok/?q=sv%C3%B8mmehall")
    assert page.get_by_text("Ingen treff på «svømmehall».").is_visible()
    assert_no_axe_violations(page, "search without hits")


def test_phone_width_has_no_sideways_scrolling(phone_page, entries):
    phone_page.goto("/sok/?q=barnehage")
    assert_no_axe_violations(phone_page, "search results on a phone")
    scroll_width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 360
    phone_page.goto("/om/")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
