"""One decorator that puts every view behind a named django-rules permission."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase

View = Callable[..., HttpResponseBase]


def authorize(permission: str, *, public: bool = False) -> Callable[[View], View]:
    """Check `permission` (a rule from some app's rules.py) before the view runs.

    public=True lets anonymous visitors reach the view at all (LoginRequiredMiddleware is on for everything
    else); the rule still decides. A visitor who is not logged in is sent to the login page, a logged-in
    person without the permission gets 403.
    """

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.has_perm(permission):
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                raise PermissionDenied(permission)
            return view(request, *args, **kwargs)

        wrapper.required_permission = permission  # type: ignore[attr-defined]
        return login_not_required(wrapper) if public else wrapper

    return decorator
