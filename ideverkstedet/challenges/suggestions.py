"""'Ligner din idé på en av disse?': ideas in the same challenge that share words with what someone is typing."""

from typing import Any

from ideverkstedet.challenges.models import Challenge, Idea
from ideverkstedet.search.selectors import SearchHit, search_among

MAX_SUGGESTIONS = 5


def similar_ideas(
    user: Any, challenge: Challenge, text: str, *, limit: int = MAX_SUGGESTIONS
) -> list[SearchHit]:
    """Up to five ideas of `challenge` most like `text` (hidden and merged ones are not in the index). One query;
    the caller has checked that the person may see the challenge."""
    ids = Idea.objects.filter(challenge=challenge, hidden_at__isnull=True, merged_into__isnull=True).values(
        "pk"
    )
    return search_among(user, text, kind="idea", object_ids=ids, limit=min(limit, MAX_SUGGESTIONS))
