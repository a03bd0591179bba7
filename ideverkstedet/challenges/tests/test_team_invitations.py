"""Invitations to a team are by address: the inviter learns nothing about whose (or whether) the account is.

Issue 11 item 5 and issue 12 item 10. The holder of the address answers; someone who signs up with it finds the
invitation waiting for them to accept (nobody is joined without saying yes); the team can withdraw it.
"""

import re
from datetime import timedelta

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ideverkstedet.accounts.models import Role, User
from ideverkstedet.accounts.services import user_delete_account, user_export_data
from ideverkstedet.accounts.tests.factories import user_with_role
from ideverkstedet.challenges import selectors, services
from ideverkstedet.challenges.models import Membership, TeamInvitation
from ideverkstedet.challenges.tests.factories import make_challenge
from ideverkstedet.core import housekeeping
from ideverkstedet.core.models import AuditEntry
from ideverkstedet.notifications.models import Notification, OutgoingEmail

pytestmark = pytest.mark.django_db


def client_for(user: User | None = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _team_url(challenge) -> str:  # type: ignore[no-untyped-def]
    return reverse("challenges:team", args=[challenge.slug])


def _normalised(html: str, address: str) -> str:
    """The page without what differs on every request (tokens, nonces, row ids) and the address typed."""
    html = html.replace(address, "ADRESSE")
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    html = re.sub(r'nonce="[^"]+"', "", html)
    return re.sub(r"/invitasjoner/\d+/", "/invitasjoner/N/", html)


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    """An internal challenge and one person of every kind the address may belong to (all exist in every case)."""
    owner = user_with_role(Role.EMPLOYEE, full_name="Olga Eier", email="olga@example.no")
    challenge = make_challenge(owner, visibility="internal")
    member = user_with_role(Role.EMPLOYEE, full_name="Mona Medlem", email="mona@example.no")
    Membership.objects.create(challenge=challenge, user=member, status=Membership.Status.ACTIVE)
    return {
        "owner": owner,
        "challenge": challenge,
        "no account": "ingen.konto@example.no",
        "may join": user_with_role(Role.EMPLOYEE, full_name="Kari Kollega", email="kari@example.no").email,
        "member": member.email,
        "citizen on internal": user_with_role(
            Role.CITIZEN, full_name="Ingrid Innbygger", email="ingrid@example.no"
        ).email,
        "staff": user_with_role(Role.ADVISOR, full_name="Rita Rådgiver", email="rita@example.no").email,
    }


CASES = ["no account", "may join", "member", "citizen on internal", "staff"]


def test_the_inviter_sees_the_same_whoever_holds_the_address(world):
    challenge, owner = world["challenge"], client_for(world["owner"])
    seen = {}
    for case in CASES:
        with transaction.atomic():
            typed = world[case].upper()  # typed in capitals: kept and shown lower-cased
            response = owner.post(_team_url(challenge), {"email": typed})
            assert response.status_code == 302, case
            after = owner.get(response["Location"]).content.decode()  # the message is shown here
            again = owner.get(_team_url(challenge)).content.decode()
            assert world[case] in again and typed not in again, case
            for name in ("Kari", "Ingrid", "Rita"):
                assert name not in after and name not in again, (case, name)
            assert TeamInvitation.objects.get(challenge=challenge).email == world[case]
            seen[case] = (
                response["Location"],
                _normalised(after, world[case]),
                _normalised(again, world[case]),
            )
            transaction.set_rollback(True)
    assert "Vi har sendt en invitasjon" in seen["no account"][1]
    assert "1 invitasjon venter på svar" in seen["no account"][2]
    different = [case for case in CASES if seen[case] != seen["no account"]]
    assert different == []


def test_only_someone_who_may_join_hears_of_it_and_an_address_without_an_account_gets_an_email(world):
    challenge = world["challenge"]
    for case in CASES:
        services.member_invite(actor=world["owner"], challenge=challenge, email=world[case])
    told = set(Notification.objects.filter(title__contains="invitert").values_list("user__email", flat=True))
    assert told == {world["may join"], world["staff"]}
    mail = OutgoingEmail.objects.get(to=world["no account"])
    assert reverse("accounts:sign_up") in mail.body_text and "takket ja" in mail.body_text
    citizen = User.objects.get(email=world["citizen on internal"])
    assert selectors.invitations_for(citizen).count() == 0
    response = client_for(citizen).post(
        reverse("challenges:team_respond", args=[challenge.slug]), {"svar": "ja"}
    )
    assert response.status_code == 404  # an internal challenge is not there for a citizen at all
    assert not Membership.objects.filter(challenge=challenge, user=citizen).exists()


def test_the_holder_sees_the_invitation_on_their_pages_and_accepts(world):
    challenge = world["challenge"]
    services.member_invite(actor=world["owner"], challenge=challenge, email="Kari@Example.no")
    kari = client_for(User.objects.get(email=world["may join"]))
    assert "Du er invitert til laget på" in kari.get(reverse("accounts:profile")).content.decode()
    assert "Du er invitert til laget." in kari.get(challenge.get_absolute_url()).content.decode()
    response = kari.post(
        reverse("challenges:team_respond", args=[challenge.slug]), {"svar": "ja"}, follow=True
    )
    assert "Velkommen på laget!" in response.content.decode()
    assert Membership.objects.get(challenge=challenge, user__email=world["may join"]).status == "active"
    assert not TeamInvitation.objects.exists()
    team_page = client_for(world["owner"]).get(_team_url(challenge)).content.decode()
    assert "Kari Kollega" in team_page and world["may join"] not in team_page  # a name once accepted


def test_declining_removes_it_and_joins_nobody(world):
    challenge = world["challenge"]
    services.member_invite(actor=world["owner"], challenge=challenge, email=world["staff"])
    rita = client_for(User.objects.get(email=world["staff"]))
    rita.post(reverse("challenges:team_respond", args=[challenge.slug]), {"svar": "nei"})
    assert not TeamInvitation.objects.exists()
    assert not Membership.objects.filter(challenge=challenge, user__email=world["staff"]).exists()
    assert AuditEntry.objects.filter(action="challenges.invitation_declined").exists()


SIGN_UP = {
    "full_name": "Nina Ny",
    "email": "Nina.Ny@Example.no",
    "role": Role.CITIZEN,
    "password1": "lang-og-god-setning",
    "password2": "lang-og-god-setning",
}


def test_signing_up_with_an_invited_address_finds_the_invitation_waiting(django_capture_on_commit_callbacks):
    challenge = make_challenge(visibility="public")
    services.member_invite(actor=challenge.owner, challenge=challenge, email="nina.ny@example.no")
    invitation_mail = OutgoingEmail.objects.get(to="nina.ny@example.no")
    assert reverse("accounts:sign_up") in invitation_mail.body_text

    visitor = Client()
    with django_capture_on_commit_callbacks(execute=True):
        assert visitor.post(reverse("accounts:sign_up"), SIGN_UP).status_code == 200
    nina = User.objects.get(email="nina.ny@example.no")
    assert selectors.invitations_for(nina).count() == 0  # not before the address is verified
    link = re.search(r"http://\S+", OutgoingEmail.objects.get(user=nina).body_text).group(0)  # type: ignore[union-attr]
    visitor.post(link.replace("http://127.0.0.1:8000", ""))
    assert (
        visitor.post(
            reverse("accounts:login"), {"username": "nina.ny@example.no", "password": SIGN_UP["password1"]}
        ).status_code
        == 302
    )

    profile = visitor.get(reverse("accounts:profile")).content.decode()
    assert "Du er invitert til laget på" in profile and challenge.title in profile
    assert not Membership.objects.filter(user=nina).exists()  # waiting for a yes, not joined
    visitor.post(reverse("challenges:team_respond", args=[challenge.slug]), {"svar": "ja"})
    assert Membership.objects.get(user=nina, challenge=challenge).status == "active"


def test_the_team_withdraws_an_invitation_and_it_is_audited(world):
    challenge = world["challenge"]
    invitation = services.member_invite(actor=world["owner"], challenge=challenge, email=world["may join"])
    owner = client_for(world["owner"])
    url = reverse("challenges:team_withdraw", args=[challenge.slug, invitation.pk])
    assert owner.get(url).status_code == 405
    response = owner.post(url, follow=True)
    assert "Invitasjonen er trukket tilbake." in response.content.decode()
    assert not TeamInvitation.objects.exists()
    entry = AuditEntry.objects.get(action="challenges.invitation_withdrawn")
    assert entry.actor == world["owner"]
    kari = User.objects.get(email=world["may join"])
    assert selectors.invitation_for(kari, challenge) is None
    response = client_for(kari).post(
        reverse("challenges:team_respond", args=[challenge.slug]), {"svar": "ja"}
    )
    assert not Membership.objects.filter(challenge=challenge, user=kari).exists()
    assert owner.post(url).status_code == 404  # gone


def test_an_invitation_to_another_challenge_cannot_be_withdrawn_through_this_one(world):
    other = make_challenge(world["owner"], title="En annen utfordring")
    invitation = services.member_invite(actor=world["owner"], challenge=other, email="x@example.no")
    url = reverse("challenges:team_withdraw", args=[world["challenge"].slug, invitation.pk])
    assert client_for(world["owner"]).post(url).status_code == 404
    assert TeamInvitation.objects.filter(pk=invitation.pk).exists()


ROLES = ["visitor", "citizen", "employee not on team", "team member", "owner", "adviser"]
MAY_MANAGE = {"team member", "owner", "adviser"}


def _person(role: str, challenge) -> User | None:  # type: ignore[no-untyped-def]
    if role == "visitor":
        return None
    if role == "owner":
        return challenge.owner
    if role == "team member":
        member = user_with_role(Role.EMPLOYEE)
        Membership.objects.create(challenge=challenge, user=member, status=Membership.Status.ACTIVE)
        return member
    return user_with_role(
        {"citizen": Role.CITIZEN, "employee not on team": Role.EMPLOYEE}.get(role, Role.ADVISOR)
    )


@pytest.mark.parametrize("role", ROLES)
def test_who_may_invite(role):
    challenge = make_challenge(visibility="public")  # a citizen can see it, so the rule (not 404) answers
    response = client_for(_person(role, challenge)).post(_team_url(challenge), {"email": "ny@example.no"})
    if role in MAY_MANAGE:
        assert response.status_code == 302 and response["Location"] == _team_url(challenge)
        assert TeamInvitation.objects.filter(challenge=challenge, email="ny@example.no").exists()
    else:
        expected = 302 if role == "visitor" else 403
        assert response.status_code == expected
        if role == "visitor":
            assert response["Location"].startswith(reverse("accounts:login"))
        assert not TeamInvitation.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_who_may_withdraw(role):
    challenge = make_challenge(visibility="public")
    invitation = services.member_invite(actor=challenge.owner, challenge=challenge, email="ny@example.no")
    url = reverse("challenges:team_withdraw", args=[challenge.slug, invitation.pk])
    response = client_for(_person(role, challenge)).post(url)
    if role in MAY_MANAGE:
        assert response.status_code == 302
        assert not TeamInvitation.objects.exists()
    else:
        assert response.status_code == (302 if role == "visitor" else 403)
        assert TeamInvitation.objects.filter(pk=invitation.pk).exists()


def test_the_team_page_lists_invitations_for_the_team_only(world):
    challenge = world["challenge"]
    services.member_invite(actor=world["owner"], challenge=challenge, email="ingen.konto@example.no")
    assert "ingen.konto@example.no" in client_for(world["owner"]).get(_team_url(challenge)).content.decode()
    outsider = client_for(user_with_role(Role.EMPLOYEE)).get(_team_url(challenge)).content.decode()
    assert "ingen.konto@example.no" not in outsider and "venter på svar" not in outsider


def test_an_invitation_expires_after_thirty_days_and_housekeeping_removes_it(world):
    challenge = world["challenge"]
    invitation = services.member_invite(actor=world["owner"], challenge=challenge, email=world["may join"])
    assert invitation.expires_at - invitation.created_at == timedelta(days=30)
    TeamInvitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    kari = User.objects.get(email=world["may join"])
    assert selectors.invitation_for(kari, challenge) is None
    assert world["may join"] not in client_for(world["owner"]).get(_team_url(challenge)).content.decode()
    with pytest.raises(services.ChallengeError):
        services.member_respond(user=kari, challenge=challenge, accept=True)
    assert housekeeping.run()["team_invitations_expired"] == 1
    assert not TeamInvitation.objects.exists()
    renewed = services.member_invite(actor=world["owner"], challenge=challenge, email=world["may join"])
    assert selectors.invitation_for(kari, challenge) == renewed


def test_withdrawing_and_inviting_again_does_not_flood_the_holder(world, settings):
    settings.ACCOUNT_MAILS_PER_ADDRESS = 2
    challenge = world["challenge"]
    for _ in range(4):
        invitation = services.member_invite(
            actor=world["owner"], challenge=challenge, email=world["may join"]
        )
        services.member_invite_withdraw(actor=world["owner"], invitation=invitation)
        services.member_invite(actor=world["owner"], challenge=challenge, email=world["no account"])
        TeamInvitation.objects.filter(email=world["no account"]).delete()
    assert Notification.objects.filter(user__email=world["may join"]).count() == 2
    assert OutgoingEmail.objects.filter(to=world["no account"]).count() == 2


def test_download_and_delete_my_data_cover_invitations(world):
    challenge = world["challenge"]
    services.member_invite(actor=world["owner"], challenge=challenge, email="KARI@example.no")
    services.member_invite(actor=world["owner"], challenge=challenge, email="ingen.konto@example.no")
    kari = User.objects.get(email=world["may join"])
    received = user_export_data(user=kari)["team_invitations"]["received"]
    assert [r["challenge"] for r in received] == [challenge.title]
    sent = user_export_data(user=world["owner"])["team_invitations"]["sent"]
    assert {s["email"] for s in sent} == {"kari@example.no", "ingen.konto@example.no"}
    user_delete_account(user=kari)
    assert list(TeamInvitation.objects.values_list("email", flat=True)) == ["ingen.konto@example.no"]
    user_delete_account(user=world["owner"])
    assert TeamInvitation.objects.get().invited_by is None  # the team's invitation stays, without the name


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_open_invitations_held_as_memberships_and_back():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before, after = (
        [("challenges", "0005_posting_block_names_its_post")],
        [("challenges", "0006_team_invitations")],
    )
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    owner = user_with_role(Role.EMPLOYEE)
    invitee = user_with_role(Role.EMPLOYEE, email="Gammel.Invitert@example.no")
    challenge = old.get_model("challenges", "Challenge").objects.create(
        title="Gammel",
        slug="gammel",
        description="x",
        owner_id=owner.pk,
        phase_id=old.get_model("challenges", "Phase").objects.first().pk,
    )
    old.get_model("challenges", "Membership").objects.create(
        challenge=challenge, user_id=invitee.pk, status="invited", invited_by_id=owner.pk
    )
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    invitation = new.get_model("challenges", "TeamInvitation").objects.get()
    assert invitation.email == "gammel.invitert@example.no" and invitation.invited_by_id == owner.pk
    assert not new.get_model("challenges", "Membership").objects.filter(status="invited").exists()
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    assert old.get_model("challenges", "Membership").objects.get(user_id=invitee.pk).status == "invited"
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
