"""Large API lists answered as plain data, without pydantic validating each object (bench/README.md, "API: what
was done").

The operation still declares its response schema, so /api/v1/openapi.json documents exactly what it did before
and schemathesis checks every answer against it. The view builds the answer as dicts and lists from a few
queries (`.values()`) and hands it to ninja's own renderer, the step ninja runs after validating: datetimes
become the same ISO 8601 text with their offset, and the bytes are those the validated path gives
(`api/tests/test_plain_lists.py` compares the two for every such list).
"""

from typing import Any

from django.http import HttpRequest, HttpResponse


def plain_response(request: HttpRequest, data: Any, status: int = 200) -> HttpResponse:
    """`data` (already shaped like the operation's response schema) rendered as ninja renders a validated
    answer: the API's own renderer and content type."""
    from ideverkstedet.api.api import api  # the API imports the routers that call this

    return api.create_response(request, data, status=status)
