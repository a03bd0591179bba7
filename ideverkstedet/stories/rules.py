"""Who may see and do what with stories. Object rules take the story (or the reuse)."""

from typing import Any

import rules

from ideverkstedet.accounts.rules import is_advisor, is_in_organisation, is_municipal, is_verified
from ideverkstedet.challenges.rules import can_manage_challenge, can_see, is_team_member


def is_story_team(user: Any, story: Any) -> bool:
    """The one who wrote it, or the team of its challenge."""
    if story is None or not user.is_authenticated:
        return False
    if story.author_id == user.pk:
        return True
    return story.challenge_id is not None and is_team_member(user, story.challenge)


def can_see_story(user: Any, story: Any) -> bool:
    if story is None:
        return True
    if is_advisor(user) or is_story_team(user, story):
        return True
    if story.published_at is None:
        return False  # a draft is for its team
    if story.visibility == "public":
        return True
    return bool(is_municipal(user))


@rules.predicate
def can_view_story(user: Any, story: Any) -> bool:
    return can_see_story(user, story)


@rules.predicate
def can_write_story(user: Any, challenge: Any) -> bool:
    """A team publishes from its challenge; an adviser may also write about work done elsewhere."""
    if not is_verified(user):
        return False
    if challenge is None:
        return is_advisor(user)
    return bool(can_manage_challenge(user, challenge)) and can_see(user, challenge)


@rules.predicate
def can_change_story(user: Any, story: Any) -> bool:
    if story is None:
        return False
    return is_verified(user) and (is_advisor(user) or is_story_team(user, story))


@rules.predicate
def can_reuse_story(user: Any, story: Any) -> bool:
    """People from the municipality or a partner organisation who are not on the story's team."""
    if not is_verified(user) or not (is_municipal(user) or is_in_organisation(user)):
        return False
    if story is None:
        return True
    return story.published_at is not None and can_see_story(user, story) and not is_story_team(user, story)


@rules.predicate
def can_change_reuse(user: Any, reuse: Any) -> bool:
    if reuse is None:
        return False
    return is_verified(user) and (reuse.user_id == user.pk or is_advisor(user))


rules.add_perm("stories.view_story", can_view_story)
rules.add_perm("stories.add_story", can_write_story)
rules.add_perm("stories.change_story", can_change_story)
rules.add_perm("stories.reuse_story", can_reuse_story)
rules.add_perm("stories.view_internal", is_municipal)
rules.add_perm("stories.change_reuse", can_change_reuse)
