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
