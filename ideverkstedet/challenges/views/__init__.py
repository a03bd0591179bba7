"""Pages for challenges, ideas, comments and moderation, one module per concept. Every write goes through services.

`urls.py` names the views through this package; the modules are `challenges`, `team`, `posts` and `moderation`.
"""

from ideverkstedet.challenges.views.challenges import (
    challenge_close,
    challenge_detail,
    challenge_edit,
    challenge_list,
    challenge_new,
    challenge_open,
    challenge_phase,
)
from ideverkstedet.challenges.views.moderation import block, moderate, moderation, unblock
from ideverkstedet.challenges.views.posts import (
    comment_new,
    follow_toggle,
    idea_cheer,
    idea_detail,
    idea_new,
    idea_status,
    my_posts,
    report,
)
from ideverkstedet.challenges.views.team import (
    insight,
    team,
    team_decide,
    team_join,
    team_respond,
    team_withdraw,
)

__all__ = [
    "block",
    "challenge_close",
    "challenge_detail",
    "challenge_edit",
    "challenge_list",
    "challenge_new",
    "challenge_open",
    "challenge_phase",
    "comment_new",
    "follow_toggle",
    "idea_cheer",
    "idea_detail",
    "idea_new",
    "idea_status",
    "insight",
    "moderate",
    "moderation",
    "my_posts",
    "report",
    "team",
    "team_decide",
    "team_join",
    "team_respond",
    "team_withdraw",
    "unblock",
]
