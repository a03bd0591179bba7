"""Logging in with ID-porten and Entra ID in the browser, through the test provider's own login, consent and
logout pages (npm's oidc-provider, started on a free port). axe-core checks our pages on the way."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from ideverkstedet.accounts.models import Role, User
from ideverkstedet.accounts.tests.factories import UnitFactory
from ideverkstedet.notifications.models import OutgoingEmail
from ideverkstedet.oidc.models import ProviderSession
from tests_browser.conftest import assert_no_axe_violations

pytestmark = pytest.mark.browser

PID = "24829099972"


@pytest.fixture
def providers(oidc_providers, oidc_configure, live_server):
    idporten = oidc_providers("idporten", live_server.url)
    entra = oidc_providers("entra", live_server.url)
    oidc_configure(idporten=idporten, entra=entra)
    return idporten, entra


def at_provider(page, issuer):
    page.wait_for_url(re.compile("^" + re.escape(issuer)))


def idporten_login(page, idporten, *, method="MinID"):
    at_provider(page, idporten.issuer)
    page.get_by_label("Fødselsnummer").fill(PID)
    page.get_by_label(re.compile(method)).check()
    page.get_by_role("button", name="Logg inn").click()
    page.get_by_role("button", name="Godta").click()


def test_citizen_first_login_with_idporten_then_verified_then_logout_ends_the_provider_session(
    page, live_server, providers
):
    idporten, _entra = providers
    page.goto(f"{live_server.url}/konto/logg-inn/")
    assert_no_axe_violations(page, "login page with provider buttons")
    page.get_by_role("button", name="Logg inn med ID-porten").click()
    idporten_login(page, idporten)

    expect(page.get_by_role("heading", name="Velkommen til Ideverkstedet")).to_be_visible()
    assert_no_axe_violations(page, "first ID-porten login: name and email")
    page.get_by_label("Fullt navn").fill("Nora Nordmann")
    page.get_by_label("E-postadresse").fill("nora@example.no")
    page.get_by_role("button", name="Lag kontoen").click()
    expect(page.get_by_role("heading", name="Sjekk e-posten din")).to_be_visible()
    assert_no_axe_violations(page, "first ID-porten login: check your email")

    mail = OutgoingEmail.objects.filter(to="nora@example.no").latest("pk")
    link = re.search(r"http://\S+/konto/bekreft/\S+/", mail.body_text).group(0)
    page.goto(live_server.url + urlsplit(link).path)
    page.locator("main form button[type=submit]").click()
    user = User.objects.get(email="nora@example.no")
    assert user.role == Role.CITIZEN and user.email_verified_at is not None

    # The provider still knows the person: the second login goes straight through to Min side.
    page.get_by_role("button", name="Logg inn med ID-porten").click()
    expect(page.get_by_role("heading", name="Min side")).to_be_visible()
    expect(page.locator("#innlogginger").locator("xpath=..")).to_contain_text("ID-porten")
    assert_no_axe_violations(page, "Min side after an ID-porten login")
    assert ProviderSession.objects.filter(user=user).count() == 1

    # Logout: ours, then the provider's own logout page, then back home.
    # The phone menu holds a hidden twin of the logout button.
    page.locator("form[action='/konto/logg-ut/'] button:visible").click()
    at_provider(page, idporten.issuer)
    page.get_by_role("button", name="Ja, logg ut").click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("form[action='/konto/logg-ut/']").count() == 0
    assert not ProviderSession.objects.exists()

    # The provider's session ended too: the next login asks for the identity number again.
    page.goto(f"{live_server.url}/konto/logg-inn/")
    page.get_by_role("button", name="Logg inn med ID-porten").click()
    at_provider(page, idporten.issuer)
    expect(page.get_by_label("Fødselsnummer")).to_be_visible()


def test_adviser_logs_in_with_entra_and_gets_the_role_from_app_roles(page, live_server, providers):
    _idporten, entra = providers
    unit = UnitFactory(name="Innovasjonsenheten")
    page.goto(f"{live_server.url}/konto/logg-inn/")
    page.get_by_role("button", name="Logg inn med jobbkonto").click()
    at_provider(page, entra.issuer)
    page.get_by_label("Brukernavn").fill("ny.radgiver@demo.kommune.no")
    page.get_by_label("Passord").fill("demo")
    page.get_by_role("button", name="Logg inn").click()
    page.get_by_role("button", name="Godta").click()

    expect(page.get_by_role("heading", name="Hvor jobber du?")).to_be_visible()
    assert_no_axe_violations(page, "first Entra login: choose a unit")
    page.get_by_label("Enhet").select_option(str(unit.pk))
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("heading", name="Min side")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Innovasjonsrådgiver")
    assert_no_axe_violations(page, "Min side after an Entra login")
    user = User.objects.get(email="ny.radgiver@demo.kommune.no")
    assert user.role == Role.ADVISOR and user.unit == unit


def test_refused_login_page_has_a_way_back(page, live_server, providers):
    page.goto(f"{live_server.url}/konto/oidc/idporten/login/callback/?state=nope&code=nope")
    expect(page.get_by_role("heading", name="Innloggingen gikk ikke")).to_be_visible()
    assert_no_axe_violations(page, "refused login")
    page.get_by_role("link", name="Tilbake til innloggingen").click()
    expect(page.get_by_role("button", name="Logg inn med ID-porten")).to_be_visible()


def test_logging_out_at_the_provider_ends_our_session_by_back_channel(
    page, live_server, providers, make_user
):
    _idporten, entra = providers
    user = make_user(Role.EMPLOYEE, email="ansatt@demo.kommune.no")
    page.goto(f"{live_server.url}/konto/logg-inn/")
    page.get_by_role("button", name="Logg inn med jobbkonto").click()
    at_provider(page, entra.issuer)
    page.get_by_label("Brukernavn").fill("ansatt@demo.kommune.no")
    page.get_by_label("Passord").fill("demo")
    page.get_by_role("button", name="Logg inn").click()
    page.get_by_role("button", name="Godta").click()
    expect(page.get_by_role("heading", name="Min side")).to_be_visible()
    assert ProviderSession.objects.filter(user=user).count() == 1

    # The person logs out at the provider (as from another service): the provider calls our back-channel.
    page.goto(f"{entra.issuer}/session/end?client_id={entra.client_id}")
    page.get_by_role("button", name="Ja, logg ut").click()
    expect(page.get_by_role("heading", name="Du er logget ut")).to_be_visible()
    assert not ProviderSession.objects.exists()
    page.goto(f"{live_server.url}/konto/profil/")
    assert "/konto/logg-inn/" in page.url
