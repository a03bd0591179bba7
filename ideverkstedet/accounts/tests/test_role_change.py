import pytest
from django.urls import reverse

from ideverkstedet.accounts.models import Role
from ideverkstedet.accounts.services import user_change_role
from ideverkstedet.accounts.tests.factories import UnitFactory
from ideverkstedet.core.models import AuditEntry


def test_role_change_is_audited_with_its_reason(make_user):
    admin, person = make_user(Role.ADMINISTRATOR), make_user(Role.EMPLOYEE)
    unit = UnitFactory()
    user_change_role(actor=admin, user=person, role=Role.LEADER, unit=unit, reason="Ny enhetsleder")
    person.refresh_from_db()
    assert person.role == Role.LEADER and person.unit == unit
    entry = AuditEntry.objects.get(action="accounts.role_changed")
    assert entry.actor == admin and entry.reason == "Ny enhetsleder"
    assert entry.data == {"from": "employee", "to": "leader"}


def test_role_change_without_a_reason_is_refused(make_user):
    admin, person = make_user(Role.ADMINISTRATOR), make_user(Role.EMPLOYEE)
    with pytest.raises(ValueError, match="reason"):
        user_change_role(actor=admin, user=person, role=Role.ADVISOR, reason=" ")


def test_role_change_in_the_admin_needs_a_reason_and_goes_through_the_service(client, make_user):
    admin, person = make_user(Role.ADMINISTRATOR), make_user(Role.CITIZEN)
    client.force_login(admin)
    url = reverse("admin:accounts_user_change", args=[person.pk])
    data = {
        "email": person.email,
        "full_name": person.full_name,
        "language": "nb",
        "role": Role.ADVISOR,
        "unit": UnitFactory().pk,
        "organisation": "",
        "is_active": "on",
        "change_reason": "",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Skriv hvorfor rollen endres." in response.content.decode()
    person.refresh_from_db()
    assert person.role == Role.CITIZEN
    response = client.post(url, {**data, "change_reason": "Ansatt i Innovasjonsenheten"})
    assert response.status_code == 302, response.content.decode()[:3000]
    person.refresh_from_db()
    assert person.role == Role.ADVISOR
    assert AuditEntry.objects.filter(action="accounts.role_changed", target_id=str(person.pk)).count() == 1


def test_making_someone_administrator_gives_admin_access(make_user):
    admin, person = make_user(Role.ADMINISTRATOR), make_user(Role.EMPLOYEE)
    user_change_role(actor=admin, user=person, role=Role.ADMINISTRATOR, unit=person.unit, reason="Drift")
    person.refresh_from_db()
    assert person.is_staff and person.is_superuser
