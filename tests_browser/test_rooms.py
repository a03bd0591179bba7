"""Room booking in the browser: a citizen books, an advisor approves, an employee books and cancels.

axe-core runs on every page they see: the week calendar (also after an htmx week change), the booking form
with and without errors, the booking, "Mine bookinger" and the approval queue.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ideverkstedet.accounts.models import Role
from ideverkstedet.rooms.models import Booking
from ideverkstedet.rooms.tests.factories import PurposeKindFactory, RoomFactory
from tests_browser.conftest import assert_no_axe_violations, login

pytestmark = pytest.mark.browser


@pytest.fixture
def room(transactional_db):
    PurposeKindFactory(name="Innsiktsarbeid")
    return RoomFactory(slug="ideverkstedet", name="Ideverkstedet", summary="Verkstedet i første etasje.")


def _next_week() -> str:
    monday = timezone.localdate() + timedelta(days=7 - timezone.localdate().weekday())
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def _fill_booking_form(page, participants: str = "5") -> None:
    page.get_by_label("Innsiktsarbeid").check()
    page.get_by_label("På tvers av tjenester").check()
    page.get_by_label("Hvor mange blir dere?").fill(participants)


def test_citizen_books_and_advisor_approves(page, new_page, live_server, make_user, room):
    citizen = make_user(Role.CITIZEN)
    login(page, live_server, citizen)
    page.goto(f"/rom/ideverkstedet/?uke={_next_week()}")
    assert_no_axe_violations(page, "week calendar (citizen)")

    page.get_by_role("link", name="Ledig – book").first.click()
    assert page.locator("h1").inner_text() == "Book Ideverkstedet"
    assert_no_axe_violations(page, "booking form")

    # Sent without the required answers: errors are shown, tied to their fields, and the input is kept.
    page.get_by_role("button", name="Send booking").click()
    assert page.locator(".error-summary").is_visible()
    assert page.locator("#id_expected_participants[aria-invalid=true]").count() == 1
    assert_no_axe_violations(page, "booking form with errors")

    _fill_booking_form(page)
    page.get_by_role("button", name="Send booking").click()
    assert "venter på godkjenning" in page.locator(".status").inner_text().lower()
    assert_no_axe_violations(page, "booking detail (requested)")
    booking = Booking.objects.get(organiser=citizen)
    assert booking.status == Booking.Status.REQUESTED

    page.goto("/booking/")
    rows = page.locator("table tbody tr")
    assert rows.count() == 1 and "Ideverkstedet" in rows.first.inner_text()
    assert_no_axe_violations(page, "my bookings")

    advisor_page = new_page()
    login(advisor_page, live_server, make_user(Role.ADVISOR))
    advisor_page.goto("/booking/godkjenning/")
    assert_no_axe_violations(advisor_page, "approval queue")
    # The booking's own button (the bulk form's "Godkjenn de valgte" comes first on the page).
    advisor_page.locator(".queue-item").first.get_by_role("button", name="Godkjenn").click()
    assert "godkjent" in advisor_page.locator(".messages").inner_text()
    assert_no_axe_violations(advisor_page, "approval queue after approving")
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


def test_advisor_declines_with_a_reason(page, live_server, make_user, room):
    from ideverkstedet.rooms.tests.factories import make_booking

    start = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=3)
    booking = make_booking(room, make_user(Role.CITIZEN), start, status=Booking.Status.REQUESTED)
    login(page, live_server, make_user(Role.ADVISOR))
    page.goto("/booking/godkjenning/")
    page.get_by_text("Avslå med begrunnelse").click()
    page.get_by_label("Hvorfor avslås bookingen?").fill("Rommet er satt av til kurs.")
    page.get_by_role("button", name="Avslå", exact=True).click()
    assert "avslått" in page.locator(".messages").inner_text()
    booking.refresh_from_db()
    assert booking.status == Booking.Status.DECLINED


def test_employee_books_is_confirmed_at_once_and_cancels(page, live_server, make_user, room):
    employee = make_user(Role.EMPLOYEE)
    login(page, live_server, employee)
    page.goto(f"/rom/ideverkstedet/?uke={_next_week()}")
    page.get_by_role("link", name="Ledig – book").first.click()
    _fill_booking_form(page, participants="3")
    page.get_by_role("button", name="Send booking").click()
    assert "bekreftet" in page.locator(".status").inner_text().lower()
    page.get_by_role("link", name="Avlys bookingen …").click()
    # A second step that says what happens, before anything is cancelled.
    expect(page.get_by_role("heading", level=1)).to_have_text("Vil du avlyse bookingen?")
    expect(page.locator("main")).to_contain_text("Tiden blir ledig for andre med en gang.")
    assert Booking.objects.get(organiser=employee).status == Booking.Status.CONFIRMED
    assert_no_axe_violations(page, "cancel confirmation")
    page.get_by_label("Hvorfor avlyses bookingen?").fill("Teamet er sykt")
    page.get_by_role("button", name="Ja, avlys bookingen").click()
    assert "avlyst" in page.locator(".status").inner_text().lower()
    assert_no_axe_violations(page, "booking detail (cancelled)")
    assert Booking.objects.get(organiser=employee).status == Booking.Status.CANCELLED


def test_week_navigation_with_htmx_swaps_the_calendar_and_stays_accessible(page, live_server, room):
    page.goto("/rom/ideverkstedet/")
    first_heading = page.locator("#calendar-title").inner_text()
    page.get_by_role("link", name="Neste uke").click()
    expect(page.locator("#calendar-title")).not_to_have_text(first_heading)  # web-first: CSP forbids eval
    assert "uke=" in page.url  # hx-push-url keeps the address shareable
    assert page.locator("header").count() == 1  # only the calendar was swapped in
    assert_no_axe_violations(page, "week calendar after htmx swap")


def test_week_calendar_works_without_javascript(new_page, live_server, room):
    page = new_page(java_script_enabled=False)
    page.goto("/rom/ideverkstedet/")
    page.get_by_role("link", name="Neste uke").click()
    assert "uke=" in page.url
    assert page.locator(".day").count() == 7


def test_calendar_on_a_phone_has_no_sideways_scrolling(new_page, live_server, room):
    page = new_page("phone")
    page.goto("/rom/ideverkstedet/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_no_axe_violations(page, "week calendar on a phone")
