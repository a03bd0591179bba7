"""The walks in issue #12's "Done when", each at 1280 px and at 390 px, axe-core on every page on the way.

1. A resident goes from the front page to a public open day through the main menu, logs in from the event,
   registers and downloads the registration's calendar file.
2. An employee books the room from the week calendar and cancels it through the confirmation step.
3. An adviser approves three bookings at once, takes attendance for twenty people (the place on the page is kept
   when a person is ticked), and hides a reported post with a reason.
"""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ideverkstedet.accounts.models import Role
from ideverkstedet.accounts.tests.factories import PASSWORD
from ideverkstedet.challenges import services as challenge_services
from ideverkstedet.challenges.models import Idea, Report, Visibility
from ideverkstedet.challenges.tests.factories import ensure_phases, make_challenge, make_idea
from ideverkstedet.events import services as event_services
from ideverkstedet.events.models import Registration
from ideverkstedet.events.tests.factories import EventFactory, EventKindFactory, add_session
from ideverkstedet.rooms.models import Booking
from ideverkstedet.rooms.tests.factories import PurposeKindFactory, RoomFactory, local, make_booking
from tests_browser.conftest import assert_no_axe_violations, login, open_phone_menu

pytestmark = pytest.mark.browser

WIDTHS = {
    "desktop": {"width": 1280, "height": 900},
    "phone": {"width": 390, "height": 844},
}


@pytest.fixture(params=list(WIDTHS))
def walker(request, new_page):
    """A fresh page at the walk's width; the width's name is on the page as ``.walk_width``."""
    page = new_page(WIDTHS[request.param])
    page.walk_width = request.param
    return page


def _fits(page, label: str) -> None:
    width = WIDTHS[page.walk_width]["width"]
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{label}: the page is {scroll}px wide in a {width}px window"


def _inside(page, locator, label: str) -> None:
    """The element is shown whole in the window's width (not cut off in a table that scrolls sideways)."""
    box = locator.bounding_box()
    width = WIDTHS[page.walk_width]["width"]
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, f"{label}: {box}"


def _next_week() -> str:
    monday = timezone.localdate() + timedelta(days=7 - timezone.localdate().weekday())
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


# ---------------------------------------------------------------- 1. a resident and an open day


def test_resident_finds_an_open_day_registers_and_adds_it_to_the_calendar(walker, live_server, make_user):
    page = walker
    open_day = EventFactory(
        title="Åpen dag i Ideverkstedet",
        slug="apen-dag-i-ideverkstedet",
        kind=EventKindFactory(slug="apen-dag", name="Åpen dag", name_nn="Open dag", name_en="Open day"),
        summary="Kom innom og se rommet, metodene og hva andre jobber med.",
    )
    add_session(open_day)
    resident = make_user(Role.CITIZEN, full_name="Rita Resident")

    page.goto("/")
    assert_no_axe_violations(page, "front page (logged out)")
    _fits(page, "front page")
    menu = page.get_by_role("navigation", name="Hovedmeny")
    if page.walk_width == "phone":
        # The phone header is small: the account links sit behind "Meny", the main menu stays in view.
        expect(page.locator("header details.site-menu summary")).to_have_text("Meny")
        open_phone_menu(page)
        expect(page.locator("header details.site-menu")).to_have_attribute("open", "")
        assert_no_axe_violations(page, "front page with the phone menu open")
    courses = menu.get_by_role("link", name="Kurs og åpne dager")
    expect(courses).to_be_visible()
    courses.click()
    expect(page).to_have_url(f"{live_server.url}/arrangementer/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kurs, åpne dager og verksteder")
    assert_no_axe_violations(page, "event list")
    _fits(page, "event list")

    page.get_by_role("link", name="Åpen dag i Ideverkstedet").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Åpen dag i Ideverkstedet")
    assert_no_axe_violations(page, "open day (logged out)")

    # Logged out, the registration panel asks the person to log in and brings them back.
    page.get_by_role("region", name="Påmelding").get_by_role("link", name="Logg inn").click()
    assert_no_axe_violations(page, "login page (from the open day)")
    form = page.locator("main form:has(input[name=username])")
    form.get_by_label("E-postadresse").fill(resident.email)
    form.get_by_label("Passord", exact=True).fill(PASSWORD)
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}/arrangementer/{open_day.slug}/")
    assert_no_axe_violations(page, "open day (logged in, before registering)")

    page.get_by_role("button", name="Meld meg på").click()
    expect(page.locator(".status")).to_contain_text("Du er påmeldt")
    assert_no_axe_violations(page, "open day after registering")
    _fits(page, "open day after registering")
    registration = Registration.objects.get(person=resident, event=open_day)
    assert registration.status == Registration.Status.CONFIRMED

    link = page.get_by_role("link", name="Legg i kalenderen (.ics)")
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename.endswith(".ics")
    text = Path(download.path()).read_text(encoding="utf-8")
    assert text.startswith("BEGIN:VCALENDAR"), text[:200]
    assert "BEGIN:VEVENT" in text
    unfolded = text.replace("\r\n ", "").replace("\n ", "")
    assert "SUMMARY:Åpen dag i Ideverkstedet" in unfolded, unfolded

    # The same file is not anyone's to fetch: a browser without the resident's session gets no calendar.
    anonymous = page.context.browser.new_context(base_url=live_server.url)
    try:
        response = anonymous.request.get(link.get_attribute("href"), max_redirects=0)
        assert response.status in {302, 403, 404}
        assert "BEGIN:VCALENDAR" not in response.text()
    finally:
        anonymous.close()

    page.goto("/arrangementer/mine/")
    row = page.locator("main tr").filter(has_text="Åpen dag i Ideverkstedet")
    expect(row).to_contain_text("Påmeldt")
    _inside(page, row.locator("td").last, "the registration's status")
    assert_no_axe_violations(page, "my registrations")
    _fits(page, "my registrations")


