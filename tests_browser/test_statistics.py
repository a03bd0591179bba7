"""The barometer and open data in the browser: an adviser picks a year and a service area, reads a chart's
numbers by keyboard and downloads its CSV; a visitor opens the open data page. axe-core on every page."""

import csv
import io

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ideverkstedet.accounts.models import Role
from ideverkstedet.accounts.tests.factories import ServiceAreaFactory
from ideverkstedet.challenges.tests.factories import ensure_phases
from ideverkstedet.stories.tests.factories import make_story
from tests_browser.conftest import assert_no_axe_violations, login

pytestmark = pytest.mark.browser


@pytest.fixture
def phases(transactional_db):
    ensure_phases()


def test_adviser_reads_a_chart_by_keyboard_and_downloads_its_csv(page, live_server, phases, make_user):
    area = ServiceAreaFactory(name="Oppvekst", slug="oppvekst")
    story = make_story(innovation={"taken_into_use": True, "types": ["service", "process"]})
    story.service_areas.set([area])
    adviser = make_user(Role.ADVISOR)
    login(page, live_server, adviser)
    page.goto("/statistikk/")
    assert_no_axe_violations(page, "barometer (adviser)")
    year = str(timezone.localdate().year)
    page.locator("#id_ar").select_option(year)
    page.locator("#id_omrade").select_option("oppvekst")
    page.get_by_role("button", name="Vis tallene").click()
    expect(page).to_have_url(f"{live_server.url}/statistikk/?ar={year}&fra=&til=&omrade=oppvekst")
    assert_no_axe_violations(page, "barometer for a year and service area")

    summary = page.locator("#figur-types summary")
    summary.focus()
    page.keyboard.press("Enter")
    table = page.locator("#figur-types table")
    expect(table).to_be_visible()
    expect(table.get_by_role("row", name="Tjeneste 1")).to_be_visible()
    assert_no_axe_violations(page, "barometer with a table open")
    page.keyboard.press("Tab")  # onto the CSV link
    link = page.locator("#figur-types a", has_text="CSV")
    expect(link).to_be_focused()
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    path = download.value.path()
    with open(path, encoding="utf-8") as downloaded:
        rows = list(csv.DictReader(io.StringIO(downloaded.read())))
    assert {(r["key"], r["value"]) for r in rows} >= {("service", "1"), ("process", "1"), ("product", "0")}


def test_visitor_opens_the_open_data_page(page, live_server, phases):
    page.goto("/apne-data/")
    assert_no_axe_violations(page, "open data")
    page.locator("#historier summary").click()
    expect(page.get_by_role("cell", name="Publisert (ISO 8601)")).to_be_visible()
    page.goto("/statistikk/")
    assert_no_axe_violations(page, "barometer (anonymous)")
    page.set_viewport_size({"width": 390, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
