"""Parts of a page that another app fills in: the page's app asks this registry instead of importing the other.

The front page shows open challenges and upcoming events, the profile page the courses a person attended, a
challenge's page the workshop plans and method cards for its phase. Importing those apps from core, accounts or
challenges would tie the layers in knots (core imports no app; accounts sits below the apps; methods already
builds on challenges). So each contributing app registers a provider in its `AppConfig.ready`, like
`core.privacy` and `core.housekeeping`, and the page merges what the providers return into its context:

    sections.register("home", "upcoming", lambda user, obj: upcoming_events(user, limit=4))
    context.update(sections.context("home", request.user))
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Provider = Callable[[Any, Any], Any]  # (person, the page's object or None) -> the value for the template

_providers: dict[str, dict[str, Provider]] = {}


def register(page: str, key: str, provider: Provider) -> None:
    """Fill `key` in the context of `page` with `provider(user, obj)`."""
    _providers.setdefault(page, {})[key] = provider


def context(page: str, user: Any, obj: Any = None) -> dict[str, Any]:
    """Every registered part of `page`, for this person (and the page's object, if it has one)."""
    return {key: provider(user, obj) for key, provider in _providers.get(page, {}).items()}
