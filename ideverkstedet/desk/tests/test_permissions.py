"""Every role × (own request, another's request, the queue, internal notes, status changes), on pages and rules."""

import pytest
from django.urls import reverse

from ideverkstedet.accounts.models import Role
from ideverkstedet.accounts.tests.factories import ALL_ROLES
from ideverkstedet.desk import services
from ideverkstedet.desk.tests.factories import make_request

pytestmark = pytest.mark.django_db

ANONYMOUS = "anonymous"
ADVISERS = {Role.ADVISOR, Role.ADMINISTRATOR}


@pytest.mark.parametrize("who", [ANONYMOUS, *ALL_ROLES])
def test_role_matrix(client, make_user, who):
    owner = make_user(Role.EMPLOYEE)
    theirs = make_request(owner)
    person = None
    if who != ANONYMOUS:
        person = make_user(who)
        client.force_login(person)
    is_adviser = who in ADVISERS
    login = reverse("accounts:login")

    def status_of(response):
        if response.status_code == 302 and response.url.startswith(login):
            return "login"
        return response.status_code

    # Asking and one's own list: everyone logged in.
    expected = "login" if person is None else 200
    assert status_of(client.get(reverse("desk:ask"))) == expected
    assert status_of(client.get(reverse("desk:my_requests"))) == expected

    # Own request: the requester reads it and writes; no internal notes, no status changes.
    if person is not None:
        own = make_request(person)
        assert client.get(own.get_absolute_url()).status_code == 200
        ok = client.post(reverse("desk:message_new", args=[own.reference]), {"message-body": "Hei"})
        assert ok.status_code == 302
        client.post(
            reverse("desk:message_new", args=[own.reference]),
            {"message-body": "notat?", "message-internal": "on"},
        )
        own.refresh_from_db()
        assert own.messages.filter(is_internal=True).exists() == is_adviser
        change = client.post(reverse("desk:change_status", args=[own.reference]), {"status-status": "closed"})
        assert change.status_code == (302 if is_adviser else 403)

    # Another's request: advisers only; everyone else gets 404 (its existence is not revealed).
    page = client.get(theirs.get_absolute_url())
    assert status_of(page) == ("login" if person is None else 200 if is_adviser else 404)
    message = client.post(reverse("desk:message_new", args=[theirs.reference]), {"message-body": "Hei"})
    assert status_of(message) == ("login" if person is None else 302 if is_adviser else 404)

    # The queue.
    queue = client.get(reverse("desk:queue"))
    assert status_of(queue) == ("login" if person is None else 200 if is_adviser else 403)

    # Internal notes and status changes on another's request.
    note = client.post(
        reverse("desk:message_new", args=[theirs.reference]),
        {"message-body": "intern", "message-internal": "on"},
    )
    assert status_of(note) == ("login" if person is None else 302 if is_adviser else 404)
    theirs.refresh_from_db()
    assert theirs.messages.filter(is_internal=True).exists() == is_adviser
    change = client.post(
        reverse("desk:change_status", args=[theirs.reference]), {"status-status": "reviewing"}
    )
    assert status_of(change) == ("login" if person is None else 302 if is_adviser else 403)


def test_named_rules_for_requester_assigned_other_adviser_and_administrator(make_user):
    requester = make_user(Role.EMPLOYEE)
    assigned = make_user(Role.ADVISOR)
    other = make_user(Role.ADVISOR)
    admin = make_user(Role.ADMINISTRATOR)
    stranger = make_user(Role.LEADER)
    item = make_request(requester)
    services.request_assign(actor=assigned, request=item, assignees=[assigned])
    table = {
        "desk.view_request": {requester, assigned, other, admin},
        "desk.view_internal_notes": {assigned, other, admin},
        "desk.write_message": {requester, assigned, other, admin},
        "desk.write_internal_note": {assigned, other, admin},
        "desk.assign": {assigned, other, admin},
        "desk.change_status": {assigned, admin},
        "desk.make_from_request": {assigned, admin},
        # Administrators are superusers, but the rules hold for every account: only the requester evaluates.
        "desk.evaluate": set(),
    }
    for permission, allowed in table.items():
        for person in (requester, assigned, other, admin, stranger):
            assert person.has_perm(permission, item) == (person in allowed), (permission, person.role)
    services.request_change_status(actor=assigned, request=item, status="closed")
    item.refresh_from_db()
    assert [p.has_perm("desk.evaluate", item) for p in (requester, assigned, admin)] == [True, False, False]
    assert not requester.has_perm("desk.write_message", item)  # closed: the conversation is over for them


def test_an_unknown_reference_is_404_not_500(client, make_user):
    client.force_login(make_user(Role.ADVISOR))
    for reference in ("IV-2026-9999", "x" * 300, "%00", "IV-2026-0001%00", "IV-2026-0001'--"):
        assert client.get(f"/hjelp/{reference}/").status_code == 404
        assert client.get(f"/api/v1/requests/{reference}").status_code == 404
    item = make_request(make_user(Role.EMPLOYEE))
    assert client.get(f"/hjelp/{item.reference.lower()}/").status_code == 200
    for token in ("%00", "zz", "a" * 32 + "%00"):
        assert client.get(f"/hjelp/{item.reference}/vedlegg/{token}/").status_code == 404
