"""A crawl of the site as a person sees it: from the front page, every link within the site, one page per view.

Used by the HTML check (`test_crawl.py`, Nu Html Checker over every page found) and by the browser crawl
(`tests_browser/test_crawl.py`, axe-core on the same pages). Pages are found with Django's test client, which is
fast; one URL per view (and per set of query parameters) keeps the crawl to what differs in markup: a second
challenge page is the same template with other words.
"""

from __future__ import annotations

import html
import re
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import Resolver404, resolve

from ideverkstedet.accounts.models import Role

# The demo's people (manage.py demo), one per kind of visitor the crawl walks as.
DEMO_PEOPLE = {
    Role.CITIZEN: "innbygger@demo.no",
    Role.EMPLOYEE: "ansatt@demo.kommune.no",
    Role.ADVISOR: "radgiver@demo.kommune.no",
}
LANGUAGES = ("nb", "nn", "en")

# Not pages: the admin (Django's own markup), the API and its docs, files, feeds and downloads.
SKIP_PREFIXES = ("/admin/", "/api/", "/static/", "/media/", "/oidc/", "/accounts/")
SKIP_SUFFIXES = (".pdf", ".ics", ".csv", ".json", ".xml", ".atom", ".ttl", ".jsonld", ".rss", ".txt", ".png")
HREF = re.compile(r'<a\s[^>]*?href="([^"]+)"')


@dataclass
class Crawl:
    """Pages found (path → HTML) in the order found, at most one per view and query-parameter shape."""

    pages: dict[str, bytes] = field(default_factory=dict)
    seen_shapes: set[tuple[str, tuple[str, ...]]] = field(default_factory=set)


def _shape(path: str) -> tuple[str, tuple[str, ...]] | None:
    parts = urlsplit(path)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    if parts.path.startswith(SKIP_PREFIXES) or parts.path.endswith(SKIP_SUFFIXES):
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    keys = tuple(sorted({pair.split("=", 1)[0] for pair in parts.query.split("&") if pair}))
    return (match.view_name, keys)


def links(page: bytes) -> list[str]:
    """The site-internal links of a page, as paths with their query (fragments dropped)."""
    found = []
    for href in HREF.findall(page.decode("utf-8", "replace")):
        path = html.unescape(href).split("#", 1)[0]
        if path:
            found.append(path)
    return found


def crawl(client, starts: list[str] | None = None, limit: int = 150) -> Crawl:
    """Breadth first from `starts` (default: seeds()): GET each new page shape once, keep the HTML answers (200)."""
    result = Crawl()
    queue = deque(starts or seeds())
    while queue and len(result.pages) < limit:
        path = queue.popleft()
        shape = _shape(path)
        if shape is None or shape in result.seen_shapes:
            continue
        result.seen_shapes.add(shape)
        response = client.get(path)
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        result.pages[path] = response.content
        queue.extend(links(response.content))
    return result


def in_language(client, language: str) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language


def seeds() -> list[str]:
    """Where the crawl starts: the front page, and the pages only a form leads to (the search)."""
    from django.urls import reverse

    return ["/", reverse("search:search") + "?q=barnehage"]


def load_demo(settings) -> None:
    """The small demo data set (manage.py demo: every kind of page has something on it), in the test database."""
    from django.core.management import call_command

    settings.DEBUG = True  # demo refuses to run with DEBUG off (well-known passwords)
    call_command("demo", size="small", verbosity=0)
    settings.DEBUG = False
