"""Challenges, ideas, comments, cheers and follows in the API: the same selectors, services and rules as the pages.

A challenge the caller may not see answers 404, never 403, so the API does not confirm that an internal
challenge exists. Anonymous posts show "Anonym" and nothing else about the account behind them.

`schemas` holds the request and answer shapes, `base` the router and shared helpers, `challenges` and `posts`
the endpoints (imported here so that they register on the router).
"""

from ideverkstedet.api.routers.challenges import challenges, joining, posts  # noqa: F401  (register the endpoints)
from ideverkstedet.api.routers.challenges.base import router

__all__ = ["router"]