# ---------------------------------------------------------------- 2. an employee books and cancels


def test_employee_books_from_the_week_calendar_and_cancels_with_confirmation(walker, live_server, make_user):
    page = walker
    PurposeKindFactory(name="Innsiktsarbeid")
    RoomFactory(slug="ideverkstedet", name="Ideverkstedet", summary="Verkstedet i første etasje.")
    employee = make_user(Role.EMPLOYEE, full_name="Eva Ansatt")
    login(page, live_server, employee)

    page.goto(f"/rom/ideverkstedet/?uke={_next_week()}")
    assert_no_axe_violations(page, "week calendar (employee)")
    _fits(page, "week calendar")
    page.get_by_role("link", name="Ledig – book").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Book Ideverkstedet")
    assert_no_axe_violations(page, "booking form")
    page.get_by_label("Innsiktsarbeid").check()
    page.get_by_label("På tvers av tjenester").check()
    page.get_by_label("Hvor mange blir dere?").fill("4")
    page.get_by_role("button", name="Send booking").click()
    expect(page.locator(".status")).to_contain_text("ekreftet")
    assert_no_axe_violations(page, "booking detail (confirmed)")
    booking = Booking.objects.get(organiser=employee)
    assert booking.status == Booking.Status.CONFIRMED

    page.get_by_role("link", name="Avlys bookingen …").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vil du avlyse bookingen?")
    main = page.locator("main")
    expect(main).to_contain_text("Tiden blir ledig for andre med en gang.")
    expect(main).to_contain_text("Du kan ikke angre")
    assert_no_axe_violations(page, "cancel confirmation")
    _fits(page, "cancel confirmation")
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED, "opening the confirmation page must not cancel"

    page.get_by_label("Hvorfor avlyses bookingen?").fill("Teamet er på kurs")
    page.get_by_role("button", name="Ja, avlys bookingen").click()
    expect(page.locator(".status")).to_contain_text("vlyst")
    assert_no_axe_violations(page, "booking detail (cancelled)")
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED

    page.goto("/booking/")
    status = page.locator("main tbody tr").first.locator("td").last
    expect(status).to_have_text("Avlyst")
    _inside(page, status, "the booking's status in Mine bookinger")
    assert_no_axe_violations(page, "my bookings after cancelling")
    _fits(page, "my bookings")
    page.goto(f"/rom/ideverkstedet/?uke={_next_week()}")
    # The slot is free again for anyone.
    expect(page.get_by_role("link", name="Ledig – book").first).to_be_visible()


# ---------------------------------------------------------------- 3. an adviser's morning


def _twenty_registered(make_user):
    course = EventFactory(title="Kurs i brukerreiser", slug="kurs-i-brukerreiser", capacity=25)
    add_session(course, days=0, hours=3)
    people = [
        make_user(Role.EMPLOYEE, full_name=f"Deltaker {n:02d} Etternavn", email=f"deltaker{n:02d}@example.no")
        for n in range(1, 21)
    ]
    for person in people:
        event_services.registration_create(person=person, event=course)
    return course


