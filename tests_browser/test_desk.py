"""The desk in the browser: a volunteer asks for help from their booking; an adviser triages it, writes an internal
note and a message, books the room from it and closes it; the volunteer reads the message, never the note, and
evaluates. axe-core runs on every page they see; the queue is also checked on a 390 px phone.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from ideverkstedet.accounts.models import Role
from ideverkstedet.desk.models import Request, Status
from ideverkstedet.desk.tests.factories import booking_for, seed_kinds
from ideverkstedet.rooms.tests.factories import PurposeKindFactory, RoomFactory
from tests_browser.conftest import assert_no_axe_violations, login

pytestmark = pytest.mark.browser

NOTE = "Intern: de har budsjett, men lederen er skeptisk."
ANSWER = "Hei! Vi hjelper gjerne. Vi har booket rommet til dere."


@pytest.fixture
def room(transactional_db):
    seed_kinds()
    PurposeKindFactory(name="Innsiktsarbeid")
    return RoomFactory(slug="ideverkstedet", name="Ideverkstedet", summary="Verkstedet i første etasje.")


def test_volunteer_asks_from_a_booking_adviser_answers_books_and_closes(
    page, new_page, live_server, make_user, room
):
    volunteer = make_user(Role.VOLUNTEER, full_name="Vilde Frivillig")
    booking = booking_for(volunteer, room=room)
    login(page, live_server, volunteer)
    page.goto(f"/booking/{booking.pk}/")
    page.locator("main").get_by_role("link", name="Be om hjelp").click()
    assert "Be om hjelp fra Innovasjonsenheten" in page.locator("h1").inner_text()
    assert "bookingen din" in page.locator(".desk-origin").inner_text()
    assert_no_axe_violations(page, "ask form")

    page.get_by_role("button", name="Send henvendelsen").click()  # empty: errors tied to fields
    assert page.locator(".error-summary").is_visible()
    assert page.locator("#id_need[aria-invalid=true]").count() == 1
    assert_no_axe_violations(page, "ask form with errors")

    page.get_by_label("Metodestøtte til en workshop", exact=False).check()
    page.get_by_label("Fortell med egne ord").fill("Vi skal ha workshop om frivillighet og trenger metoder.")
    page.get_by_role("button", name="Send henvendelsen").click()
    item = Request.objects.get(requester=volunteer)
    assert item.booking == booking
    assert item.reference in page.locator("h1").inner_text()
    assert item.reference in page.locator(".messages").inner_text()
    assert_no_axe_violations(page, "request page (requester, new)")
    page.goto("/hjelp/mine/")
    assert item.reference in page.locator("table").inner_text()
    assert_no_axe_violations(page, "my requests")

    adviser = new_page()
    login(adviser, live_server, make_user(Role.ADVISOR, full_name="Rita Rådgiver"))
    adviser.goto("/hjelp/ko/")
    assert item.reference in adviser.locator(".desk-queue").inner_text()
    assert_no_axe_violations(adviser, "queue")
    adviser.get_by_role("link", name=item.reference).click()
    assert_no_axe_violations(adviser, "request page (adviser)")

    adviser.get_by_label("Rita Rådgiver").check()
    adviser.get_by_label("Høy").check()
    adviser.get_by_role("button", name="Lagre fordelingen").click()
    assert "Fordelingen er lagret" in adviser.locator(".messages").inner_text()

    adviser.get_by_label("Melding").fill(NOTE)
    adviser.get_by_label("Intern merknad (bare Innovasjonsenheten ser den)").check()
    adviser.get_by_role("button", name="Send", exact=True).click()
    assert (
        "Intern merknad – bare for Innovasjonsenheten"
        in adviser.locator(".desk-message.internal").inner_text()
    )
    assert_no_axe_violations(adviser, "request page with an internal note")

    adviser.get_by_label("Melding").fill(ANSWER)
    adviser.get_by_role("button", name="Send", exact=True).click()
    assert ANSWER in adviser.locator(".desk-conversation").inner_text()

    # One step to a booking: the form is prefilled and the booking is tied back to the request.
    adviser.get_by_role("link", name="Book rommet for henvendelsen").click()
    assert "bestilling=" + item.reference in adviser.url
    day = timezone.localdate() + timedelta(days=9)
    adviser.get_by_label("Dato").fill(day.isoformat())
    adviser.get_by_label("Fra klokka").fill("13:00")
    adviser.get_by_label("Til klokka").fill("15:00")
    adviser.get_by_label("Innsiktsarbeid").check()
    adviser.get_by_label("Frivillige", exact=False).check()
    adviser.get_by_label("Hvor mange blir dere?").fill("8")
    adviser.get_by_role("button", name="Send booking").click()
    item.refresh_from_db()
    assert item.made_booking is not None and item.made_booking.room == room

    adviser.goto(item.get_absolute_url())
    assert adviser.get_by_role("link", name="Laget fra henvendelsen").count() == 1
    adviser.locator("#id_status-status").select_option(Status.CLOSED)
    adviser.get_by_label("Hva vi har avtalt").fill("Workshop i Ideverkstedet med metodekort.")
    adviser.get_by_role("button", name="Lagre status").click()
    item.refresh_from_db()
    assert item.status == Status.CLOSED
    assert_no_axe_violations(adviser, "request page (closed, adviser)")

    page.goto(item.get_absolute_url())
    text = page.locator("main").inner_text()
    assert ANSWER in text and NOTE not in text and "Intern merknad" not in text
    assert "Workshop i Ideverkstedet med metodekort." in text
    assert_no_axe_violations(page, "request page (closed, requester)")
    page.locator("#vurdering").get_by_label("5", exact=True).check()
    page.get_by_label("Én setning om hvordan det gikk").fill("Veldig nyttig!")
    page.get_by_role("button", name="Send vurderingen").click()
    assert "Takk for vurderingen" in page.locator(".messages").inner_text()
    assert_no_axe_violations(page, "request page (evaluated)")
    item.refresh_from_db()
    assert item.rating == 5


def test_the_queue_on_a_390px_phone(new_page, live_server, make_user, transactional_db):
    from ideverkstedet.desk.tests.factories import make_request

    for _ in range(3):
        make_request(make_user(Role.EMPLOYEE))
    phone = new_page({"width": 390, "height": 844})
    login(phone, live_server, make_user(Role.ADVISOR))
    phone.goto("/hjelp/ko/")
    assert phone.locator(".desk-row").count() == 3
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the queue scrolls sideways on a phone: {width}px"
    assert_no_axe_violations(phone, "queue on a phone")
    phone.locator(".desk-filters summary").click()
    phone.get_by_label("Bare over fristen").check()
    phone.get_by_role("button", name="Vis").click()
    assert_no_axe_violations(phone, "queue on a phone, filtered")
