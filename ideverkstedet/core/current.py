"""The person behind a request, typed: the one helper pages and API endpoints use instead of `request.user`."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.http import HttpRequest

if TYPE_CHECKING:  # core imports no app at run time; the type is for mypy only
    from ideverkstedet.accounts.models import User


def current_user(request: HttpRequest) -> User:
    """`request.user` as the project's User (an anonymous visitor is Django's AnonymousUser at run time).

    Views decorated with `core.permissions.authorize` (and API endpoints behind `require`) have already let
    the rules decide whether an anonymous visitor may be here; rules and selectors accept either.
    """
    return cast("User", request.user)