def test_adviser_approves_three_takes_attendance_for_twenty_and_handles_a_report(
    walker, live_server, make_user
):
    page = walker
    room = RoomFactory(slug="ideverkstedet", name="Ideverkstedet")
    tomorrow = timezone.localdate() + timedelta(days=1)
    pending = [
        make_booking(
            room,
            make_user(Role.CITIZEN, full_name=f"Søker {n}"),
            local((tomorrow + timedelta(days=n)).isoformat(), "10:00"),
            status=Booking.Status.REQUESTED,
        )
        for n in range(3)
    ]
    untouched = make_booking(
        room,
        make_user(Role.CITIZEN, full_name="Søker Fire"),
        local((tomorrow + timedelta(days=4)).isoformat(), "12:00"),
        status=Booking.Status.REQUESTED,
    )
    course = _twenty_registered(make_user)
    ensure_phases()
    challenge = make_challenge(title="Hvordan kan biblioteket bli et møtested?", visibility=Visibility.PUBLIC)
    idea = make_idea(challenge, title="Kjøp billige annonser her", description="Besøk nettbutikken min!")
    challenge_services.report_create(reporter=make_user(Role.CITIZEN), reason=Report.Reason.SPAM, idea=idea)

    adviser = make_user(Role.ADVISOR, full_name="Anne Rådgiver")
    login(page, live_server, adviser)

    # Three pending bookings approved at once.
    page.goto("/booking/godkjenning/")
    expect(page.locator("main p.lead")).to_contain_text("4 bookinger venter på godkjenning")
    assert_no_axe_violations(page, "approval queue with four")
    _fits(page, "approval queue")
    for booking in pending:
        page.locator(f"#pick-{booking.pk}").check()
    page.get_by_role("button", name="Godkjenn de valgte").click()
    expect(page.locator(".messages")).to_contain_text("3 bookinger er godkjent.")
    expect(page.locator("main p.lead")).to_contain_text("1 booking venter på godkjenning")
    assert_no_axe_violations(page, "approval queue after approving three")
    for booking in pending:
        booking.refresh_from_db()
        assert booking.status == Booking.Status.CONFIRMED, booking
    untouched.refresh_from_db()
    assert untouched.status == Booking.Status.REQUESTED

    # Attendance for twenty: tick one far down the list, the place on the page is kept.
    page.goto(f"/arrangementer/{course.slug}/deltakere/")
    count = page.locator("#attendance-count")
    expect(count).to_have_text("0 av 20 møtt")
    assert page.locator("li.attendee").count() == 20
    assert_no_axe_violations(page, "attendance list of twenty")
    _fits(page, "attendance list")
    far_down = page.locator("li.attendee").nth(17)
    name = far_down.locator("h3").inner_text().strip()
    button = page.get_by_role("button", name=f"Møtte – {name}", exact=True)
    button.scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, 120)")
    before = page.evaluate("window.scrollY")
    assert before > 300, f"the list should be long enough to scroll (scrollY {before})"
    page.evaluate("window.walkMarker = 'same page'")  # gone if the browser loads a new page
    button.click()
    expect(page.get_by_role("button", name=f"Møtte – {name}", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(count).to_have_text("1 av 20 møtt")
    assert page.evaluate("window.walkMarker") == "same page", "ticking a person reloaded the page"
    after = page.evaluate("window.scrollY")
    assert abs(after - before) <= 40, f"the place on the page moved from {before} to {after}"
    assert Registration.objects.get(event=course, person__full_name=name).attended is True
    second = page.locator("li.attendee").nth(18)
    second.get_by_role("button", name="Møtte –").first.click()
    expect(count).to_have_text("2 av 20 møtt")
    assert abs(page.evaluate("window.scrollY") - before) <= 40
    assert_no_axe_violations(page, "attendance list after ticking two")
    assert Registration.objects.filter(event=course, attended=True).count() == 2

    # The report: hide the post with a reason.
    page.goto("/")
    open_phone_menu(page)
    page.locator("header").get_by_role("link", name="Moderering").locator("visible=true").click()
    expect(page).to_have_url(f"{live_server.url}/moderering/")
    expect(page.get_by_role("heading", name="1 innlegg venter")).to_be_visible()
    assert_no_axe_violations(page, "moderation queue")
    _fits(page, "moderation queue")
    card = page.locator(".moderation-card").filter(has_text="Kjøp billige annonser her")
    expect(card).to_contain_text("Reklame eller spam")
    card.get_by_label("Begrunnelse (sendes til den som skrev)").fill("Reklame hører ikke hjemme her.")
    card.get_by_role("button", name="Skjul innlegget").click()
    expect(page.locator(".messages")).to_contain_text("Innlegget er skjult")
    expect(page.get_by_role("heading", name="0 innlegg venter")).to_be_visible()
    expect(page.get_by_role("region", name="Nylig skjult")).to_contain_text("Reklame hører ikke hjemme her.")
    assert_no_axe_violations(page, "moderation queue after hiding")
    _fits(page, "moderation queue after hiding")
    idea = Idea.objects.get(pk=idea.pk)
    assert idea.is_hidden and idea.hidden_reason == "Reklame hører ikke hjemme her."
    assert Report.objects.get().decision == Report.Decision.HIDDEN
