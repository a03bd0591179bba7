import pytest
from django.urls import reverse

from ideverkstedet.accounts.models import Role
from ideverkstedet.core.audit import audit_record
from ideverkstedet.core.models import AuditEntry


def test_audit_record_keeps_who_what_object_when_why(make_user):
    advisor = make_user(Role.ADVISOR)
    citizen = make_user(Role.CITIZEN)
    entry = audit_record(
        actor=advisor, action="accounts.blocked", target=citizen, reason="Spam", data={"n": 1}
    )
    entry.refresh_from_db()
    assert entry.actor == advisor
    assert entry.action == "accounts.blocked"
    assert entry.target_type == "accounts.user"
    assert entry.target_id == str(citizen.pk)
    assert entry.reason == "Spam"
    assert entry.at is not None


@pytest.mark.django_db
def test_audit_record_without_a_person_is_a_system_action():
    entry = audit_record(actor=None, action="system.cleanup")
    assert entry.actor is None and entry.target_type == ""


def test_administrator_reads_the_audit_log_and_cannot_edit_it(client, make_user):
    admin = make_user(Role.ADMINISTRATOR)
    entry = audit_record(actor=admin, action="accounts.role_changed", reason="Ny leder")
    client.force_login(admin)
    assert client.get(reverse("admin:core_auditentry_changelist")).status_code == 200
    assert client.get(reverse("admin:core_auditentry_change", args=[entry.pk])).status_code == 200
    assert (
        client.post(reverse("admin:core_auditentry_delete", args=[entry.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.parametrize("role", [r for r in Role if r != Role.ADMINISTRATOR])
def test_nobody_but_administrators_reaches_the_audit_log(client, make_user, role):
    client.force_login(make_user(role))
    response = client.get(reverse("admin:core_auditentry_changelist"))
    assert response.status_code == 302  # Django admin sends non-staff to its login page
    assert "/admin/login/" in response.url
