"""Large API lists answered as plain data, without pydantic validating each object (bench/README.md, "API: what
was done").

The operation still declares its response schema, so /api/v1/openapi.json documents exactly what it did before
and schemathesis checks every answer against it. The view builds the answer as dicts and lists from a few
queries (`.values()`) and hands it to ninja's own renderer, the step ninja runs after validating: datetimes
become the same ISO 8601 text with their offset, and the bytes are those the validated path gives
(`api/tests/test_plain_lists.py` compares the two for every such list).
"""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import get_script_prefix

from ideverkstedet.core import fragments


def plain_response(request: HttpRequest, data: Any, status: int = 200) -> HttpResponse:
    """`data` (already shaped like the operation's response schema) rendered as ninja renders a validated
    answer: the API's own renderer and content type."""
    from ideverkstedet.api.api import api  # the API imports the routers that call this

    return api.create_response(request, data, status=status)


def cached_plain_response(
    request: HttpRequest,
    groups: str | list[str],
    build: Callable[[], Any],
    *,
    part: str = "",
    lifetime: Callable[[], float | None] | None = None,
) -> HttpResponse:
    """`plain_response` of what `build()` gives, for anonymous callers kept in the visitors' cache
    (`core.fragments.cached`: keyed on the groups' versions in the database, the language, the path and the query
    string, the origin (scheme, host and script prefix: some answers hold absolute URLs, which a caller who came
    by another name or scheme must never get) and `part`, anything else the answer depends on; a caller with a
    token or a session is never served from it, nor is their answer stored). Every
    model the answer shows must be watched by one of `groups`, and every way it changes with time alone must be
    covered by `lifetime` or the groups' registered lifetimes."""
    from ideverkstedet.api.api import api

    def render() -> str:
        return str(api.renderer.render(request, build(), response_status=200))

    origin = f"{request.scheme}://{request.get_host()}{get_script_prefix()}"
    body = fragments.cached(request, groups, render, part=f"api:{origin}:{part}", lifetime=lifetime)
    return HttpResponse(body, content_type=api.get_content_type())
