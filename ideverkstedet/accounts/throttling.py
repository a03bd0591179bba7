from typing import Any

from django.http import HttpRequest


def username_from_request(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The address a login attempt was for, lower-cased, so "Ola@X.no" and "ola@x.no" share one counter."""
    value = (credentials or {}).get("username") or request.POST.get("username", "")
    return str(value).strip().lower()
