"""A person turns off email for bookings in the browser, from Min side, and then gets no booking email (but the
notice is still in the app); other kinds still come. axe-core on the settings page at 1280 px and 390 px.
"""

import pytest
from django.core import mail

from ideverkstedet.accounts.models import Role
from ideverkstedet.desk.tests.factories import booking_for
from ideverkstedet.notifications.models import EmailSettings, Notification
from ideverkstedet.rooms.services import booking_cancel
from tests_browser.conftest import assert_no_axe_violations, login

pytestmark = pytest.mark.browser

PHONE_390 = {"width": 390, "height": 844}


@pytest.mark.parametrize("viewport", ["desktop", PHONE_390], ids=["1280", "390"])
def test_turning_off_booking_email_means_no_booking_email(
    new_page, live_server, make_user, transactional_db, viewport
):
    person = make_user(Role.EMPLOYEE, full_name="Eva Ansatt")
    adviser = make_user(Role.ADVISOR)
    booking = booking_for(person)
    page = new_page(viewport)
    login(page, live_server, person)

    page.goto("/konto/profil/")
    page.locator("main").get_by_role("link", name="Varsler på e-post").click()
    assert page.locator("h1").inner_text() == "Varsler på e-post"
    assert_no_axe_violations(page, f"notification settings ({viewport})")
    bookings = page.get_by_role("checkbox", name="Bookinger", exact=False)
    assert bookings.is_checked()
    bookings.uncheck()
    page.get_by_role("button", name="Lagre valgene").click()
    assert "lagret" in page.locator(".messages").inner_text()
    assert not page.get_by_role("checkbox", name="Bookinger", exact=False).is_checked()
    assert_no_axe_violations(page, f"notification settings saved ({viewport})")
    saved = EmailSettings.objects.get(user=person)
    assert not saved.bookings and saved.events and not saved.daily_digest

    mail.outbox.clear()
    booking_cancel(actor=adviser, booking=booking, reason="Vannlekkasje i rommet.")
    assert [m for m in mail.outbox if person.email in m.to] == []
    notice = Notification.objects.get(user=person)
    assert notice.kind == "bookings"
    page.goto("/varsler/")
    assert notice.title in page.locator("main").inner_text()  # still told in the app
    page.locator("main").get_by_role("link", name="Velg hva du får på e-post").click()
    assert page.url.endswith("/varsler/innstillinger/")
