"""Stories in the browser: a team writes and publishes a story with an innovation record from its challenge in
Dele; someone from another unit presses "Vi vil prøve dette" and the team is told; a citizen finds the public
story through search. axe-core on every page the journeys visit."""

import pytest
from playwright.sync_api import expect

from ideverkstedet.accounts.models import Role
from ideverkstedet.challenges.models import Phase, Visibility
from ideverkstedet.challenges.tests.factories import ensure_phases, make_challenge
from ideverkstedet.notifications.models import Notification
from ideverkstedet.stories.models import Story
from ideverkstedet.stories.tests.factories import make_story
from tests_browser.conftest import assert_no_axe_violations, login

pytestmark = pytest.mark.browser


@pytest.fixture
def phases(transactional_db):
    ensure_phases()


@pytest.fixture
def owner(phases, make_user):
    return make_user(Role.EMPLOYEE, full_name="Ola Eiersen", email="ola.eiersen@example.no")


def test_team_publishes_a_story_with_an_innovation_record_from_its_challenge(page, live_server, owner):
    challenge = make_challenge(owner, title="Raskere svar på byggesøknader", visibility=Visibility.PUBLIC)
    challenge.phase = Phase.objects.get(slug="dele")
    challenge.save()
    login(page, live_server, owner)
    page.goto(challenge.get_absolute_url())
    page.get_by_role("link", name="Fortell hva dere lærte").click()
    assert_no_axe_violations(page, "new story form")

    page.get_by_label("Tittel", exact=True).fill("Byggesøknadene ble raskere")
    page.get_by_label("Kort sammendrag").fill("Vi halverte tiden til første svar.")
    page.get_by_label("Hva vi prøvde").fill("Vi kartla reisen til søkerne og testet et nytt svarbrev.")
    page.get_by_label("Problemet").fill("")
    page.get_by_role("button", name="Lagre utkastet").click()
    expect(page.locator("#id_problem_error")).to_be_visible()
    assert_no_axe_violations(page, "new story form with an error")
    page.get_by_label("Problemet").fill("Søkerne ventet lenge og forsto ikke svarene.")
    page.get_by_role("button", name="Lagre utkastet").click()

    expect(page.get_by_role("heading", name="Innovasjonsopplysninger")).to_be_visible()
    assert_no_axe_violations(page, "innovation record form")
    page.get_by_label("Noe nytt eller vesentlig endret er tatt i bruk").check()
    page.get_by_label("Tatt i bruk fra").fill("2026-03-01")
    page.get_by_role("group", name="Type innovasjon").get_by_label("Tjeneste").check()
    page.locator("#id_effect_efficiency").select_option("measured")
    page.locator("#id_effect_efficiency_figure").fill("fra 6 til 3 uker")
    page.get_by_role("button", name="Lagre").click()

    expect(page.get_by_role("heading", name="Innovasjonen")).to_be_visible()
    assert_no_axe_violations(page, "draft story (team)")
    page.get_by_role("button", name="Publiser historien").click()
    expect(page.get_by_text("Historien er publisert.")).to_be_visible()
    assert_no_axe_violations(page, "published story (team)")
    story = Story.objects.get()
    assert story.is_public and story.innovation.taken_into_use
    assert story.innovation.effects == [
        {"kind": "efficiency", "level": "measured", "figure": "fra 6 til 3 uker"}
    ]

    page.goto(challenge.get_absolute_url())
    expect(page.get_by_role("link", name="Byggesøknadene ble raskere")).to_be_visible()


def test_someone_from_another_unit_wants_to_try_it_and_the_team_is_told(page, live_server, owner, make_user):
    story = make_story(make_challenge(owner, visibility=Visibility.PUBLIC), title="Ett skjema for alle")
    leader = make_user(Role.LEADER, full_name="Lise Leder", email="lise.leder@example.no")
    login(page, live_server, leader)
    page.goto("/")
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Dele").click()
    assert_no_axe_violations(page, "story list (leader)")
    page.get_by_role("link", name="Ett skjema for alle").click()
    assert_no_axe_violations(page, "story page (leader)")
    page.get_by_label("Hvem er dere?").fill("Helsestasjonen Nord")
    page.get_by_label("Hva vil dere prøve?").fill("Skjemaet for våre timebestillinger")
    page.get_by_role("button", name="Vi vil prøve dette").click()
    expect(page.get_by_text("Takk! Laget bak historien har fått beskjed.")).to_be_visible()
    expect(page.get_by_text("Helsestasjonen Nord – interessert")).to_be_visible()
    assert_no_axe_violations(page, "story page after reuse")
    page.get_by_label("Hvor langt har dere kommet?").select_option("trying")
    page.get_by_role("button", name="Lagre", exact=True).click()
    expect(page.get_by_text("Helsestasjonen Nord – prøver ut")).to_be_visible()
    assert Notification.objects.filter(user=owner, url=story.get_absolute_url()).count() == 1


def test_citizen_finds_the_public_story_through_search(page, live_server, owner, make_user):
    make_story(
        make_challenge(owner, visibility=Visibility.PUBLIC),
        title="Matsvinnet i barnehagene ble halvert",
        tried="Vi veide maten som ble kastet, og barna planla menyene sammen med kokkene.",
    )
    citizen = make_user(Role.CITIZEN, full_name="Sigrid Innbyggersen", email="sigrid@example.no")
    login(page, live_server, citizen)
    page.goto("/")
    page.get_by_role("searchbox", name="Søk i utfordringer og ideer").first.fill("barnehage menyer")
    page.get_by_role("button", name="Søk", exact=True).click()
    assert_no_axe_violations(page, "search results (citizen)")
    page.get_by_role("link", name="Matsvinnet i barnehagene ble halvert").click()
    expect(page.get_by_role("heading", name="Matsvinnet i barnehagene ble halvert")).to_be_visible()
    assert_no_axe_violations(page, "story page (citizen)")
    expect(page.get_by_role("button", name="Vi vil prøve dette")).to_have_count(0)
