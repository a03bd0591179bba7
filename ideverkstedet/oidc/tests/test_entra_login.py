"""Employees log in with Entra ID: against a real OpenID Connect provider in Entra's shape."""

import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse

from ideverkstedet.accounts.models import Role, User
from ideverkstedet.accounts.tests.factories import UnitFactory
from ideverkstedet.core.models import AuditEntry
from ideverkstedet.oidc.testing import drive_login, onward_url

RP = "http://testserver"
RADGIVER_OID = "4f1c7d3e-2a10-4c55-9a8e-0d5b2f6e7a02"


def log_in_at_entra(client, username, http=None):
    location = onward_url(client.post(reverse("oidc:login", args=["entra"])))
    fields = {"username": username, "password": "demo"}
    callback = drive_login(location, http=http or requests.Session(), rp=RP, fields=fields)
    return client.get(callback.removeprefix(RP))


@pytest.mark.django_db
def test_login_page_shows_work_account_button(client, entra):
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Logg inn med jobbkonto" in page and "Logg inn med ID-porten" not in page


@pytest.mark.django_db
def test_new_adviser_gets_the_role_from_app_roles_keyed_on_oid_and_chooses_a_unit(client, entra):
    unit = UnitFactory()
    response = log_in_at_entra(client, "ny.radgiver@demo.kommune.no")
    assert response["Location"] == reverse("oidc:choose_unit")
    user = User.objects.get()
    assert user.role == Role.ADVISOR and user.email == "ny.radgiver@demo.kommune.no"
    assert user.full_name == "Nils Ny-Rådgiver" and user.email_verified_at is not None
    account = SocialAccount.objects.get()
    assert account.provider == "entra" and account.uid == "4f1c7d3e-2a10-4c55-9a8e-0d5b2f6e7a03"
    assert account.extra_data["sub"] != account.uid  # keyed on oid, not the pairwise sub
    client.post(reverse("oidc:choose_unit"), {"unit": unit.pk})
    user.refresh_from_db()
    assert user.unit == unit
    assert AuditEntry.objects.get(action="accounts.logged_in").data == {"method": "entra"}


@pytest.mark.django_db
def test_new_employee_without_app_role_is_ansatt(client, entra):
    log_in_at_entra(client, "ny.ansatt@demo.kommune.no")
    assert User.objects.get().role == Role.EMPLOYEE


@pytest.mark.django_db
def test_unit_from_a_claim(client, entra, oidc_configure):
    oidc_configure(entra=entra, entra_unit_claim="name")  # any claim naming a unit will do for the test
    unit = UnitFactory(name="Nina Nyansatt")
    response = log_in_at_entra(client, "ny.ansatt@demo.kommune.no")
    assert response["Location"] == reverse("accounts:profile")
    assert User.objects.get().unit == unit


@pytest.mark.django_db
def test_existing_local_account_with_verified_municipal_email_is_linked_and_role_follows_entra(
    client, entra, make_user
):
    user = make_user(Role.EMPLOYEE, email="radgiver@demo.kommune.no")
    response = log_in_at_entra(client, "radgiver@demo.kommune.no")
    assert response["Location"] == reverse("accounts:profile")
    user.refresh_from_db()
    assert user.role == Role.ADVISOR
    assert SocialAccount.objects.get().user == user and SocialAccount.objects.get().uid == RADGIVER_OID
    change = AuditEntry.objects.get(action="accounts.role_changed")
    assert change.data == {"from": "employee", "to": "advisor"} and change.actor is None
    assert client.get(reverse("accounts:profile")).context["user"] == user


@pytest.mark.django_db
def test_unverified_local_account_with_the_same_email_is_not_linked(client, entra, make_user):
    make_user(Role.EMPLOYEE, email="radgiver@demo.kommune.no", email_verified_at=None)
    response = log_in_at_entra(client, "radgiver@demo.kommune.no")
    assert response.status_code == 400 and "koble til jobbkontoen fra Min side" in response.content.decode()
    assert not SocialAccount.objects.exists()


@pytest.mark.django_db
def test_wrong_tenant_is_refused(client, entra, oidc_configure):
    oidc_configure(entra=entra, tenant_id="00000000-0000-0000-0000-000000000000")
    response = log_in_at_entra(client, "radgiver@demo.kommune.no")
    assert response.status_code == 400
    assert "en annen organisasjon enn kommunen" in response.content.decode()
    assert not User.objects.exists() and not SocialAccount.objects.exists()


@pytest.mark.django_db
def test_passwords_off_for_employees(client, make_user, settings):
    settings.LOCAL_LOGIN_FOR_EMPLOYEES = False
    make_user(Role.EMPLOYEE, email="ansatt@example.no", password="et-langt-passord-1")
    make_user(Role.CITIZEN, email="innbygger@example.no", password="et-langt-passord-1")
    url = reverse("accounts:login")
    response = client.post(url, {"username": "ansatt@example.no", "password": "et-langt-passord-1"})
    assert "Ansatte logger inn med jobbkontoen" in response.content.decode()
    response = client.post(url, {"username": "innbygger@example.no", "password": "et-langt-passord-1"})
    assert response.status_code == 302
