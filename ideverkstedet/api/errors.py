"""The API's one error shape, for every 4xx it answers, and the one place that turns exceptions into it.

    {"error": "slot_taken", "detail": "Tiden er allerede tatt. …",
     "problems": [{"code": "slot_taken", "message": "Tiden er allerede tatt. …", "field": "start"}]}

`error` and `detail` are the first problem's code and message; `problems` lists every broken rule (a booking
can break several at once, a form shows them all). A service's refusal (`core.errors.ServiceError`) answers with
the status its class names (403, 404, 409, 422, 429); django-ninja's own request validation answers 422 with one
problem per invalid value (`field` is the parameter's name, dotted for nested values). The OpenAPI schema
documents this shape for every 4xx of every operation (`document_errors`), so clients and Schemathesis can
rely on it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from ideverkstedet.core.errors import Problem, ServiceError

# The 4xx statuses the API answers with, documented on every operation.
ERROR_STATUSES: dict[int, str] = {
    400: "The request cannot be read (for example malformed JSON).",
    401: "Credentials are missing or wrong.",
    403: "The rules do not allow this person to do this.",
    404: "Nothing here that this person may know about.",
    409: "The current state stands in the way (taken, already done, closed).",
    422: "The request breaks a rule or a value is not valid; `problems` says which.",
    429: "Too many actions in a short time; try again later.",
}


class ProblemOut(Schema):
    code: str
    message: str
    field: str | None = None


class ErrorOut(Schema):
    error: str
    detail: str
    problems: list[ProblemOut]


def error_body(problems: Iterable[Problem]) -> dict[str, Any]:
    listed = list(problems)
    first = listed[0]
    return {
        "error": first.code,
        "detail": first.message,
        "problems": [{"code": p.code, "message": p.message, "field": p.field} for p in listed],
    }


def _answer(api: NinjaAPI, request: HttpRequest, status: int, problems: Iterable[Problem]) -> HttpResponse:
    return api.create_response(request, error_body(problems), status=status)


def _field(location: Any) -> str | None:
    """`["body", "payload", "title"]` gives "title"; `["query", "limit"]` gives "limit"."""
    parts = [str(part) for part in (location or [])]
    if parts and parts[0] in {"body", "query", "path", "header", "cookie", "form", "file"}:
        parts = parts[1:]
    if len(parts) > 1 and parts[0] in {"payload", "filters", "data"}:
        parts = parts[1:]
    return ".".join(parts) or None


def validation_problems(errors: list[dict[str, Any]]) -> list[Problem]:
    problems = [
        Problem(
            str(error.get("type") or "invalid"),
            str(error.get("msg") or "Invalid value"),
            _field(error.get("loc")),
        )
        for error in errors
    ]
    return problems or [Problem("invalid", "The request is not valid.")]


def install(api: NinjaAPI) -> None:
    """Answer every error the API raises in the one shape."""

    @api.exception_handler(ServiceError)
    def on_service_error(request: HttpRequest, exc: ServiceError) -> HttpResponse:
        return _answer(api, request, exc.status, exc.problems)

    @api.exception_handler(ValidationError)
    def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return _answer(api, request, 422, validation_problems(exc.errors))

    @api.exception_handler(AuthenticationError)
    def on_auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return _answer(api, request, 401, [Problem("unauthenticated", "Log in or send a valid API token.")])

    @api.exception_handler(HttpError)
    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        code = getattr(exc, "code", None) or {400: "bad_request", 404: "not_found", 403: "forbidden"}.get(
            exc.status_code, "error"
        )
        return _answer(api, request, exc.status_code, [Problem(code, str(exc))])

    @api.exception_handler(Http404)
    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return _answer(api, request, 404, [Problem("not_found", "Not found.")])

    @api.exception_handler(PermissionDenied)
    def on_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return _answer(api, request, 403, [Problem("forbidden", "Not allowed.")])


def document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the error shape (as `ErrorOut`) to every operation for every status in ERROR_STATUSES."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    generated = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
    for name, definition in generated.pop("$defs", {}).items():
        components.setdefault(name, definition)
    components["ErrorOut"] = generated
    ref = {"$ref": "#/components/schemas/ErrorOut"}
    for path in schema.get("paths", {}).values():
        for method, operation in path.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            for status, description in ERROR_STATUSES.items():
                responses.pop(status, None)  # ninja keys by int: two "403" keys would break YAML readers
                responses[str(status)] = {
                    "description": description,
                    "content": {"application/json": {"schema": ref}},
                }
    return schema
