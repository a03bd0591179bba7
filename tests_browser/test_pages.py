"""Every page a visitor can reach, in bokmål and English, logged out and logged in: zero axe-core violations
(WCAG 2.0/2.1 A and AA). Also a form with errors, and the phone width (360 px) without sideways scrolling."""

import pytest
from django.urls import reverse

from ideverkstedet.accounts.models import Role
from tests_browser.conftest import PHONE, assert_language, assert_no_axe_violations, login, switch_language

pytestmark = pytest.mark.browser

PUBLIC_PAGES = [
    "core:home",
    "core:meet",
    "core:think",
    "core:create",
    "core:share",
    "core:about",
    "core:privacy",
    "core:accessibility",
    "accounts:sign_up",
    "accounts:login",
    "accounts:password_reset",
    "accounts:resend_verification",
]
# Logged in, sign-up and login redirect to Min side; everything else public stays reachable.
LOGGED_IN_PAGES = [
    *[name for name in PUBLIC_PAGES if name not in {"accounts:sign_up", "accounts:login"}],
    "accounts:profile",
    "accounts:profile_edit",
    "accounts:password_change",
    "notifications:list",
    "accounts:delete_account",
]
LANGUAGES = ["nb", "en"]


def _person(make_user, role):
    """A citizen with empty lists; an employee (with a unit) with an unread notice and an API key, so both the
    empty states and the filled ones (badge, notice list, token table) are checked."""
    user = make_user(role)
    if role == Role.EMPLOYEE:
        from ideverkstedet.accounts import services as account_services
        from ideverkstedet.notifications.services import notify

        notify(user=user, title="Bookingen din er godkjent", body="Velkommen!\nVi ses.", url="/")
        account_services.api_token_create(user=user, name="Rapport i Excel")
    return user


def _check_pages(page, live_server, subtests, names, language, who):
    """Visit each page in turn, each one a subtest: a failing page is reported and the others still run.

    For a language other than bokmål, the header button is clicked on the first page only: every page after it
    must come in that language too (the choice is remembered).
    """
    for number, name in enumerate(names):
        with subtests.test(msg=f"{name} [{language}, {who}]"):
            url = live_server.url + reverse(name)
            response = page.goto(url)
            assert response is not None and response.ok, f"{name}: HTTP {response and response.status}"
            assert page.url == url, f"{name} redirected to {page.url}"
            if number == 0:
                assert page.locator("html").get_attribute("lang") == "nb", "bokmål must be the default"
                if language != "nb":
                    switch_language(page, language)
                    assert page.url == url, "the language switch must come back to the same page"
            assert_language(page, language)
            assert_no_axe_violations(page, f"{name} [{language}, {who}]")


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages_logged_out(page, live_server, subtests, language):
    _check_pages(page, live_server, subtests, PUBLIC_PAGES, language, "logged out")
    assert page.locator("form[action='/konto/logg-ut/']").count() == 0


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("role", [Role.CITIZEN, Role.EMPLOYEE])
def test_pages_logged_in(page, live_server, make_user, subtests, role, language):
    login(page, live_server, _person(make_user, role))
    _check_pages(page, live_server, subtests, LOGGED_IN_PAGES, language, f"logged in as {role}")


@pytest.mark.parametrize("role", [Role.CITIZEN, Role.EMPLOYEE])
def test_sign_up_and_login_send_a_logged_in_person_to_min_side(page, live_server, make_user, role):
    login(page, live_server, _person(make_user, role))
    for name in ("accounts:sign_up", "accounts:login"):
        page.goto(live_server.url + reverse(name))
        assert page.url == live_server.url + reverse("accounts:profile"), name


def test_sign_up_submitted_empty_shows_errors_accessibly(page, live_server):
    page.goto(live_server.url + reverse("accounts:sign_up"))
    with page.expect_navigation():
        page.get_by_role("button", name="Lag konto").click()

    summary = page.locator("[data-error-summary]")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')"), (
        "the error summary must get focus"
    )
    # Every field error is tied to its control (input/select or the radio group's fieldset).
    errors = page.locator(".field.has-error .errorlist[id]")
    assert errors.count() >= 4  # full name, email, password, repeat password
    for error_id in errors.evaluate_all("lists => lists.map(l => l.id)"):
        controls = page.locator(f"[aria-describedby~='{error_id}']")
        assert controls.count() == 1, f"no control has aria-describedby containing {error_id}"
        tag = controls.evaluate("el => el.tagName.toLowerCase()")
        if tag != "fieldset":
            assert controls.get_attribute("aria-invalid") == "true", error_id
    # Each link in the summary leads to an element that exists.
    for href in summary.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))"):
        assert page.locator(href).count() == 1, f"error summary link {href} leads nowhere"
    assert_no_axe_violations(page, "sign-up form with errors")


def _assert_no_sideways_scroll(page, label):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{label}: page is {width}px wide at a {PHONE['width']}px viewport"


def test_home_on_a_phone(phone_page, live_server):
    phone_page.goto(live_server.url + reverse("core:home"))
    _assert_no_sideways_scroll(phone_page, "home")
    assert_no_axe_violations(phone_page, "home [phone 360px]")


def test_profile_on_a_phone(phone_page, live_server, make_user):
    login(phone_page, live_server, _person(make_user, Role.EMPLOYEE))
    phone_page.goto(live_server.url + reverse("accounts:profile"))
    assert phone_page.get_by_role("heading", level=1).inner_text() == "Min side"
    _assert_no_sideways_scroll(phone_page, "profile")
    assert_no_axe_violations(phone_page, "profile [phone 360px]")
