"""Challenges in the browser: an employee starts one and builds a team, the team opens it for citizen input, a
citizen posts anonymously and cheers, an advisor hides a reported comment, the owner moves the challenge on.
Real clicks and typing throughout, and axe-core on every page the journey visits."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from ideverkstedet.accounts.models import Role
from ideverkstedet.challenges import services
from ideverkstedet.challenges.models import (
    Challenge,
    Comment,
    Follow,
    Idea,
    IdeaStatus,
    Membership,
    Phase,
    Report,
    Visibility,
)
from ideverkstedet.challenges.tests.factories import ensure_phases, make_challenge, make_idea
from ideverkstedet.notifications.models import Notification
from tests_browser.conftest import assert_no_axe_violations, login

pytestmark = pytest.mark.browser

TITLE = "Hvordan kan vi gjøre det lettere å søke barnehageplass?"


@pytest.fixture
def phases(transactional_db):
    ensure_phases()


@pytest.fixture
def owner(phases, make_user):
    return make_user(Role.EMPLOYEE, full_name="Ola Eiersen", email="ola.eiersen@example.no")


@pytest.fixture
def citizen(phases, make_user):
    return make_user(Role.CITIZEN, full_name="Sigrid Innbyggersen", email="sigrid@example.no")


@pytest.fixture
def open_challenge(owner):
    """A public challenge, open for input from everyone."""
    return make_challenge(owner, title=TITLE, visibility=Visibility.PUBLIC, open_for="everyone")


def _tab_to(page, locator, *, limit: int = 80) -> None:
    """Press Tab until ``locator`` has the focus (it must be reachable with the keyboard alone)."""
    handle = locator.element_handle()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if handle.evaluate("element => element === document.activeElement"):
            return
    pytest.fail(f"{locator} was not reached with {limit} presses of Tab on {page.url}")


# ---------------------------------------------------------------- 1. a new challenge and its team


def test_employee_creates_an_internal_challenge_and_a_colleague_joins_the_team(
    page, new_page, live_server, make_user, owner
):
    colleague = make_user(Role.EMPLOYEE, full_name="Kari Kollega", email="kari.kollega@example.no")
    login(page, live_server, owner)
    page.goto("/utfordringer/")
    assert_no_axe_violations(page, "challenge list (employee)")
    page.get_by_role("link", name="Skriv en ny utfordring").click()
    expect(page).to_have_url(f"{live_server.url}/utfordringer/ny/")
    assert_no_axe_violations(page, "new challenge form")

    # First without a title: the error is shown next to the field and tied to it.
    page.get_by_label("Beskrivelse").fill("Foreldre sier at søknaden er vanskelig å fylle ut.")
    page.get_by_role("button", name="Opprett utfordringen").click()
    title = page.get_by_label("Tittel")
    expect(title).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_title_error")).to_be_visible()
    assert "id_title_error" in (title.get_attribute("aria-describedby") or "").split()
    assert Challenge.objects.count() == 0
    assert_no_axe_violations(page, "new challenge form with an error")

    title.fill(TITLE)
    page.get_by_label("Kort sammendrag").fill("Søknaden om barnehageplass er tung å fylle ut.")
    expect(page.get_by_role("radio", name="Intern: bare for kommunens ansatte")).to_be_checked()
    page.get_by_label("Stikkord").fill("barn, digitalt")
    page.get_by_role("button", name="Opprett utfordringen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text("Intern: bare for ansatte")).to_be_visible()
    assert_no_axe_violations(page, "new internal challenge (owner)")
    challenge = Challenge.objects.get()
    assert challenge.owner == owner and challenge.visibility == Visibility.INTERNAL

    page.get_by_role("link", name="Inviter til laget").click()
    assert_no_axe_violations(page, "team page (owner)")
    page.get_by_label("E-postadressen til kollegaen").fill("kari.kollega@example.no")
    page.get_by_role("button", name="Send invitasjon").click()
    invited = page.locator("section", has=page.get_by_role("heading", name="Invitert, venter på svar"))
    expect(invited).to_contain_text("1 invitasjon venter på svar.")
    # Listed by the address typed, never by the name of whoever holds it.
    expect(invited).to_contain_text("kari.kollega@example.no")
    expect(invited).not_to_contain_text("Kari Kollega")
    assert_no_axe_violations(page, "team page with an invitation")
    # A second invitation, to an address without an account, is withdrawn again.
    page.get_by_label("E-postadressen til kollegaen").fill("feil.adresse@example.no")
    page.get_by_role("button", name="Send invitasjon").click()
    expect(invited).to_contain_text("2 invitasjoner venter på svar.")
    invited.get_by_role("button", name="Trekk tilbake feil.adresse@example.no").click()
    expect(page.locator(".messages")).to_contain_text("Invitasjonen er trukket tilbake.")
    expect(invited).to_contain_text("1 invitasjon venter på svar.")
    assert_no_axe_violations(page, "team page after withdrawing an invitation")

    other = new_page()
    login(other, live_server, colleague)
    other.goto(reverse("accounts:profile"))
    expect(other.get_by_text("Du er invitert til laget på")).to_be_visible()
    assert_no_axe_violations(other, "my page with an invitation")
    other.goto(challenge.get_absolute_url())
    expect(other.get_by_text("Du er invitert til laget.")).to_be_visible()
    assert_no_axe_violations(other, "challenge page (invited colleague)")
    other.get_by_role("button", name="Bli med").click()
    expect(other.locator(".messages")).to_be_visible()
    assert_no_axe_violations(other, "challenge page after joining")
    other.get_by_role("link", name="Se laget").click()
    expect(other.locator(".team-list")).to_contain_text("Kari Kollega")
    expect(other.get_by_role("button", name="Gå ut av laget")).to_be_visible()
    assert_no_axe_violations(other, "team page (new member)")
    assert Membership.objects.get(challenge=challenge, user=colleague).status == Membership.Status.ACTIVE

    page.reload()
    expect(page.locator(".team-list")).to_contain_text("Kari Kollega")
    expect(page.get_by_role("heading", name="Invitert, venter på svar")).to_have_count(0)


# ---------------------------------------------------------------- 2. opening for citizen input


def test_team_makes_the_challenge_public_and_opens_it_for_citizen_input(page, live_server, owner):
    challenge = make_challenge(owner, title=TITLE)
    login(page, live_server, owner)
    page.goto(challenge.get_absolute_url())
    assert_no_axe_violations(page, "internal challenge (owner)")

    page.get_by_role("link", name="Endre utfordringen").click()
    assert_no_axe_violations(page, "edit challenge form")
    page.get_by_role("radio", name="Åpen: alle kan lese").check()
    page.get_by_role("button", name="Lagre endringene").click()
    expect(page.get_by_text("Åpen for alle å lese")).to_be_visible()
    assert_no_axe_violations(page, "public challenge after editing")

    page.get_by_role("link", name="Åpne for innspill").click()
    assert_no_axe_violations(page, "open for input form")
    today = timezone.localdate()
    page.get_by_label("Spørsmålet dere vil ha svar på").fill("Hva gjør det vanskelig å søke?")
    page.get_by_role("radio", name="Alle, også innbyggere").check()
    page.get_by_label("Åpner dato").fill(today.isoformat())
    page.get_by_label("Åpner klokka").fill("00:00")
    page.get_by_label("Stenger dato").fill((today + timedelta(days=14)).isoformat())
    page.get_by_label("Stenger klokka").fill("23:59")
    page.get_by_role("button", name="Åpne for innspill").click()
    expect(page.get_by_role("heading", name="Vi vil høre fra deg")).to_be_visible()
    expect(page.get_by_text("Alle kan være med, også innbyggere.")).to_be_visible()
    assert_no_axe_violations(page, "challenge open for input (owner)")

    challenge.refresh_from_db()
    assert challenge.visibility == Visibility.PUBLIC
    assert challenge.input_audience == "everyone" and challenge.is_open_for_input
    assert challenge.input_question == "Hva gjør det vanskelig å søke?"


# ---------------------------------------------------------------- 3. a citizen takes part


def test_citizen_posts_an_anonymous_idea_and_comment_and_cheers(page, live_server, citizen, open_challenge):
    login(page, live_server, citizen)
    page.goto("/utfordringer/")
    assert_no_axe_violations(page, "challenge list (citizen)")
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", name="Vi vil høre fra deg")).to_be_visible()
    assert_no_axe_violations(page, "open challenge (citizen)")

    page.get_by_role("link", name="Del en idé").click()
    assert_no_axe_violations(page, "new idea form")
    page.get_by_label("Idéen din med få ord").fill("Ett skjema for alle barnehager")
    page.get_by_label("Beskriv idéen").fill("Samme skjema uansett barnehage, med hjelpetekster.")
    page.get_by_label("Vis meg som anonym").check()
    page.get_by_role("button", name="Send idéen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ett skjema for alle barnehager")
    main = page.locator("main")
    expect(main.locator("p.muted").first).to_contain_text("Anonym")
    expect(main).not_to_contain_text("Sigrid Innbyggersen")
    assert_no_axe_violations(page, "anonymous idea (author)")
    idea = Idea.objects.get()
    assert idea.is_anonymous and idea.author == citizen

    page.get_by_role("textbox", name="Kommentar").fill("Hjelpetekstene bør også finnes på nynorsk.")
    page.get_by_label("Vis meg som anonym").check()
    page.get_by_role("button", name="Send kommentaren").click()
    comment = page.locator(".comment").filter(has_text="Hjelpetekstene bør også finnes på nynorsk.")
    expect(comment.locator(".comment-meta")).to_contain_text("Anonym")
    expect(main).not_to_contain_text("Sigrid Innbyggersen")
    assert_no_axe_violations(page, "idea with an anonymous comment")
    assert Comment.objects.get().is_anonymous

    cheer = page.locator("main .cheer-button")
    expect(cheer).to_have_attribute("aria-pressed", "false")
    cheer.click()  # htmx swaps the form in place
    cheer = page.locator("main .cheer-button")
    expect(cheer).to_have_attribute("aria-pressed", "true")
    expect(cheer.locator(".cheer-count")).to_have_text("1")
    expect(page.get_by_role("status").filter(has_text="Du heier på idéen.")).to_be_attached()
    assert_no_axe_violations(page, "idea after cheering (htmx swap)")
    idea.refresh_from_db()
    assert idea.cheer_count == 1


# ---------------------------------------------------------------- 4. moderation


def test_advisor_hides_a_reported_comment_and_the_author_is_told(
    page, new_page, live_server, make_user, citizen, open_challenge
):
    idea = make_idea(open_challenge, author=make_user(Role.EMPLOYEE, full_name="Idun Idémaker"))
    services.comment_create(
        author=citizen,
        challenge=open_challenge,
        idea=idea,
        body="Dette er bare tull og tøys.",
        is_anonymous=True,
    )
    reporter = make_user(Role.CITIZEN, full_name="Rolf Reagerer")
    login(page, live_server, reporter)
    page.goto(idea.get_absolute_url())
    assert_no_axe_violations(page, "idea with a comment (another citizen)")
    page.get_by_role("link", name="Meld fra om kommentaren").click()
    assert_no_axe_violations(page, "report form")
    page.get_by_role("radio", name="Krenkende eller hets").check()
    page.get_by_role("button", name="Send meldingen").click()
    expect(page.locator(".messages")).to_contain_text("Takk for at du sa fra")
    assert_no_axe_violations(page, "idea after reporting")
    assert Report.objects.get().reason == Report.Reason.OFFENSIVE

    advisor = new_page()
    login(advisor, live_server, make_user(Role.ADVISOR, full_name="Anne Rådgiver"))
    advisor.get_by_role("link", name="Moderering").click()
    expect(advisor).to_have_url(f"{live_server.url}/moderering/")
    card = advisor.locator(".moderation-card").filter(has_text="Dette er bare tull og tøys.")
    expect(card).to_contain_text("Krenkende eller hets")
    expect(card).to_contain_text("Anonym")
    expect(card).not_to_contain_text("Sigrid Innbyggersen")
    assert_no_axe_violations(advisor, "moderation queue")
    card.get_by_label("Begrunnelse (sendes til den som skrev)").fill("Kommentaren er nedsettende.")
    card.get_by_role("button", name="Skjul innlegget").click()
    expect(advisor.locator(".messages")).to_contain_text("Innlegget er skjult")
    expect(advisor.get_by_role("heading", name="0 innlegg venter")).to_be_visible()
    assert_no_axe_violations(advisor, "moderation queue after hiding")

    page.reload()
    expect(page.locator("main")).not_to_contain_text("Dette er bare tull og tøys.")
    assert_no_axe_violations(page, "idea after the comment was hidden")

    author = new_page()
    login(author, live_server, citizen)
    author.get_by_role("link", name="Mine utfordringer").click()
    expect(author.locator("main")).to_contain_text("Begrunnelse: Kommentaren er nedsettende.")
    assert_no_axe_violations(author, "my posts with a hidden comment")
    author.get_by_role("link", name="Varsler").click()
    expect(author.get_by_role("heading", name="Innlegget ditt er skjult")).to_be_visible()
    expect(author.locator("main")).to_contain_text("Kommentaren er nedsettende.")
    assert_no_axe_violations(author, "notifications with the moderation notice")
    assert Notification.objects.filter(user=citizen, title="Innlegget ditt er skjult").exists()


# ---------------------------------------------------------------- 5. the owner moves things on


def test_owner_moves_the_challenge_to_skape_and_marks_an_idea_testes(
    page, live_server, citizen, open_challenge
):
    idea = make_idea(open_challenge, author=citizen, is_anonymous=True)
    login(page, live_server, open_challenge.owner)
    page.goto(open_challenge.get_absolute_url())
    assert_no_axe_violations(page, "open challenge with an idea (owner)")

    panel = page.locator("section", has=page.get_by_role("heading", name="For laget"))
    panel.get_by_label("Ny fase").select_option(label="Skape")
    panel.get_by_label("Kort notat").fill("Vi har nok innsikt og begynner å lage prototyper.")
    panel.get_by_role("button", name="Flytt til fasen").click()
    expect(page.locator(".messages")).to_contain_text("Skape")
    expect(page.locator(".phase-steps [aria-current=step]")).to_contain_text("Skape")
    history = page.locator(".history")
    expect(history).to_contain_text("Skape – Vi har nok innsikt og begynner å lage prototyper.")
    assert_no_axe_violations(page, "challenge moved to Skape")
    open_challenge.refresh_from_db()
    assert open_challenge.phase.slug == "skape"

    page.get_by_role("link", name="Ett skjema for alle barnehager").click()
    assert_no_axe_violations(page, "idea page (owner)")
    page.get_by_label("Status", exact=True).select_option(label="Testes")
    page.get_by_role("button", name="Lagre status").click()  # no explanation yet
    note = page.get_by_label("Forklaring")
    expect(note).to_have_attribute("aria-invalid", "true")
    assert_no_axe_violations(page, "idea status form with an error")
    note.fill("Vi tester skjemaet i to barnehager i vår.")
    page.get_by_role("button", name="Lagre status").click()
    expect(page.get_by_role("heading", name="Status: Testes")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Vi tester skjemaet i to barnehager i vår.")
    assert_no_axe_violations(page, "idea marked Testes")
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.TESTING

    page.get_by_role("link", name=TITLE).click()
    expect(page.locator(".idea-card")).to_contain_text("Testes")
    assert_no_axe_violations(page, "challenge with an idea being tested")


# ---------------------------------------------------------------- 6. keyboard


def test_cheer_and_follow_work_with_the_keyboard(page, live_server, citizen, open_challenge):
    idea = make_idea(open_challenge)
    login(page, live_server, citizen)
    page.goto(idea.get_absolute_url())
    assert_no_axe_violations(page, "idea page (keyboard user)")

    cheer = page.locator("main .cheer-button")
    _tab_to(page, cheer)
    page.keyboard.press("Enter")
    expect(page.locator("main .cheer-button")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("main .cheer-count")).to_have_text("1")
    # The swapped-in button keeps the focus, so Space undoes the cheer right away.
    expect(page.locator("main .cheer-button")).to_be_focused()
    assert_no_axe_violations(page, "idea after cheering with Enter")
    page.keyboard.press("Space")
    expect(page.locator("main .cheer-button")).to_have_attribute("aria-pressed", "false")
    expect(page.locator("main .cheer-count")).to_have_text("0")
    idea.refresh_from_db()
    assert idea.cheer_count == 0

    follow_idea = page.get_by_role("button", name="Følg idéen")
    _tab_to(page, follow_idea)
    page.keyboard.press("Space")
    expect(page.get_by_role("button", name="Slutt å følge idéen")).to_be_visible()
    assert_no_axe_violations(page, "idea after following it")

    page.goto(open_challenge.get_absolute_url())
    follow = page.get_by_role("button", name="Følg utfordringen")
    _tab_to(page, follow)
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Du følger utfordringen – slutt å følge")).to_be_visible()
    assert_no_axe_violations(page, "challenge after following it")
    assert Follow.objects.filter(user=citizen).count() == 2  # the idea and the challenge


# ---------------------------------------------------------------- 7. the list on a phone


def test_challenge_list_filtered_by_phase_on_a_phone(phone_page, live_server, owner):
    in_skape = make_challenge(owner, title="Hvordan kan flere låne utstyr?", visibility=Visibility.PUBLIC)
    services.challenge_change_phase(
        actor=owner, challenge=in_skape, phase=Phase.objects.get(slug="skape"), note="Prototyper"
    )
    make_challenge(
        owner, title="Hvordan kan vi korte ned køen på servicetorget?", visibility=Visibility.PUBLIC
    )
    page = phone_page
    page.goto("/utfordringer/")
    assert_no_axe_violations(page, "challenge list on a phone")
    expect(page.locator(".challenge-card")).to_have_count(2)

    page.get_by_label("Fase").select_option(label="Skape")
    page.get_by_role("button", name="Vis utfordringer").click()
    expect(page).to_have_url(re.compile(r"/utfordringer/\?(.+&)?fase=skape(&|$)"))
    cards = page.locator(".challenge-card")
    expect(cards).to_have_count(1)
    expect(cards).to_contain_text("Hvordan kan flere låne utstyr?")
    expect(page.get_by_role("heading", name="1 utfordring")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_no_axe_violations(page, "challenge list filtered by phase on a phone")

    page.get_by_role("link", name="Vis alle").click()
    expect(page.locator(".challenge-card")).to_have_count(2)
