"""Joining two teams' challenges across service areas: proposal, answer, what moves, who is told, and that
internal material never reaches people who could not see it."""

import pytest

from ideverkstedet.accounts.models import Role
from ideverkstedet.accounts.tests.factories import ServiceAreaFactory, UnitFactory, user_with_role
from ideverkstedet.challenges import services
from ideverkstedet.challenges.models import Challenge, Follow, Idea, JoinProposal, Membership
from ideverkstedet.challenges.services import ChallengeError, NotAllowed, joining
from ideverkstedet.challenges.tests.factories import make_challenge, make_idea
from ideverkstedet.core.models import AuditEntry
from ideverkstedet.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _owner(area: str) -> object:
    return user_with_role(
        Role.EMPLOYEE, unit=UnitFactory(service_area=ServiceAreaFactory(slug=area, name=area))
    )


def _pair(visibility: str = "public", other: str | None = None) -> tuple[Challenge, Challenge]:
    school = make_challenge(_owner("oppvekst"), title="Skoleskyss som virker", visibility=visibility)
    health = make_challenge(
        _owner("helse"), title="Transport til aktiviteter for barn", visibility=other or visibility
    )
    return school, health


def test_accepted_join_moves_ideas_insight_team_and_followers(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    school, health = _pair("public")
    services.challenge_open_for_input(
        actor=health.owner,
        challenge=health,
        opens_at=health.created_at,
        closes_at=health.created_at + __import__("datetime").timedelta(days=10),
        question="Hva trenger dere?",
        audience="everyone",
    )
    citizen = user_with_role(Role.CITIZEN)
    idea = make_idea(health, citizen, title="Felles buss", is_anonymous=True)
    services.comment_create(author=citizen, challenge=health, idea=idea, body="Bra!")
    services.comment_create(author=citizen, challenge=health, body="Om utfordringen")
    services.insight_add(
        actor=health.owner,
        challenge=health,
        kind="interview",
        title="Foreldre",
        body="De kjører selv",
        source="tre foreldre",
        observed_on=health.created_at.date(),
        is_shareable=False,
    )
    follower = user_with_role(Role.CITIZEN, language="en")
    services.follow(user=follower, challenge=health)
    proposal = joining.join_propose(
        actor=school.owner, source=school, target=health, keep="target", message="Vi har samme utfordring"
    )
    assert Notification.objects.filter(user=health.owner, title__contains="slå sammen").exists()

    joining.join_answer(actor=health.owner, proposal=proposal, accept=True, answer="Gjerne!")

    health.refresh_from_db()
    school.refresh_from_db()
    assert school.merged_into_id == health.pk and school.merged_at is not None
    assert Membership.objects.filter(challenge=health, user=school.owner, status="active").exists()
    assert set(health.service_areas.values_list("slug", flat=True)) == {"oppvekst", "helse"}
    # Here the school challenge had no ideas; the health one kept its own.
    assert Idea.objects.get(pk=idea.pk).challenge_id == health.pk
    assert Follow.objects.filter(user=school.owner, challenge=health).exists()
    assert Notification.objects.filter(user=follower, title__startswith="The challenges").exists()
    assert AuditEntry.objects.filter(action="challenges.joined").exists()
    assert not school.owner.has_perm("challenges.change_challenge", school)  # read-only now
    assert not citizen.has_perm("challenges.give_input", school)


def test_ideas_and_insight_move_with_a_note_of_where_they_came_from():  # type: ignore[no-untyped-def]
    school, health = _pair("internal")
    idea = make_idea(school, title="Samkjøring")
    services.comment_create(author=school.owner, challenge=school, idea=idea, body="Godt forslag")
    services.comment_create(author=school.owner, challenge=school, body="Bli på siden")
    insight = services.insight_add(
        actor=school.owner,
        challenge=school,
        kind="data",
        title="Tall",
        body="40 %",
        source="skyssdata",
        observed_on=school.created_at.date(),
    )
    proposal = joining.join_propose(
        actor=school.owner, source=school, target=health, keep="target", message="Samme problem"
    )
    joining.join_answer(actor=health.owner, proposal=proposal, accept=True)
    idea.refresh_from_db()
    insight.refresh_from_db()
    assert idea.challenge_id == health.pk and idea.moved_from_id == school.pk
    assert insight.challenge_id == health.pk and insight.moved_from_id == school.pk
    health.refresh_from_db()
    school.refresh_from_db()
    assert (health.idea_count, health.comment_count) == (1, 1)
    assert (school.idea_count, school.comment_count) == (0, 1)  # its own comment stays on its page
    assert idea.comments.get().challenge_id == health.pk


def test_people_outside_the_municipality_learn_nothing_about_an_internal_proposal():  # type: ignore[no-untyped-def]
    school, health = _pair("internal")
    volunteer = user_with_role(Role.VOLUNTEER)
    assert not volunteer.has_perm("challenges.propose_join", health)
    assert joining.proposals_for(volunteer, health) == []
    with pytest.raises(NotAllowed):
        joining.join_propose(actor=volunteer, source=school, target=health, keep="target", message="Samme")


def test_decline_needs_a_reason_that_the_proposing_team_is_told():  # type: ignore[no-untyped-def]
    school, health = _pair("public")
    proposal = joining.join_propose(
        actor=school.owner, source=school, target=health, keep="source", message="Samme"
    )
    with pytest.raises(ChallengeError, match="begrunnelse"):
        joining.join_answer(actor=health.owner, proposal=proposal, accept=False, answer="")
    joining.join_answer(actor=health.owner, proposal=proposal, accept=False, answer="Ulike målgrupper")
    assert Notification.objects.filter(user=school.owner, body__contains="Ulike målgrupper").exists()
    with pytest.raises(ChallengeError, match="besvart"):
        joining.join_answer(actor=health.owner, proposal=proposal, accept=True)


def test_the_proposing_team_cannot_answer_its_own_proposal_and_only_one_waits():  # type: ignore[no-untyped-def]
    school, health = _pair("public")
    proposal = joining.join_propose(
        actor=school.owner, source=school, target=health, keep="source", message="Samme"
    )
    with pytest.raises(NotAllowed):
        joining.join_answer(actor=school.owner, proposal=proposal, accept=True)
    with pytest.raises(ChallengeError, match="venter på svar"):
        joining.join_propose(actor=health.owner, source=health, target=school, keep="source", message="Samme")
    joining.join_withdraw(actor=school.owner, proposal=proposal)
    assert JoinProposal.objects.get(pk=proposal.pk).status == "withdrawn"


def test_keeping_the_proposers_challenge_moves_the_other_into_it():  # type: ignore[no-untyped-def]
    school, health = _pair("public")
    idea = make_idea(health, title="Samkjøring")
    proposal = joining.join_propose(
        actor=school.owner, source=school, target=health, keep="source", message="Samme"
    )
    joining.join_answer(actor=health.owner, proposal=proposal, accept=True)
    assert Challenge.objects.get(pk=health.pk).merged_into_id == school.pk
    assert Idea.objects.get(pk=idea.pk).challenge_id == school.pk
    assert Membership.objects.filter(challenge=school, user=health.owner, status="active").exists()
