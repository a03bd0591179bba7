import json

from django.urls import reverse

from ideverkstedet.accounts.models import Role, User
from ideverkstedet.accounts.services import api_token_create
from ideverkstedet.accounts.tests.factories import PASSWORD
from ideverkstedet.core.audit import audit_record
from ideverkstedet.core.models import AuditEntry
from ideverkstedet.notifications.models import Notification
from ideverkstedet.notifications.services import notify


def test_download_my_data_gives_everything_about_me_as_json(client, make_user):
    user = make_user(Role.EMPLOYEE, full_name="Åse Ærlig", email="ase@kommune.no")
    notify(user=user, title="Velkommen", body="Hei")
    api_token_create(user=user, name="Rapport")
    client.force_login(user)
    response = client.get(reverse("accounts:export_data"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"] == "no-store"
    data = json.loads(response.content)
    assert data["account"]["full_name"] == "Åse Ærlig"
    assert data["account"]["email"] == "ase@kommune.no"
    assert data["account"]["unit"] == user.unit.name
    assert data["notifications"][0]["title"] == "Velkommen"
    assert data["api_tokens"][0]["name"] == "Rapport"
    assert "key_hash" not in response.content.decode()
    assert "password" not in data["account"]


def test_export_contains_only_my_own_data(client, make_user):
    me, other = make_user(Role.CITIZEN), make_user(Role.CITIZEN, full_name="Noen Andre")
    notify(user=other, title="Hemmelig for andre")
    client.force_login(me)
    content = client.get(reverse("accounts:export_data")).content.decode()
    assert "Hemmelig for andre" not in content
    assert "Noen Andre" not in content


def test_delete_my_account_anonymises_and_keeps_what_others_depend_on(client, make_user):
    user = make_user(Role.EMPLOYEE, full_name="Slett Meg", email="slett@kommune.no")
    advisor = make_user(Role.ADVISOR)
    notify(user=user, title="Et varsel")
    api_token_create(user=user, name="Skript")
    # Something others depend on: an audit entry made by this person stays, now pointing at an anonymous row.
    entry = audit_record(actor=user, action="test.something", target=advisor, reason="grunn")
    client.force_login(user)

    response = client.post(reverse("accounts:delete_account"), {"confirm": "feil"})
    assert response.status_code == 200 and "SLETT" in response.content.decode()
    assert User.objects.get(pk=user.pk).anonymised_at is None

    response = client.post(reverse("accounts:delete_account"), {"confirm": "SLETT", "password": PASSWORD})
    assert response.status_code == 200
    assert "Kontoen er slettet" in response.content.decode()
    user.refresh_from_db()
    assert user.anonymised_at is not None
    assert user.full_name == "" and "slett@" not in user.email
    assert user.display_name == "Slettet bruker"
    assert not user.is_active and not user.has_usable_password()
    assert user.unit is None
    assert not Notification.objects.filter(user=user).exists()
    assert not user.api_tokens.exists()
    entry.refresh_from_db()
    assert entry.actor_id == user.pk  # the history stays, without a name
    assert AuditEntry.objects.filter(action="accounts.account_deleted", target_id=str(user.pk)).exists()
    # Logged out, and the old address is free to sign up again.
    assert client.get(reverse("accounts:profile")).status_code == 302
    assert not User.objects.filter(email="slett@kommune.no").exists()


def test_deleted_account_cannot_log_in(client, make_user):
    from ideverkstedet.accounts.services import user_delete_account
    from ideverkstedet.accounts.tests.factories import PASSWORD

    user = make_user(Role.CITIZEN, email="borte@example.no")
    user_delete_account(user=user)
    response = client.post(reverse("accounts:login"), {"username": "borte@example.no", "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
