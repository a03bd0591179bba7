"""API authentication: the browser session (with CSRF) or a personal token in `Authorization: Bearer …`."""

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from ideverkstedet.accounts.services import api_token_authenticate


class TokenAuth(HttpBearer):
    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(token)
        if user is None:
            return None
        request.user = user
        return user


class CookieSession(SessionAuth):
    """The browser's session cookie; unsafe methods need the CSRF token as with any form."""


token_or_session = [TokenAuth(), CookieSession()]


def _anyone(request: HttpRequest) -> bool:
    """The last resort for public reads: no credentials. A token that was sent but is wrong stays a 401."""
    return "authorization" not in request.headers


# Public reads: a token or the session when there is one (so internal events and the like show), else anonymous.
# Every endpoint accepts the same credentials; none is `auth=None`.
token_session_or_anyone = [*token_or_session, _anyone]
