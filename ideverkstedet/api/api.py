"""The JSON API at /api/v1/. Endpoints call the same services and rules as the pages."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.operation import Operation

from ideverkstedet.api.auth import token_or_session

ROUTERS = "ideverkstedet.api.routers"


class Api(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        """`<router module>_<function>`: a router split into a package keeps its operation ids."""
        module = operation.view_func.__module__
        if module.startswith(ROUTERS + "."):
            module = ".".join(module.split(".")[:4])
        return f"{module}_{operation.view_func.__name__}".replace(".", "_")


api = Api(
    title="Ideverkstedet API",
    version="1",
    description=(
        "Ideverkstedet's open interface. Authenticate with the browser session or a personal token "
        "(`Authorization: Bearer idv_…`, made on your profile page). Errors answer with "
        '`{"error": code, "detail": text}`.'
    ),
    auth=token_or_session,
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
)


def _error(request: HttpRequest, status: int, code: str, detail: Any) -> HttpResponse:
    return api.create_response(request, {"error": code, "detail": detail}, status=status)


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return _error(request, 422, "invalid", exc.errors)


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "unauthenticated", "Log in or send a valid API token.")


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, getattr(exc, "code", None) or "error", str(exc))


api.add_router("/", "ideverkstedet.api.routers.me.router")
api.add_router("/", "ideverkstedet.api.routers.rooms.router")
api.add_router("/", "ideverkstedet.api.routers.methods.router")
api.add_router("/", "ideverkstedet.api.routers.events.router")
api.add_router("/", "ideverkstedet.api.routers.challenges.router")
api.add_router("/", "ideverkstedet.api.routers.stories.router")
