"""The method library and the workshop planner in the browser, with axe-core on every page they see.

Walks: filtering to methods for Tenke within 45 minutes for 6–10 people; building a plan of five blocks,
reordering it by keyboard (focus "Opp" and press Enter), and opening both printable versions and both PDFs
(read back as text); dragging a block with the mouse (the enhancement over the buttons).
"""

import importlib.util
import io
import re
from datetime import time

import pytest
from playwright.sync_api import expect

from ideverkstedet.accounts.models import Role
from ideverkstedet.methods.content import load_methods
from ideverkstedet.methods.models import Method, Plan
from tests_browser.conftest import assert_no_axe_violations, login

pytestmark = pytest.mark.browser


@pytest.fixture
def library(transactional_db):
    # Transactional tests empty the database between tests; the cards come back here.
    load_methods(Method)


def _agenda_titles(page) -> list[str]:
    return [text.strip() for text in page.locator("table tbody th[scope=row]").all_inner_texts()]


def test_filtering_to_tenke_within_45_minutes_for_6_to_10_people(page, live_server, library):
    page.goto("/metoder/")
    assert_no_axe_violations(page, "method list")
    form = page.locator("form[aria-labelledby=filter-title]")
    form.get_by_label("Fase").select_option("tenke")
    form.get_by_label("Tid dere har (minutter)").fill("45")
    form.get_by_label("Fra").fill("6")
    form.get_by_label("Til").fill("10")
    form.get_by_role("button", name="Vis metoder").click()
    assert "fase=tenke" in page.url and "minutter=45" in page.url
    names = page.locator(".cards .card-title").all_inner_texts()
    assert sorted(names) == sorted(
        ["«Hvordan kan vi …?»", "Problemdefinisjon", "Antakelseskart", "Mulighetskart"]
    )
    assert page.get_by_role("heading", name="4 metoder passer").is_visible()
    assert_no_axe_violations(page, "method list filtered")

    page.get_by_role("link", name="Mulighetskart").click()
    assert page.locator("h1").inner_text() == "Mulighetskart"
    assert_no_axe_violations(page, "method detail")
    page.get_by_role("link", name="Utskriftsvennlig kort").click()
    assert page.locator(".print-card").count() == 1
    assert_no_axe_violations(page, "printable method card")


def test_filter_with_a_bad_value_shows_an_error_and_stays_accessible(page, live_server, library):
    page.goto("/metoder/?minutter=mange&fase=skape")
    assert page.locator("#filter_minutter[aria-invalid=true]").count() == 1
    assert page.locator(".error-summary").is_visible()
    assert_no_axe_violations(page, "method list with a filter error")


def test_filters_work_without_javascript(new_page, live_server, library):
    page = new_page(java_script_enabled=False)
    page.goto("/metoder/")
    page.get_by_label("Fase").select_option("dele")
    page.get_by_role("button", name="Vis metoder").click()
    assert "fase=dele" in page.url
    assert page.locator(".cards .card").count() >= 3


