import re

import pytest
from django.urls import reverse

from ideverkstedet.accounts.models import Organisation, Role, User
from ideverkstedet.accounts.tests.factories import OrganisationFactory, UnitFactory
from ideverkstedet.notifications.models import OutgoingEmail

GOOD = {
    "full_name": "Kari Nordmann",
    "email": "Kari@Example.no",
    "role": Role.CITIZEN,
    "password1": "lang-og-god-setning",
    "password2": "lang-og-god-setning",
}


def _link(email: OutgoingEmail) -> str:
    match = re.search(r"http://[^\s]+", email.body_text)
    assert match, email.body_text
    return match.group(0).replace("http://127.0.0.1:8000", "")


@pytest.mark.django_db
def test_sign_up_then_verify_then_log_in(client, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:sign_up"), GOOD)
    assert response.status_code == 200
    assert "Sjekk e-posten din" in response.content.decode()
    user = User.objects.get(email="kari@example.no")
    assert user.email_verified_at is None
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["kari@example.no"]

    # Not verified yet: login is refused with a clear message.
    response = client.post(
        reverse("accounts:login"), {"username": GOOD["email"], "password": GOOD["password1"]}
    )
    assert "bekrefte e-postadressen" in response.content.decode()

    link = _link(OutgoingEmail.objects.get(user=user))
    assert "Bekreft adressen" in client.get(link).content.decode()  # GET only shows a button
    user.refresh_from_db()
    assert user.email_verified_at is None
    response = client.post(link)
    assert response.status_code == 302 and response.url == reverse("accounts:login")
    user.refresh_from_db()
    assert user.email_verified_at is not None

    response = client.post(
        reverse("accounts:login"), {"username": GOOD["email"], "password": GOOD["password1"]}
    )
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200


@pytest.mark.django_db
def test_verification_link_cannot_be_forged(client, make_user):
    user = make_user(Role.CITIZEN, email_verified_at=None)
    response = client.post(reverse("accounts:verify_email", args=["MTIz", "feil-token"]))
    assert response.status_code == 400
    response = client.get(reverse("accounts:verify_email", args=["!!!", "x"]))
    assert response.status_code == 400
    user.refresh_from_db()
    assert user.email_verified_at is None


@pytest.mark.django_db
def test_sign_up_with_errors_keeps_what_was_typed(client):
    response = client.post(
        reverse("accounts:sign_up"), {**GOOD, "password2": "noe-annet-helt", "email": "ikke-en-adresse"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Kari Nordmann"' in html
    assert 'value="ikke-en-adresse"' in html
    assert "Passordene er ikke like." in html
    assert 'aria-invalid="true"' in html
    assert "Noe må rettes" in html
    assert not User.objects.exists()


@pytest.mark.django_db
def test_sign_up_rejects_a_weak_password_without_saying_the_address_is_taken(client, make_user):
    make_user(Role.CITIZEN, email="tatt@example.no")
    response = client.post(
        reverse("accounts:sign_up"),
        {**GOOD, "email": "TATT@example.no", "password1": "123", "password2": "123"},
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'aria-invalid="true"' in html
    assert "Det finnes allerede en konto" not in html
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_employee_must_use_a_municipal_address_and_pick_a_unit(client, settings):
    settings.MUNICIPAL_EMAIL_DOMAINS = ["kommune.no"]
    unit = UnitFactory()
    response = client.post(reverse("accounts:sign_up"), {**GOOD, "role": Role.EMPLOYEE})
    html = response.content.decode()
    assert "jobbadressen" in html
    assert "Velg enheten du jobber i." in html
    response = client.post(
        reverse("accounts:sign_up"),
        {**GOOD, "role": Role.EMPLOYEE, "email": "ola@kommune.no", "unit": unit.pk},
    )
    assert response.status_code == 200
    user = User.objects.get(email="ola@kommune.no")
    assert user.role == Role.EMPLOYEE and user.unit == unit


@pytest.mark.django_db
def test_volunteer_joins_an_organisation_or_names_a_new_one(client):
    response = client.post(reverse("accounts:sign_up"), {**GOOD, "role": Role.VOLUNTEER})
    assert "Velg organisasjonen din" in response.content.decode()
    client.post(
        reverse("accounts:sign_up"),
        {**GOOD, "role": Role.VOLUNTEER, "new_organisation_name": "Nabolaget vårt"},
    )
    user = User.objects.get(email="kari@example.no")
    assert user.organisation is not None and user.organisation.name == "Nabolaget vårt"
    assert user.organisation.kind == Organisation.Kind.VOLUNTEER
    existing = OrganisationFactory(kind=Organisation.Kind.EXTERNAL)
    client.post(
        reverse("accounts:sign_up"),
        {**GOOD, "email": "b@example.no", "role": Role.EXTERNAL, "organisation": existing.pk},
    )
    assert User.objects.get(email="b@example.no").organisation == existing


@pytest.mark.django_db
def test_nobody_can_sign_up_as_advisor_or_administrator(client):
    for role in (Role.ADVISOR, Role.ADMINISTRATOR, Role.LEADER):
        response = client.post(reverse("accounts:sign_up"), {**GOOD, "role": role})
        assert response.status_code == 200
    assert not User.objects.exists()


@pytest.mark.django_db
def test_resend_verification_says_the_same_whether_or_not_the_account_exists(
    client, make_user, mailoutbox, django_capture_on_commit_callbacks
):
    make_user(Role.CITIZEN, email="uverifisert@example.no", email_verified_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(reverse("accounts:resend_verification"), {"email": "uverifisert@example.no"})
        unknown = client.post(reverse("accounts:resend_verification"), {"email": "ingen@example.no"})
    assert known.status_code == unknown.status_code == 200
    assert len(mailoutbox) == 1


def test_logged_in_person_is_sent_away_from_sign_up(client, make_user):
    client.force_login(make_user(Role.CITIZEN))
    response = client.get(reverse("accounts:sign_up"))
    assert response.status_code == 302 and response.url == reverse("accounts:profile")


@pytest.mark.django_db
def test_sign_up_is_rate_limited_per_client_address(client, settings):
    settings.SIGN_UP_RATE_LIMIT = 2
    for n in range(2):
        response = client.post(reverse("accounts:sign_up"), {**GOOD, "email": f"p{n}@example.no"})
        assert response.status_code == 200
    response = client.post(reverse("accounts:sign_up"), {**GOOD, "email": "p3@example.no"})
    assert response.status_code == 429
    assert "Prøv igjen om en time" in response.content.decode()
    assert 'value="Kari Nordmann"' in response.content.decode()  # nothing typed is lost
    assert User.objects.count() == 2
    # Another address is not affected.
    response = client.post(
        reverse("accounts:sign_up"), {**GOOD, "email": "p4@example.no"}, REMOTE_ADDR="10.9.9.9"
    )
    assert response.status_code == 200


@pytest.mark.django_db
def test_a_resident_keeps_no_unit_or_organisation_picked_before_switching_role(client):
    unit, organisation = UnitFactory(), OrganisationFactory()
    data = {**GOOD, "unit": unit.pk, "organisation": organisation.pk, "new_organisation_name": "Laget mitt"}
    assert client.post(reverse("accounts:sign_up"), data).status_code == 200
    user = User.objects.get(email="kari@example.no")
    assert (user.unit, user.organisation) == (None, None)
    assert not Organisation.objects.filter(name="Laget mitt").exists()


@pytest.mark.django_db
def test_the_form_groups_the_fields_by_the_role_they_belong_to(client):
    html = client.get(reverse("accounts:sign_up")).content.decode()
    employee = html.index('class="for-role for-employee"')
    organisation = html.index('class="for-role for-organisation"')
    assert employee < html.index('name="unit"') < organisation
    assert organisation < html.index('name="organisation"') < html.index('name="new_organisation_name"')
