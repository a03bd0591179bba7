"""Browser tests: headless Debian Chromium (never a downloaded browser) driven by Playwright, checked with axe-core.

Fixtures:
- ``browser``: one Chromium for the whole session (per xdist worker).
- ``page``: a fresh browser context per test (desktop 1280x900); ``phone_page`` is the same at 360x740, and
  ``new_page(viewport)`` opens more pages (for example a second, cookie-less browser) within one test.
  Every context has ``base_url`` set to the live server, so ``page.goto("/om/")`` works.

Helpers: ``assert_no_axe_violations(page, label)`` and ``login(page, live_server, user)``.
"""

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in this thread; without this Django refuses ORM calls from the test
# body ("You cannot call this from an async context") while the live server thread serves the browser.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}

# WCAG 2.0 and 2.1, levels A and AA: what the law asks of Norwegian public bodies (likestillings- og
# diskrimineringsloven, forskrift om universell utforming av IKT).
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
AXE_MAX_NODES = 3  # per rule in the failure message


def _in_ci() -> bool:
    return os.environ.get("CI") == "true"


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        message = (
            f"Chromium not found at {CHROMIUM}: install Debian's chromium package "
            "(apt-get install chromium); .ci/run does this"
        )
        if _in_ci():
            pytest.fail(f"{message}. CI=true: browser tests must run in CI, not skip.", pytrace=False)
        pytest.skip(message)

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def new_page(browser: Any, live_server: Any) -> Iterator[Callable[..., Any]]:
    """Open a page in a new, isolated browser context (own cookies).

    ``viewport`` is "desktop", "phone" or a dict; other keyword arguments go to ``browser.new_context``.
    """
    contexts: list[Any] = []

    def open_page(viewport: str | dict[str, int] = "desktop", **context_options: Any) -> Any:
        size = VIEWPORTS[viewport] if isinstance(viewport, str) else viewport
        options = {"locale": "nb-NO", "timezone_id": "Europe/Oslo", **context_options}
        context = browser.new_context(viewport=size, base_url=live_server.url, **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(request: pytest.FixtureRequest, new_page: Callable[..., Any]) -> Any:
    """A fresh desktop page; ``@pytest.mark.parametrize("page", ["phone"], indirect=True)`` gives a phone."""
    return new_page(getattr(request, "param", "desktop"))


@pytest.fixture
def phone_page(new_page: Callable[..., Any]) -> Any:
    return new_page("phone")


def _axe_report(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        nodes = violation.get("nodes", [])
        lines.append(
            f"- {violation['id']} ({violation.get('impact') or 'n/a'}): {violation.get('help', '')} "
            f"[{len(nodes)} element(s)] {violation.get('helpUrl', '')}"
        )
        for node in nodes[:AXE_MAX_NODES]:
            target = " ".join(str(part) for part in node.get("target", []))
            snippet = " ".join(str(node.get("html", "")).split())
            if len(snippet) > 300:
                snippet = snippet[:300] + "…"
            lines.append(f"    target: {target}")
            lines.append(f"    html:   {snippet}")
            summary = "; ".join(
                " ".join(line.split())
                for line in str(node.get("failureSummary", "")).splitlines()
                if line.strip()
            )
            if summary:
                lines.append(f"    why:    {summary[:400]}")
        if len(nodes) > AXE_MAX_NODES:
            lines.append(f"    … and {len(nodes) - AXE_MAX_NODES} more")
    return "\n".join(lines)


def assert_no_axe_violations(page: Any, context_label: str) -> None:
    """Run axe-core (WCAG 2.0/2.1 A and AA) on the page as it is now; fail with a readable list of violations.

    The page must have JavaScript: axe-core's promise never settles in a context opened with
    ``java_script_enabled=False`` (and Playwright's evaluate has no timeout), so check such a page's state in a
    second context that has it.
    """
    from axe_playwright_python.sync_playwright import Axe

    page.wait_for_load_state("load")
    results = Axe().run(page, options=AXE_OPTIONS)
    violations = results.response["violations"]
    if violations:
        pytest.fail(
            f"axe-core: {len(violations)} WCAG A/AA rule(s) violated on {context_label} ({page.url}):\n"
            + _axe_report(violations),
            pytrace=False,
        )


def login(page: Any, live_server: Any, user: Any, password: str | None = None) -> None:
    """Log in through the real login form, whatever the page language is, and check that it worked."""
    from ideverkstedet.accounts.tests.factories import PASSWORD

    page.goto(f"{live_server.url}/konto/logg-inn/")
    form = page.locator("main form:has(input[name=username])")
    form.locator("input[name=username]").fill(user.email)
    form.locator("input[name=password]").fill(password or PASSWORD)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert page.locator("form[action='/konto/logg-ut/']").count() > 0, (
        f"login as {user.email} failed: still at {page.url}"
    )


def switch_language(page: Any, code: str) -> None:
    """Click the language button in the header and check that the page came back in that language."""
    open_phone_menu(page)
    with page.expect_navigation():
        page.locator(f"header button[name=language][value={code}]:visible").click()
    assert_language(page, code)


def assert_language(page: Any, code: str) -> None:
    """The page is in ``code``: <html lang> says so and the header marks that language's button as current."""
    assert page.locator("html").get_attribute("lang") == code, f"{page.url}: <html lang> is not {code!r}"
    # The header has the buttons twice: in the wide header and in the phone menu (one of them hidden).
    current = page.locator("header button[name=language][aria-current=true]")
    assert current.count() >= 1, f"{page.url}: no language button has aria-current"
    values = set(current.evaluate_all("buttons => buttons.map(b => b.value)"))
    assert values == {code}, f"{page.url}: aria-current is on {values}, not on the {code!r} button"


def open_phone_menu(page: Any) -> None:
    """On a narrow screen, open the header's "Meny" disclosure (a no-op on a wide one or when it is open)."""
    menu = page.locator("header details.site-menu")
    if menu.is_visible() and menu.get_attribute("open") is None:
        menu.locator("summary").click()
