"""Whole journeys in the browser: keyboard use, sign-up to Min side, a failed login, the language choice.
axe-core checks every page on the way."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from ideverkstedet.accounts.models import Role, User
from ideverkstedet.notifications.models import OutgoingEmail
from tests_browser.conftest import assert_language, assert_no_axe_violations, login, switch_language

pytestmark = pytest.mark.browser


def test_keyboard_first_tab_is_the_skip_link_and_it_moves_focus_to_main(page, live_server):
    page.goto(live_server.url + reverse("core:home"))
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "({tag: document.activeElement.tagName, href: document.activeElement.getAttribute('href'),"
        " text: document.activeElement.textContent.trim()})"
    )
    assert focused == {"tag": "A", "href": "#main", "text": "Hopp til hovedinnholdet"}
    # The skip link is shown when focused (it may be hidden off-screen otherwise).
    box = page.locator(".skip-link").bounding_box()
    assert box is not None and box["width"] > 1 and box["height"] > 1 and box["y"] >= 0 and box["x"] >= 0
    assert_no_axe_violations(page, "home with the skip link focused")

    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused(
        timeout=3000
    )  # not wait_for_function(string): CSP forbids eval
    assert page.url.endswith("#main")
    # The next Tab continues inside main, not back at the top of the page.
    page.keyboard.press("Tab")
    assert page.evaluate("document.getElementById('main').contains(document.activeElement)")


def test_sign_up_verify_and_log_in(page, live_server):
    email, password = "kari.nordmann@example.no", "lang-og-god-setning"

    page.goto(live_server.url + reverse("accounts:sign_up"))
    assert_no_axe_violations(page, "sign-up form")
    page.get_by_label("Fullt navn").fill("Kari Nordmann")
    page.get_by_label("E-postadresse").fill(email)
    page.get_by_role("radio", name="Innbygger").check()
    page.get_by_label("Passord", exact=True).fill(password)
    page.get_by_label("Gjenta passordet").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Lag konto").click()
    errors = page.locator("[data-error-summary]")
    assert errors.count() == 0, errors.inner_text()
    assert page.get_by_role("heading", level=1).inner_text() == "Sjekk e-posten din"
    assert_no_axe_violations(page, "sign-up done")

    user = User.objects.get(email=email)
    assert user.role == Role.CITIZEN and user.email_verified_at is None
    mail = OutgoingEmail.objects.filter(to=email).latest("created_at")
    match = re.search(re.escape(settings.SITE_URL) + r"/\S+", mail.body_text)
    assert match, f"no link to {settings.SITE_URL} in the email:\n{mail.body_text}"
    link = live_server.url + match.group(0).removeprefix(settings.SITE_URL)

    page.goto(link)
    assert page.get_by_role("heading", level=1).inner_text() == "Bekreft e-postadressen"
    assert_no_axe_violations(page, "verify email (confirm button)")
    user.refresh_from_db()
    assert user.email_verified_at is None, (
        "opening the link alone must not verify (mail scanners follow links)"
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Bekreft adressen").click()
    assert page.url == live_server.url + reverse("accounts:login")
    assert_no_axe_violations(page, "login after verifying (with the success message)")
    user.refresh_from_db()
    assert user.email_verified_at is not None

    login(page, live_server, user, password=password)
    assert page.url == live_server.url + reverse("accounts:profile")
    assert page.get_by_role("heading", level=1).inner_text() == "Min side"
    assert_no_axe_violations(page, "Min side after the first login")


def test_wrong_password_shows_an_error(page, live_server, make_user):
    user = make_user(Role.CITIZEN)
    page.goto(live_server.url + reverse("accounts:login"))
    page.get_by_label("E-postadresse").fill(user.email)
    page.get_by_label("Passord", exact=True).fill("feil-passord-helt-feil")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()

    assert page.url == live_server.url + reverse("accounts:login")
    summary = page.locator("[data-error-summary]")
    assert "Feil e-postadresse eller passord. Prøv igjen." in summary.inner_text()
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')"), (
        "the error summary must get focus"
    )
    assert page.locator("form[action='/konto/logg-ut/']").count() == 0
    assert_no_axe_violations(page, "login with a wrong password")


def test_language_choice_follows_the_visitor_from_page_to_page(page, live_server):
    page.goto(live_server.url + reverse("core:home"))
    assert_language(page, "nb")
    switch_language(page, "en")
    assert page.url == live_server.url + reverse("core:home")

    page.locator("footer a[href='/om/']").click()
    page.wait_for_url(live_server.url + reverse("core:about"))
    assert_language(page, "en")
    page.goto(live_server.url + reverse("accounts:login"))
    assert_language(page, "en")
    assert_no_axe_violations(page, "login page in English")
    cookie = {c["name"]: c["value"] for c in page.context.cookies()}.get(settings.LANGUAGE_COOKIE_NAME)
    assert cookie == "en"

    switch_language(page, "nn")
    page.goto(live_server.url + reverse("core:privacy"))
    assert_language(page, "nn")
    assert_no_axe_violations(page, "privacy page in nynorsk")


def test_language_choice_is_stored_on_the_account(page, new_page, live_server, make_user):
    user = make_user(Role.CITIZEN, language="nb")
    login(page, live_server, user)
    assert_language(page, "nb")
    switch_language(page, "en")
    assert page.url == live_server.url + reverse("accounts:profile")
    user.refresh_from_db()
    assert user.language == "en"
    assert_no_axe_violations(page, "Min side in English")

    # Another browser, no cookie, asking for bokmål: after logging in the account's language wins.
    other = new_page(locale="nb-NO")
    other.goto(live_server.url + reverse("core:home"))
    assert_language(other, "nb")
    login(other, live_server, user)
    assert_language(other, "en")
    other.goto(live_server.url + reverse("core:about"))
    assert_language(other, "en")
