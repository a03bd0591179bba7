"""Every write to challenges, ideas, comments, cheers, follows and moderation. Pages, API and admin call these.

One module per concept: `challenges` (the challenge itself and its input window), `team` (members and insight),
`invitations` (to the team, by address), `posts` (ideas, comments, cheers, follows), `moderation` (reports,
hiding, blocking), `merging` (duplicate ideas into one, and undo) and `joining` (two teams' challenges into one);
`base` holds what they share. Callers import this package (`from ideverkstedet.challenges import services`) and call
`services.idea_create(...)`; the names below are the public surface.

Counters (ideas and comments on a challenge, cheers and comments on an idea) are kept in step inside the same
transaction as the write, so list pages never count. A cheer is one row per person and idea under a unique
constraint: two fast clicks or two concurrent requests give one cheer, the loser sees "already cheered", never an
error. Writers to one challenge queue on its row lock (`base.locked`), which each function's docstring names.
"""

from ideverkstedet.challenges.services.base import (
    POST_WINDOW,
    POSTS_PER_WINDOW,
    ChallengeError,
    NotAllowed,
    check_may_post,
    is_blocked,
    norwegian_slug,
    reindex_challenge,
)
from ideverkstedet.challenges.services.challenges import (
    ChallengeData,
    challenge_change_phase,
    challenge_close_input,
    challenge_create,
    challenge_open_for_input,
    challenge_update,
)
from ideverkstedet.challenges.services.invitations import (
    member_invite,
    member_invite_withdraw,
    member_respond,
    normalise_address,
)
from ideverkstedet.challenges.services.joining import join_answer, join_propose, join_withdraw
from ideverkstedet.challenges.services.merging import idea_merge, idea_merge_undo
from ideverkstedet.challenges.services.moderation import (
    block_author,
    block_user,
    moderate_hide,
    moderate_restore,
    report_create,
    report_dismiss,
    unblock,
    unblock_user,
)
from ideverkstedet.challenges.services.posts import (
    CheerResult,
    cheer_add,
    cheer_remove,
    comment_create,
    follow,
    idea_create,
    idea_set_status,
    idea_update,
    unfollow,
)
from ideverkstedet.challenges.services.team import (
    insight_add,
    member_ask,
    member_decide,
    member_remove,
)

__all__ = [
    "POSTS_PER_WINDOW",
    "POST_WINDOW",
    "ChallengeData",
    "ChallengeError",
    "CheerResult",
    "NotAllowed",
    "block_author",
    "block_user",
    "challenge_change_phase",
    "challenge_close_input",
    "challenge_create",
    "challenge_open_for_input",
    "challenge_update",
    "check_may_post",
    "cheer_add",
    "cheer_remove",
    "comment_create",
    "follow",
    "idea_create",
    "idea_merge",
    "idea_merge_undo",
    "idea_set_status",
    "idea_update",
    "insight_add",
    "is_blocked",
    "join_answer",
    "join_propose",
    "join_withdraw",
    "member_ask",
    "member_decide",
    "member_invite",
    "member_invite_withdraw",
    "member_remove",
    "member_respond",
    "moderate_hide",
    "moderate_restore",
    "normalise_address",
    "norwegian_slug",
    "reindex_challenge",
    "report_create",
    "report_dismiss",
    "unblock",
    "unblock_user",
    "unfollow",
]