def test_build_a_five_block_plan_reorder_it_by_keyboard_and_print_it(page, live_server, make_user, library):
    employee = make_user(Role.EMPLOYEE)
    login(page, live_server, employee)
    page.goto("/opplegg/")
    assert_no_axe_violations(page, "my plans (empty)")

    page.get_by_role("link", name="Lag nytt opplegg").click()
    assert_no_axe_violations(page, "new plan form")
    page.get_by_role("button", name="Lag opplegget").click()
    assert page.locator(".error-summary").is_visible()
    assert_no_axe_violations(page, "new plan form with errors")
    page.get_by_label("Tittel").fill("Idéverksted for biblioteket")
    page.get_by_label("Starter klokka").fill("13:00")
    page.get_by_role("button", name="Lag opplegget").click()
    assert page.locator("h1").inner_text() == "Idéverksted for biblioteket"
    assert_no_axe_violations(page, "empty plan")

    free = page.locator("form[action$='/punkt/']")
    methods = page.locator("form[action$='/metode/']")

    def add_free(title: str, minutes: str) -> None:
        free.get_by_label("Tittel").fill(title)
        free.get_by_label("Minutter").fill(minutes)
        free.get_by_role("button", name="Legg til punktet").click()

    def add_method(slug: str) -> None:
        method = Method.objects.get(slug=slug)
        label = f"{method.name} ({method.duration_min}–{method.duration_max} min)"
        methods.get_by_label("Metode").select_option(label=label)
        methods.get_by_role("button", name="Legg til metoden").click()

    add_free("Velkommen", "10")
    add_method("crazy-8s")  # 15 minutes: its shortest version
    add_free("Pause", "10")
    add_method("prikkstemming")  # 10 minutes
    add_free("Oppsummering", "15")
    assert _agenda_titles(page) == ["Velkommen", "Crazy 8s", "Pause", "Prikkstemming", "Oppsummering"]
    assert "13:25–13:35" in page.locator("table").inner_text()  # Pause, after 10 + 15 minutes
    assert_no_axe_violations(page, "plan with five blocks")

    # Reorder by keyboard: focus "Opp – Pause", press Enter; the page comes back with focus on the same button.
    page.get_by_role("button", name="Opp – Pause").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#flytt-up-\d+$"))
    assert _agenda_titles(page) == ["Velkommen", "Pause", "Crazy 8s", "Prikkstemming", "Oppsummering"]
    assert page.evaluate("document.activeElement.id").startswith("flytt-up-")
    page.keyboard.press("Enter")
    # A web-first assertion, not wait_for_function(string): our CSP forbids eval in the page.
    expect(page.locator("table tbody th").first).to_have_text("Pause")
    assert _agenda_titles(page) == ["Pause", "Velkommen", "Crazy 8s", "Prikkstemming", "Oppsummering"]
    table = page.locator("table").inner_text()
    assert "13:00–13:10" in table and "13:20–13:35" in table  # Crazy 8s now starts at 13:20
    assert_no_axe_violations(page, "plan after reordering")
    plan = Plan.objects.get(owner=employee)
    assert [b.title for b in plan.blocks.order_by("position")][:2] == ["Pause", "Velkommen"]

    page.get_by_role("link", name="Program til deltakerne").click()
    handout = page.locator("main").inner_text()
    assert "Idéverksted for biblioteket" in handout and "13:35–13:45" in handout  # Prikkstemming
    assert_no_axe_violations(page, "participant handout")
    page.go_back()
    page.get_by_role("link", name="Tilretteleggerens versjon", exact=True).click()
    assert "Materiell" in page.locator("main").inner_text()
    assert_no_axe_violations(page, "facilitator version")

    # The PDF handout, fetched with the browser's session and read back as text.
    if importlib.util.find_spec("weasyprint") is not None:
        import pypdf

        response = page.request.get(f"/opplegg/{plan.pk}/opplegg.pdf")
        assert response.ok and response.headers["content-type"] == "application/pdf"
        text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(response.body())).pages)
        assert "Idéverksted for biblioteket" in text and "13:00–13:10" in text and "Prikkstemming" in text
        assert "Program" in text and "13:35–13:45" in text and "13:45–14:00" in text  # the whole agenda
        response = page.request.get(f"/opplegg/{plan.pk}/tilrettelegger.pdf")
        assert response.ok and response.headers["content-type"] == "application/pdf"
        text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(response.body())).pages)
        assert "Materiell" in text and "13:20–13:35" in text and "slik gjør dere det" in text


def test_advisor_template_is_copied_by_a_citizen(page, live_server, make_user, library):
    from ideverkstedet.methods import services

    advisor = make_user(Role.ADVISOR)
    template = services.plan_create(owner=advisor, title="Idéverksted på to timer", is_template=True)
    services.block_add(actor=advisor, plan=template, method=Method.objects.get(slug="crazy-8s"))
    login(page, live_server, make_user(Role.CITIZEN))
    page.goto("/opplegg/")
    page.get_by_role("link", name="Idéverksted på to timer").click()
    assert page.get_by_role("button", name="Opp – Crazy 8s").count() == 0  # may read, not change
    assert_no_axe_violations(page, "template seen by a citizen")
    page.get_by_role("button", name="Lag en kopi").click()
    assert page.locator("h1").inner_text() == "Kopi av Idéverksted på to timer"
    assert_no_axe_violations(page, "own copy of a template")


