"""Finding one's way: the four verbs each land somewhere real, "Kurs og åpne dager" is one click from every page,
and on a phone the header is small (a "Meny" button that works without JavaScript) and nothing scrolls sideways
at 320 px."""

import pytest
from django.urls import reverse

from ideverkstedet.accounts.models import Role
from tests_browser.conftest import assert_no_axe_violations, login, open_phone_menu

pytestmark = pytest.mark.browser

NARROWEST = {"width": 320, "height": 640}
MAIN_PAGES = [
    "core:home",
    "core:meet",
    "core:think",
    "core:create",
    "core:share",
    "core:about",
    "stories:list",
    "events:event_list",
    "rooms:room_list",
    "challenges:list",
    "methods:method_list",
    "search:search",
]
LOGGED_IN_PAGES = [
    *MAIN_PAGES,
    "accounts:profile",
    "rooms:my_bookings",
    "methods:plan_list",
    "notifications:list",
]


def _assert_fits(page, label: str, width: int) -> None:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{label}: the page is {scroll}px wide in a {width}px window"


def test_each_verb_has_a_landing_with_links_and_courses_are_one_click_away(page, live_server):
    page.goto(live_server.url + "/")
    nav = page.get_by_role("navigation", name="Hovedmeny")
    for verb, heading in [
        ("Møte", "Kom sammen om en utfordring"),
        ("Tenke", "Forstå behovet først"),
        ("Skape", "Finn og test ideer"),
        ("Dele", "Historier: hva vi prøvde og lærte"),
    ]:
        nav.get_by_role("link", name=verb, exact=True).click()
        assert page.get_by_role("heading", level=1).inner_text() == heading
        assert nav.get_by_role("link", name=verb, exact=True).get_attribute("aria-current") == "page"
        assert_no_axe_violations(page, f"the {verb} landing")
    page.get_by_role("link", name="Møte", exact=True).first.click()
    for name in ("Book rommet", "Kurs og åpne dager", "Få hjelp fra Innovasjonsenheten"):
        assert page.get_by_role("main").get_by_role("link", name=name).count() >= 1, name
    nav.get_by_role("link", name="Kurs og åpne dager").click()
    assert page.url.endswith(reverse("events:event_list"))


@pytest.mark.parametrize("role", [None, Role.CITIZEN, Role.ADVISOR])
def test_nothing_scrolls_sideways_at_320_px(new_page, live_server, make_user, subtests, role):
    page = new_page(NARROWEST)
    names = MAIN_PAGES
    if role is not None:
        login(page, live_server, make_user(role))
        names = LOGGED_IN_PAGES
    for name in names:
        with subtests.test(msg=f"{name} [{role or 'logged out'}]"):
            page.goto(live_server.url + reverse(name))
            _assert_fits(page, name, NARROWEST["width"])
            open_phone_menu(page)
            _assert_fits(page, f"{name} with the menu open", NARROWEST["width"])


def test_the_phone_header_is_small_and_its_menu_works_without_javascript(new_page, live_server, make_user):
    page = new_page({"width": 390, "height": 844}, java_script_enabled=False)
    login(page, live_server, make_user(Role.EMPLOYEE))
    page.goto(live_server.url + reverse("core:think"))
    header = page.locator("header.site-header").bounding_box()
    assert header is not None and header["height"] <= 844 / 4, (
        f"the header is {header and header['height']}px"
    )
    assert not page.get_by_role("link", name="Min side").is_visible()
    page.locator("header details.site-menu summary").click()
    assert page.get_by_role("link", name="Min side").is_visible()
    assert page.get_by_role("button", name="Logg ut").is_visible()
    assert (
        page.get_by_role("navigation", name="Hovedmeny")
        .get_by_role("link", name="Kurs og åpne dager")
        .is_visible()
    )
    # axe-core is JavaScript: it never finishes on a page without it, so the same page and state is checked in a
    # phone context that has JavaScript.
    checked = new_page({"width": 390, "height": 844})
    login(checked, live_server, make_user(Role.EMPLOYEE))
    checked.goto(live_server.url + reverse("core:think"))
    open_phone_menu(checked)
    assert checked.get_by_role("link", name="Min side").is_visible()
    assert_no_axe_violations(checked, "the phone header with the menu open")
