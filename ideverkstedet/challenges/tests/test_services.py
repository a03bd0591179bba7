"""The rules of challenges, ideas, comments, cheers, follows and moderation, through the services."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from ideverkstedet.accounts.models import Role
from ideverkstedet.accounts.tests.factories import user_with_role
from ideverkstedet.challenges import services
from ideverkstedet.challenges.models import (
    Challenge,
    Cheer,
    Comment,
    Follow,
    Idea,
    Membership,
    Phase,
    PhaseChange,
    Report,
)
from ideverkstedet.challenges.services import ChallengeError, NotAllowed
from ideverkstedet.challenges.tests.factories import make_challenge, make_idea
from ideverkstedet.core.models import AuditEntry
from ideverkstedet.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_a_new_challenge_starts_in_the_first_phase_with_its_owner_on_the_team():
    challenge = make_challenge()
    assert challenge.phase.slug == "mote"
    assert challenge.slug.startswith("hvordan-kan-vi")
    assert Membership.objects.get(challenge=challenge).user == challenge.owner
    assert PhaseChange.objects.filter(challenge=challenge).count() == 1
    assert Follow.objects.filter(challenge=challenge, user=challenge.owner).exists()
    assert sorted(challenge.tags.values_list("slug", flat=True)) == ["barn", "digitalt"]
    assert AuditEntry.objects.filter(action="challenges.created").exists()


def test_same_title_gets_a_unique_slug():
    a = make_challenge(title="Ensomhet blant eldre")
    b = make_challenge(title="Ensomhet blant eldre")
    assert a.slug != b.slug


def test_citizens_cannot_create_and_organisations_get_public_challenges():
    with pytest.raises(NotAllowed):
        make_challenge(owner=user_with_role(Role.CITIZEN))
    volunteer_challenge = make_challenge(owner=user_with_role(Role.VOLUNTEER), visibility="internal")
    assert volunteer_challenge.visibility == "public"


def test_phase_change_is_recorded_and_followers_are_told():
    challenge = make_challenge()
    follower = user_with_role(Role.EMPLOYEE)
    services.follow(user=follower, challenge=challenge)
    skape = Phase.objects.get(slug="skape")
    services.challenge_change_phase(
        actor=challenge.owner, challenge=challenge, phase=skape, note="Vi tester nå"
    )
    challenge.refresh_from_db()
    assert challenge.phase == skape
    assert list(challenge.phase_changes.values_list("to_phase__slug", flat=True)) == ["mote", "skape"]
    notice = Notification.objects.get(user=follower)
    assert "Skape" in notice.body and "Vi tester nå" in notice.body
    with pytest.raises(ChallengeError):
        services.challenge_change_phase(actor=challenge.owner, challenge=challenge, phase=skape, note="")


def test_only_the_team_changes_phase():
    challenge = make_challenge()
    with pytest.raises(NotAllowed):
        services.challenge_change_phase(
            actor=user_with_role(Role.EMPLOYEE), challenge=challenge, phase=Phase.objects.last(), note=""
        )


def test_citizen_input_needs_a_public_challenge():
    challenge = make_challenge(visibility="internal")
    now = timezone.now()
    with pytest.raises(ChallengeError) as error:
        services.challenge_open_for_input(
            actor=challenge.owner,
            challenge=challenge,
            opens_at=now,
            closes_at=now + timedelta(days=3),
            question="Hva tenker du?",
            audience="everyone",
        )
    assert error.value.code == "visibility"


@pytest.mark.parametrize(
    ("opens", "closes", "code"),
    [(0, -1, "window"), (-10, -2, "window"), (0, 400, "window")],
)
def test_input_window_must_make_sense(opens, closes, code):
    challenge = make_challenge(visibility="public")
    now = timezone.now()
    with pytest.raises(ChallengeError) as error:
        services.challenge_open_for_input(
            actor=challenge.owner,
            challenge=challenge,
            opens_at=now + timedelta(days=opens),
            closes_at=now + timedelta(days=closes),
            question="Hva tenker du?",
            audience="everyone",
        )
    assert error.value.code == code


def test_citizens_post_only_while_open_for_everyone():
    citizen = user_with_role(Role.CITIZEN)
    employees_only = make_challenge(visibility="public", open_for="employees")
    with pytest.raises(NotAllowed):
        make_idea(employees_only, citizen)
    open_challenge = make_challenge(visibility="public", open_for="everyone")
    idea = make_idea(open_challenge, citizen, is_anonymous=True)
    open_challenge.refresh_from_db()
    assert open_challenge.idea_count == 1
    assert idea.is_anonymous


def test_outside_the_window_the_message_says_when_it_opens_or_that_it_closed():
    challenge = make_challenge(visibility="public")
    now = timezone.now()
    services.challenge_open_for_input(
        actor=challenge.owner,
        challenge=challenge,
        opens_at=now + timedelta(days=2),
        closes_at=now + timedelta(days=9),
        question="Hva tenker du?",
        audience="everyone",
    )
    challenge.refresh_from_db()
    with pytest.raises(ChallengeError) as error:
        make_idea(challenge, user_with_role(Role.CITIZEN))
    assert error.value.code == "not_open_yet"
    services.challenge_close_input(actor=challenge.owner, challenge=challenge, outcome="Vi testet to ideer.")
    challenge.refresh_from_db()
    assert challenge.input_state() == "closed"
    with pytest.raises(ChallengeError) as error:
        make_idea(challenge, user_with_role(Role.CITIZEN))
    assert error.value.code == "closed"


def test_the_team_may_post_ideas_any_time():
    challenge = make_challenge()
    assert make_idea(challenge).pk


def test_cheering_twice_counts_once_and_can_be_taken_back():
    challenge = make_challenge(visibility="public", open_for="everyone")
    idea = make_idea(challenge)
    fan = user_with_role(Role.CITIZEN)
    first = services.cheer_add(user=fan, idea=idea)
    second = services.cheer_add(user=fan, idea=idea)
    assert (first.changed, second.changed) == (True, False)
    assert second.idea.cheer_count == 1 == Cheer.objects.filter(idea=idea).count()
    removed = services.cheer_remove(user=fan, idea=idea)
    assert removed.idea.cheer_count == 0 and removed.changed


def test_comments_have_one_level_of_replies_and_keep_counters():
    challenge = make_challenge(visibility="public", open_for="everyone")
    idea = make_idea(challenge)
    citizen = user_with_role(Role.CITIZEN)
    top = services.comment_create(author=citizen, challenge=challenge, idea=idea, body="Godt tenkt!")
    reply = services.comment_create(
        author=challenge.owner, challenge=challenge, idea=idea, parent=top, body="Takk"
    )
    deeper = services.comment_create(
        author=citizen, challenge=challenge, idea=idea, parent=reply, body="Bare hyggelig"
    )
    assert reply.parent == top and deeper.parent == top
    idea.refresh_from_db()
    challenge.refresh_from_db()
    assert idea.comment_count == 3 == challenge.comment_count
    with pytest.raises(ChallengeError):
        services.comment_create(author=citizen, challenge=challenge, body="   ")


def test_status_change_needs_an_explanation_and_tells_followers():
    challenge = make_challenge(visibility="public", open_for="everyone")
    author = user_with_role(Role.CITIZEN)
    idea = make_idea(challenge, author)
    with pytest.raises(ChallengeError):
        services.idea_set_status(actor=challenge.owner, idea=idea, status="testing", note=" ")
    with pytest.raises(NotAllowed):
        services.idea_set_status(actor=author, idea=idea, status="testing", note="Ja!")
    services.idea_set_status(
        actor=challenge.owner, idea=idea, status="testing", note="Vi prøver i to barnehager."
    )
    idea.refresh_from_db()
    assert idea.status == "testing"
    notice = Notification.objects.get(user=author, title__contains="Testes")
    assert "to barnehager" in notice.body
    assert (
        any("to barnehager" in m.body for m in mail.outbox)
        or Notification.objects.filter(user=author).exists()
    )


def test_posting_is_rate_limited_per_person(settings):
    challenge = make_challenge(visibility="public", open_for="everyone")
    citizen = user_with_role(Role.CITIZEN)
    for n in range(services.POSTS_PER_WINDOW):
        services.comment_create(author=citizen, challenge=challenge, body=f"Innspill {n}")
    with pytest.raises(ChallengeError) as error:
        services.comment_create(author=citizen, challenge=challenge, body="En til")
    assert error.value.code == "rate_limited"
    assert Comment.objects.filter(author=citizen).count() == services.POSTS_PER_WINDOW


def test_moderation_hides_with_a_reason_the_author_is_told_and_audits():
    challenge = make_challenge(visibility="public", open_for="everyone")
    author = user_with_role(Role.CITIZEN)
    comment = services.comment_create(author=author, challenge=challenge, body="Noe stygt", is_anonymous=True)
    reporter = user_with_role(Role.CITIZEN)
    services.report_create(reporter=reporter, comment=comment, reason="offensive")
    services.report_create(reporter=reporter, comment=comment, reason="offensive")  # no duplicate
    assert Report.objects.filter(comment=comment).count() == 1
    advisor = user_with_role(Role.ADVISOR)
    with pytest.raises(NotAllowed):
        services.moderate_hide(actor=reporter, post=comment, reason="Nei")
    services.moderate_hide(actor=advisor, post=comment, reason="Hets er ikke lov her.")
    comment.refresh_from_db()
    assert comment.hidden_at and comment.hidden_reason == "Hets er ikke lov her."
    assert Report.objects.get(comment=comment).decision == "hidden"
    notice = Notification.objects.get(user=author, title__contains="skjult")
    assert "Hets er ikke lov her." in notice.body
    assert AuditEntry.objects.filter(action="challenges.post_hidden", reason="Hets er ikke lov her.").exists()
    services.moderate_restore(actor=advisor, post=comment, reason="Feil av oss.")
    comment.refresh_from_db()
    assert comment.hidden_at is None
    assert AuditEntry.objects.filter(action="challenges.post_restored").exists()


def test_a_blocked_account_cannot_post_until_unblocked():
    challenge = make_challenge(visibility="public", open_for="everyone")
    troll = user_with_role(Role.CITIZEN)
    advisor = user_with_role(Role.ADVISOR)
    services.block_user(actor=advisor, user=troll, reason="Gjentatt hets.")
    with pytest.raises(NotAllowed):
        services.comment_create(author=troll, challenge=challenge, body="Hei")
    with pytest.raises(ChallengeError):
        services.block_user(actor=advisor, user=troll, reason="Igjen")
    assert services.unblock_user(actor=advisor, user=troll) == 1
    assert services.comment_create(author=troll, challenge=challenge, body="Unnskyld").pk
    with pytest.raises(ChallengeError):
        services.block_user(actor=advisor, user=user_with_role(Role.ADVISOR), reason="Nei")


def test_team_invitation_request_and_answer():
    challenge = make_challenge()
    colleague = user_with_role(Role.EMPLOYEE)
    services.member_invite(actor=challenge.owner, challenge=challenge, email=colleague.email)
    assert Notification.objects.filter(user=colleague, title__contains="invitert").exists()
    services.member_respond(user=colleague, challenge=challenge, accept=True)
    assert Membership.objects.get(challenge=challenge, user=colleague).status == "active"
    asker = user_with_role(Role.EMPLOYEE)
    membership = services.member_ask(user=asker, challenge=challenge, message="Vi har samme problem i Nord")
    with pytest.raises(ChallengeError):
        services.member_ask(user=asker, challenge=challenge)
    services.member_decide(actor=colleague, membership=membership, accept=True)
    assert Membership.objects.filter(challenge=challenge, status="active").count() == 3
    citizen = user_with_role(Role.CITIZEN)
    services.member_invite(actor=challenge.owner, challenge=challenge, email=citizen.email)  # goes nowhere
    assert not Notification.objects.filter(user=citizen).exists()
    with pytest.raises(ChallengeError):
        services.member_respond(user=citizen, challenge=challenge, accept=True)
    with pytest.raises(NotAllowed):
        services.member_ask(user=citizen, challenge=challenge)


def test_delete_account_keeps_posts_without_the_name():
    from ideverkstedet.accounts.services import user_delete_account

    challenge = make_challenge(visibility="public", open_for="everyone")
    citizen = user_with_role(Role.CITIZEN)
    idea = make_idea(challenge, citizen)
    services.cheer_add(user=citizen, idea=idea)
    user_delete_account(user=citizen)
    idea.refresh_from_db()
    assert idea.is_anonymous and idea.cheer_count == 0
    assert not Cheer.objects.filter(user=citizen).exists()


def test_counters_match_rows():
    challenge = make_challenge(visibility="public", open_for="everyone")
    for n in range(3):
        idea = make_idea(challenge, title=f"Idé {n}")
        services.comment_create(author=challenge.owner, challenge=challenge, idea=idea, body="Ja")
    challenge.refresh_from_db()
    assert challenge.idea_count == Idea.objects.filter(challenge=challenge).count() == 3
    assert challenge.comment_count == Comment.objects.filter(challenge=challenge).count() == 3
    assert Challenge.objects.count() == 1


def test_making_a_challenge_internal_removes_people_outside_the_municipality_and_their_notices():
    challenge = make_challenge(visibility="public")
    volunteer = user_with_role(Role.VOLUNTEER)
    asker = user_with_role(Role.EXTERNAL)
    citizen = user_with_role(Role.CITIZEN)
    services.member_invite(actor=challenge.owner, challenge=challenge, email=volunteer.email)
    services.member_respond(user=volunteer, challenge=challenge, accept=True)
    services.member_ask(user=asker, challenge=challenge)
    services.follow(user=citizen, challenge=challenge)
    data = services.ChallengeData(title=challenge.title, description="x", visibility="internal")
    services.challenge_update(actor=challenge.owner, challenge=challenge, data=data)
    challenge.refresh_from_db()
    assert not Membership.objects.filter(challenge=challenge, user__in=[volunteer, asker]).exists()
    assert not volunteer.has_perm("challenges.view_challenge", challenge)
    assert AuditEntry.objects.filter(action="challenges.outside_members_removed").exists()
    services.challenge_change_phase(
        actor=challenge.owner, challenge=challenge, phase=Phase.objects.get(slug="tenke"), note="intern plan"
    )
    assert not Notification.objects.filter(user=citizen, body__contains="intern plan").exists()


def test_a_pending_invitation_is_not_sent_twice():
    challenge = make_challenge()
    colleague = user_with_role(Role.EMPLOYEE, email="kollega@example.no")
    first = services.member_invite(actor=challenge.owner, challenge=challenge, email="kollega@example.no")
    again = services.member_invite(actor=challenge.owner, challenge=challenge, email=" Kollega@Example.NO ")
    assert first.pk == again.pk and again.email == "kollega@example.no"
    assert Notification.objects.filter(user=colleague).count() == 1


def test_no_reply_into_a_hidden_thread_and_blocked_people_cannot_create_challenges():
    challenge = make_challenge(visibility="public", open_for="everyone")
    citizen = user_with_role(Role.CITIZEN)
    top = services.comment_create(author=citizen, challenge=challenge, body="Topp")
    reply = services.comment_create(author=challenge.owner, challenge=challenge, parent=top, body="Svar")
    services.moderate_hide(actor=user_with_role(Role.ADVISOR), post=top, reason="Nei")
    with pytest.raises(ChallengeError):
        services.comment_create(author=citizen, challenge=challenge, parent=reply, body="Igjen")
    employee = user_with_role(Role.EMPLOYEE)
    services.block_user(actor=user_with_role(Role.ADVISOR), user=employee, reason="Hets")
    with pytest.raises(NotAllowed):
        make_challenge(owner=employee)
