"""Events in the browser: a full course and its waitlist, an open day, attendance. axe on every page."""

import pytest
from playwright.sync_api import expect

from ideverkstedet.accounts.models import Role
from ideverkstedet.events import services
from ideverkstedet.events.models import Event, Registration
from ideverkstedet.events.tests.factories import EventFactory, add_session
from tests_browser.conftest import assert_no_axe_violations, login

pytestmark = pytest.mark.browser


@pytest.fixture
def full_course(transactional_db, make_user):
    course = EventFactory(title="Kurs i tjenestedesign", slug="kurs-i-tjenestedesign", capacity=1)
    add_session(course)
    holder = make_user(Role.EMPLOYEE, full_name="Hanne Holder")
    services.registration_create(person=holder, event=course)
    return course, holder


def test_waitlist_then_offer_then_accept(page, new_page, live_server, make_user, full_course):
    course, holder = full_course
    waiting = make_user(Role.EMPLOYEE)
    login(page, live_server, waiting)
    page.goto("/arrangementer/")
    assert_no_axe_violations(page, "event list")
    page.get_by_role("link", name="Kurs i tjenestedesign").click()
    assert_no_axe_violations(page, "full course (before registering)")
    page.get_by_role("button", name="Sett meg på venteliste").click()
    assert "nummer 1" in page.locator(".status").inner_text()
    assert_no_axe_violations(page, "course with waitlist position")

    other = new_page()
    login(other, live_server, holder)
    other.goto(f"/arrangementer/{course.slug}/")
    other.get_by_role("button", name="Meld meg av").click()
    assert "meldt av" in other.locator(".messages").inner_text()

    page.reload()
    assert "ledig til deg" in page.locator(".status").inner_text()
    assert_no_axe_violations(page, "course with an offer")
    page.get_by_role("button", name="Takk ja til plassen").click()
    assert "Du er påmeldt" in page.locator(".status").inner_text()
    assert Registration.objects.get(person=waiting, event=course).status == Registration.Status.CONFIRMED
    page.goto("/arrangementer/mine/")
    assert_no_axe_violations(page, "my registrations")


def test_citizen_registers_for_a_public_open_day(page, live_server, make_user, transactional_db):
    open_day = EventFactory(
        title="Åpen dag i Ideverkstedet", slug="apen-dag", question="Hvilken utfordring vil du snakke om?"
    )
    add_session(open_day)
    citizen = make_user(Role.CITIZEN)
    login(page, live_server, citizen)
    page.goto("/")
    page.get_by_role("link", name="Åpen dag i Ideverkstedet").click()
    page.get_by_label("Hvilken utfordring vil du snakke om?").fill("Lange køer på servicetorget")
    page.get_by_role("button", name="Meld meg på").click()
    assert "Du er påmeldt" in page.locator(".status").inner_text()
    assert_no_axe_violations(page, "open day after registering")
    assert Registration.objects.get(person=citizen).answer == "Lange køer på servicetorget"


def test_advisor_marks_attendance_on_a_phone(new_page, live_server, make_user, full_course):
    course, holder = full_course
    page = new_page("phone")
    login(page, live_server, make_user(Role.ADVISOR))
    page.goto(f"/arrangementer/{course.slug}/deltakere/")
    assert_no_axe_violations(page, "attendance list on a phone")
    page.get_by_role("button", name="Møtte – Hanne Holder").click()
    expect(page.get_by_role("button", name="Møtte – Hanne Holder")).to_have_attribute("aria-pressed", "true")
    assert Registration.objects.get(person=holder).attended is True
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_advisor_creates_and_publishes_an_event(page, live_server, make_user, transactional_db):
    from ideverkstedet.events.tests.factories import EventKindFactory

    EventKindFactory()
    login(page, live_server, make_user(Role.ADVISOR))
    page.goto("/arrangementer/ny/")
    assert_no_axe_violations(page, "new event form")
    page.get_by_role("button", name="Lagre utkast").click()
    assert page.locator(".error-summary").is_visible()
    assert_no_axe_violations(page, "new event form with errors")
    page.get_by_label("Tittel").fill("Verksted: brukerreiser")
    page.get_by_label("Kort beskrivelse").fill("Tegn reisen til en innbygger.")
    page.locator("#id_registration_0").check()  # "påmelding" (registration required)
    page.get_by_label("Dato for første økt").fill("2027-02-10")
    page.get_by_label("Fra klokka").fill("09:00")
    page.get_by_label("Til klokka").fill("12:00")
    page.get_by_label("Sted (hvis ikke i et av rommene våre)").fill("Biblioteket")
    page.get_by_role("button", name="Lagre utkast").click()
    page.get_by_role("button", name="Publiser").click()
    assert Event.objects.get(title="Verksted: brukerreiser").status == Event.Status.PUBLISHED
    assert_no_axe_violations(page, "published event (advisor view)")
