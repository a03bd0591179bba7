"""/api/v1/docs: Swagger UI comes from our own static files and runs under the strict CSP."""

import pytest

pytestmark = pytest.mark.browser


def test_api_docs_load_without_csp_violations_and_list_the_endpoints(page, live_server):
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    outside: list[str] = []
    page.on(
        "request",
        lambda request: outside.append(request.url) if not request.url.startswith(live_server.url) else None,
    )
    response = page.goto("/api/v1/docs")
    assert response is not None and response.ok
    assert "'unsafe-inline'" not in (response.headers.get("content-security-policy") or "")
    operations = page.locator(".opblock-summary-path")
    operations.first.wait_for(timeout=60_000)  # a big script and the whole schema: slow on a busy machine
    paths = {text.strip().replace("\u200b", "") for text in operations.all_inner_texts()}
    assert {"/api/v1/rooms", "/api/v1/events", "/api/v1/challenges", "/api/v1/methods"} <= paths
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems
    assert not problems, problems
    assert outside == [], "Swagger UI must not load anything from another site"
