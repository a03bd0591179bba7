from typing import Any

from django.http import HttpRequest
from ninja.errors import HttpError


def require(request: HttpRequest, permission: str, obj: Any = None) -> None:
    """The API's twin of core.permissions.authorize: 403 with a machine-readable code if the rule says no."""
    if not request.user.has_perm(permission, obj):
        error = HttpError(403, f"Not allowed: {permission}")
        error.code = "forbidden"  # type: ignore[attr-defined]
        raise error
