"""Who may see and do what with challenges, ideas and comments. Object rules take the challenge (or post)."""

from typing import Any

import rules

from ideverkstedet.accounts.rules import (
    is_advisor,
    is_citizen,
    is_in_organisation,
    is_leader,
    is_municipal,
    is_verified,
)


def is_team_member(user: Any, challenge: Any) -> bool:
    """The owner or an active member. Leaders count for their own unit's challenges."""
    if challenge is None or not user.is_authenticated:
        return False
    if challenge.owner_id == user.pk:
        return True
    if challenge.visibility != "public" and not is_municipal(user):
        return False  # an internal challenge is for the municipality's people, whatever memberships remain
    if is_leader(user) and challenge.unit_id and challenge.unit_id == user.unit_id:
        return True
    cache = getattr(challenge, "_team_ids", None)
    if cache is None:
        cache = set(challenge.memberships.filter(status="active").values_list("user_id", flat=True))
        challenge._team_ids = cache
    return user.pk in cache


def can_see(user: Any, challenge: Any) -> bool:
    if challenge is None:
        return True
    if challenge.visibility == "public":
        return True
    return is_municipal(user) or is_team_member(user, challenge)


@rules.predicate
def can_view_challenge(user: Any, challenge: Any) -> bool:
    return can_see(user, challenge)


@rules.predicate
def can_create_challenge(user: Any) -> bool:
    """Employees for their service; volunteers and external actors for their organisation."""
    if not is_verified(user):
        return False
    return bool(is_municipal(user) or (is_in_organisation(user) and user.organisation_id is not None))


def is_read_only(challenge: Any) -> bool:
    """A challenge joined into another is kept as a read-only page that links on."""
    return bool(challenge is not None and getattr(challenge, "merged_into_id", None))


@rules.predicate
def can_manage_challenge(user: Any, challenge: Any) -> bool:
    if challenge is None or is_read_only(challenge):
        return False
    return is_advisor(user) or is_team_member(user, challenge)


@rules.predicate
def can_ask_to_join(user: Any, challenge: Any) -> bool:
    if challenge is None or not is_verified(user) or is_citizen(user) or is_read_only(challenge):
        return False
    return can_see(user, challenge) and not is_team_member(user, challenge)


@rules.predicate
def can_give_input(user: Any, challenge: Any) -> bool:
    """While open, the audience may post ideas and comments; the team may always."""
    if challenge is None:
        return is_verified(user)
    if not is_verified(user) or not can_see(user, challenge) or is_read_only(challenge):
        return False
    if is_team_member(user, challenge):
        return True
    if not challenge.is_open_for_input:
        return False
    return challenge.input_audience == "everyone" or is_municipal(user)


@rules.predicate
def can_cheer(user: Any, idea: Any) -> bool:
    if idea is None:
        return is_verified(user)
    return is_verified(user) and can_see(user, idea.challenge) and idea.hidden_at is None


@rules.predicate
def can_follow(user: Any, challenge: Any) -> bool:
    return bool(user.is_authenticated) and (challenge is None or can_see(user, challenge))


@rules.predicate
def can_report(user: Any, challenge: Any) -> bool:
    return bool(user.is_authenticated) and (challenge is None or can_see(user, challenge))


@rules.predicate
def can_set_idea_status(user: Any, idea: Any) -> bool:
    return idea is not None and not idea.merged_into_id and can_manage_challenge(user, idea.challenge)


@rules.predicate
def can_merge_ideas(user: Any, idea: Any) -> bool:
    """The challenge's team or an adviser picks the idea to keep and merges duplicates into it."""
    if idea is None:
        return bool(user.is_authenticated)
    return idea.merged_into_id is None and can_manage_challenge(user, idea.challenge)


@rules.predicate
def can_undo_merge(user: Any, merge: Any) -> bool:
    """Only the innovation unit undoes a merge (within 30 days, checked by the service)."""
    return is_advisor(user) and (merge is None or can_see(user, merge.challenge))


@rules.predicate
def can_propose_join(user: Any, challenge: Any) -> bool:
    """Someone who can run challenges may propose joining one they can see (the service checks their own)."""
    if not can_create_challenge(user) and not is_advisor(user):
        return False
    return challenge is None or (can_see(user, challenge) and not is_read_only(challenge))


@rules.predicate
def can_answer_join(user: Any, proposal: Any) -> bool:
    """The team that was asked answers; the proposing team may withdraw (see the service)."""
    if proposal is None:
        return bool(user.is_authenticated)
    return can_manage_challenge(user, proposal.target)


rules.add_perm("challenges.view_challenge", can_view_challenge)
rules.add_perm("challenges.create_challenge", can_create_challenge)
rules.add_perm("challenges.change_challenge", can_manage_challenge)
rules.add_perm("challenges.view_team_insight", can_manage_challenge)
rules.add_perm("challenges.ask_to_join", can_ask_to_join)
rules.add_perm("challenges.give_input", can_give_input)
rules.add_perm("challenges.cheer", can_cheer)
rules.add_perm("challenges.follow", can_follow)
rules.add_perm("challenges.report", can_report)
rules.add_perm("challenges.set_idea_status", can_set_idea_status)
rules.add_perm("challenges.view_mine", rules.is_authenticated)
rules.add_perm("challenges.view_internal", is_municipal)
# Only the municipality's people may keep a challenge internal; an organisation's is shared openly.
rules.add_perm("challenges.own_internal", is_municipal)
rules.add_perm("challenges.moderate", is_advisor)
rules.add_perm("challenges.merge_ideas", can_merge_ideas)
rules.add_perm("challenges.undo_merge", can_undo_merge)
rules.add_perm("challenges.propose_join", can_propose_join)
rules.add_perm("challenges.answer_join", can_answer_join)
