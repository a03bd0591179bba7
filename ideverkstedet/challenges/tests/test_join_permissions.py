"""Who may merge ideas, undo a merge, propose joining challenges and answer a proposal: every role, on internal and
public challenges, their own team's and others'."""

import pytest
from django.contrib.auth.models import AnonymousUser

from ideverkstedet.accounts.models import Role
from ideverkstedet.accounts.tests.factories import user_with_role
from ideverkstedet.challenges.services import joining, merging
from ideverkstedet.challenges.tests.factories import make_challenge, make_idea

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "citizen", "volunteer", "external", "employee", "leader", "advisor", "administrator"]
ROLE = {
    "citizen": Role.CITIZEN,
    "volunteer": Role.VOLUNTEER,
    "external": Role.EXTERNAL,
    "employee": Role.EMPLOYEE,
    "leader": Role.LEADER,
    "advisor": Role.ADVISOR,
    "administrator": Role.ADMINISTRATOR,
}
STAFF_ONLY = {role: int(role in {"advisor", "administrator"}) for role in ROLES}
# Propose joining someone else's challenge: whoever may run challenges and can see it.
PROPOSE = {
    "internal": {role: int(role in {"employee", "leader", "advisor", "administrator"}) for role in ROLES},
    "public": {role: int(role not in {"anonymous", "citizen"}) for role in ROLES},
}


def _person(role: str):  # type: ignore[no-untyped-def]
    return AnonymousUser() if role == "anonymous" else user_with_role(ROLE[role])


@pytest.mark.parametrize("visibility", ["internal", "public"])
@pytest.mark.parametrize("role", ROLES)
def test_merge_undo_propose_answer_by_role(role: str, visibility: str) -> None:
    challenge = make_challenge(visibility=visibility)
    idea = make_idea(challenge)
    make_idea(challenge, title="Et annet skjema")
    other = make_challenge(visibility=visibility, title="Samme problem et annet sted")
    proposal = joining.join_propose(
        actor=other.owner, source=other, target=challenge, keep="target", message="Samme"
    )
    merge = merging.idea_merge(
        actor=challenge.owner, kept=idea, duplicates=[make_idea(challenge, title="Kopi")], reason="Like"
    )
    person = _person(role)
    assert person.has_perm("challenges.merge_ideas", idea) == bool(STAFF_ONLY[role]), "merge"
    assert person.has_perm("challenges.undo_merge", merge) == bool(STAFF_ONLY[role]), "undo"
    assert person.has_perm("challenges.propose_join", challenge) == bool(PROPOSE[visibility][role]), "propose"
    assert person.has_perm("challenges.answer_join", proposal) == bool(STAFF_ONLY[role]), "answer"


@pytest.mark.parametrize("visibility", ["internal", "public"])
def test_the_team_merges_and_answers_but_does_not_undo(visibility: str) -> None:
    challenge = make_challenge(visibility=visibility)
    member = user_with_role(Role.EMPLOYEE)
    from ideverkstedet.challenges.models import Membership

    Membership.objects.create(challenge=challenge, user=member, status="active")
    idea = make_idea(challenge)
    other = make_challenge(visibility=visibility, title="Samme problem")
    proposal = joining.join_propose(
        actor=other.owner, source=other, target=challenge, keep="target", message="Samme"
    )
    merge = merging.idea_merge(
        actor=member, kept=idea, duplicates=[make_idea(challenge, title="Kopi")], reason="Like"
    )
    for person in (challenge.owner, member):
        assert person.has_perm("challenges.merge_ideas", idea)
        assert person.has_perm("challenges.answer_join", proposal)
        assert not person.has_perm("challenges.undo_merge", merge)
    # The proposing team may not answer its own proposal.
    assert not other.owner.has_perm("challenges.answer_join", proposal)


def test_a_read_only_challenge_takes_no_merges_or_proposals() -> None:
    kept = make_challenge(visibility="public", title="Behold")
    gone = make_challenge(visibility="public", title="Slås sammen")
    idea = make_idea(gone)
    proposal = joining.join_propose(
        actor=gone.owner, source=gone, target=kept, keep="target", message="Samme"
    )
    joining.join_answer(actor=kept.owner, proposal=proposal, accept=True)
    gone.refresh_from_db()
    adviser = user_with_role(Role.ADVISOR)
    assert not adviser.has_perm("challenges.propose_join", gone)
    assert not adviser.has_perm("challenges.change_challenge", gone)
    idea.refresh_from_db()
    assert idea.challenge_id == kept.pk and adviser.has_perm("challenges.merge_ideas", idea)


# The same matrix through the services themselves (what the pages and the API call), with the two roles that
# only exist relative to the challenge: a member of its team, and the owner of the other challenge (the one
# proposing to join). Each action is tried on fresh challenges; "yes" means it went through, "no" NotAllowed.
ACTORS = [*ROLES, "team member", "other owner"]
MAY = {
    "merge": {"team member", "advisor", "administrator"},
    "undo": {"advisor", "administrator"},
    "propose": {"other owner", "advisor", "administrator"},
    "accept": {"team member", "advisor", "administrator"},
}


@pytest.mark.parametrize("action", list(MAY))
@pytest.mark.parametrize("visibility", ["internal", "public"])
@pytest.mark.parametrize("actor", ACTORS)
def test_merge_undo_propose_accept_through_the_services(actor: str, visibility: str, action: str) -> None:
    from ideverkstedet.challenges.models import IdeaMerge, JoinProposal, Membership
    from ideverkstedet.challenges.services import NotAllowed

    challenge = make_challenge(visibility=visibility)
    member = user_with_role(Role.EMPLOYEE)
    Membership.objects.create(challenge=challenge, user=member, status="active")
    other = make_challenge(visibility=visibility, title="Samme problem i et annet tjenesteområde")
    kept, duplicate = make_idea(challenge), make_idea(challenge, title="Ett skjema for alle")
    person = {"team member": member, "other owner": other.owner}.get(actor) or _person(actor)

    def attempt() -> object:
        if action == "merge":
            return merging.idea_merge(actor=person, kept=kept, duplicates=[duplicate], reason="Like")
        if action == "undo":
            merge = merging.idea_merge(
                actor=challenge.owner, kept=kept, duplicates=[duplicate], reason="Like"
            )
            return merging.idea_merge_undo(actor=person, merge=merge, reason="Feil")
        if action == "propose":
            return joining.join_propose(
                actor=person, source=other, target=challenge, keep="target", message="Samme"
            )
        proposal = joining.join_propose(
            actor=other.owner, source=other, target=challenge, keep="target", message="Samme"
        )
        return joining.join_answer(actor=person, proposal=proposal, accept=True)

    if actor in MAY[action]:
        attempt()
        done = {
            "merge": IdeaMerge.objects.filter(kept=kept, undone_at__isnull=True).exists(),
            "undo": IdeaMerge.objects.filter(kept=kept, undone_at__isnull=False).exists(),
            "propose": JoinProposal.objects.filter(source=other, target=challenge, status="pending").exists(),
            "accept": JoinProposal.objects.filter(source=other, target=challenge, status="accepted").exists(),
        }[action]
        assert done
    else:
        with pytest.raises(NotAllowed):
            attempt()