def test_drag_a_block_with_the_mouse_and_the_new_order_is_saved(page, live_server, make_user, library):
    from ideverkstedet.methods import services

    employee = make_user(Role.EMPLOYEE)
    plan = services.plan_create(owner=employee, title="Verksted med dra og slipp", start_time=time(10, 0))
    for title, minutes in [("Velkommen", 10), ("Idémyldring", 30), ("Pause", 10), ("Oppsummering", 15)]:
        services.block_add(actor=employee, plan=plan, title=title, minutes=minutes)
    login(page, live_server, employee)
    page.goto(f"/opplegg/{plan.pk}/")
    handles = page.locator("table.reorderable .drag-handle")
    expect(handles).to_have_count(4)
    assert_no_axe_violations(page, "plan with drag handles")

    # Drag "Oppsummering" (last) onto the top half of "Idémyldring": it lands before it.
    target = page.locator("tbody tr", has_text="Idémyldring")
    handles.nth(3).drag_to(target, target_position={"x": 10, "y": 3})
    status = page.locator("#rekkefolge-status")
    expect(status).to_have_text("Rekkefølgen er lagret. Klokkeslettene er oppdatert.")
    expect(page.locator("table tbody th[scope=row]").nth(1)).to_have_text("Oppsummering")
    assert _agenda_titles(page) == ["Velkommen", "Oppsummering", "Idémyldring", "Pause"]
    # The running clock is redrawn: Idémyldring now starts at 10:25.
    expect(page.locator("tbody tr", has_text="Idémyldring").locator("td").first).to_have_text("10:25–10:55")
    assert [b.title for b in Plan.objects.get(pk=plan.pk).blocks.order_by("position")] == [
        "Velkommen",
        "Oppsummering",
        "Idémyldring",
        "Pause",
    ]
    assert_no_axe_violations(page, "plan after drag and drop")

    # The redrawn table can be dragged again, and the order survives a reload.
    last = page.locator("tbody tr", has_text="Pause")
    height = last.bounding_box()["height"]
    # Wait for the save itself: the table is redrawn before the answer comes, and the status line already
    # says "saved" from the first drag, so a reload could otherwise overtake the request.
    with page.expect_response(lambda response: response.request.method == "POST"):
        handles.nth(0).drag_to(last, target_position={"x": 10, "y": height - 3})  # its bottom half: after it
    expect(page.locator("table tbody th[scope=row]").last).to_have_text("Velkommen")
    page.reload()
    assert _agenda_titles(page) == ["Oppsummering", "Idémyldring", "Pause", "Velkommen"]


def test_tie_a_plan_to_a_booking_and_see_the_length_warning(page, live_server, make_user, library):
    from datetime import timedelta

    from django.utils import timezone

    from ideverkstedet.methods import services
    from ideverkstedet.rooms.tests.factories import RoomFactory, local, make_booking

    employee = make_user(Role.EMPLOYEE)
    day = timezone.localdate() + timedelta(days=9)
    make_booking(RoomFactory(name="Verkstedet"), employee, local(day.isoformat(), "13:00"), minutes=60)
    plan = services.plan_create(owner=employee, title="Kort booking", start_time=time(13, 0))
    services.block_add(actor=employee, plan=plan, title="Idémyldring", minutes=75)
    login(page, live_server, employee)
    page.goto(f"/opplegg/{plan.pk}/endre/")
    page.get_by_label("Knyttet til").select_option(index=1)
    assert_no_axe_violations(page, "plan form with bookings to choose")
    page.get_by_role("button", name="Lagre").click()
    warning = page.locator(".message.warning")
    expect(warning).to_have_text(
        "Opplegget varer 1 t 15 min, men bookingen er bare 1 t. Kort ned eller book lenger tid."
    )
    assert "Verkstedet" in page.locator("dl.facts").inner_text()
    assert_no_axe_violations(page, "plan with a length warning")
