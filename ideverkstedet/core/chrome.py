"""The page chrome (header and footer), rendered once per kind of page and kept in this process's memory.

Every page carries the same header: the brand, search, the account links, the language switch and the main
menu. Rendered through the template engine it cost about as much as a whole 50-row list page (two copies of
the account links for wide and narrow screens, some twenty URL reversals, thirty translations, four CSRF
fields). It depends only on

- the language,
- who is asking, as far as the header shows it: logged in or not, and whether the person may approve bookings,
  moderate, see the desk's queue or open the administration (the same permissions the pages themselves ask),
- where the page is (the view and its app, for `aria-current` and for hiding search on the search page),
- the number of unread notifications,

so it is rendered once for each combination of these and kept in a small dictionary in this process. Two things
belong to the request and are put into the kept HTML on the way out: the CSRF token of the logout and language
forms (`get_token`, as `{% csrf_token %}` does) and the path the language switch returns to (escaped). Nothing
else personal is in the header: no name, no email, no message. The footer depends on the language only.

Nothing here reads the database, so nothing can go stale when data changes; a new release restarts the
process and empties the dictionary, so a changed template or translation shows at once. The dictionary holds
at most `MAX_ENTRIES` headers (a few kilobytes each); past that it is emptied and fills again.
"""

from __future__ import annotations

import threading
from html import escape
from typing import Any

from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language

MAX_ENTRIES = 2000
# Stand-ins for the per-request parts while a header is rendered for keeping. Letters and underscores only,
# so that escaping leaves them as they are; nothing a person types ever reaches the header.
CSRF_MARK = "__IDV_CSRF_TOKEN__"
NEXT_MARK = "__IDV_NEXT_PATH__"

_kept: dict[tuple[Any, ...], str] = {}
_lock = threading.Lock()


def _keep(key: tuple[Any, ...], render: Any) -> str:
    html = _kept.get(key)
    if html is None:
        html = render()
        with _lock:
            if len(_kept) >= MAX_ENTRIES:
                _kept.clear()
            _kept[key] = html
    return html


def clear() -> None:
    """Forget every kept header and footer (tests that change templates or translations)."""
    with _lock:
        _kept.clear()


def _header_facts(request: Any, unread: int) -> dict[str, Any]:
    user: Any = getattr(request, "user", None)
    match = getattr(request, "resolver_match", None)
    authenticated = bool(user is not None and user.is_authenticated)
    return {
        "LANGUAGE_CODE": get_language(),
        "authenticated": authenticated,
        "can_approve": authenticated and user.has_perm("rooms.manage_bookings"),
        "can_moderate": authenticated and user.has_perm("challenges.moderate"),
        "can_see_queue": authenticated and user.has_perm("desk.view_queue"),
        "is_staff": authenticated and bool(user.is_staff),
        "view_name": match.view_name if match else "",
        "app_name": match.app_name if match else "",
        "unread_notifications": unread if authenticated else 0,
    }


def header(request: Any, unread: int) -> SafeString:
    """The header for this request: kept HTML with this request's CSRF token and return path put in."""
    facts = _header_facts(request, unread)
    key = ("header", *facts.values())

    def render() -> str:
        return render_to_string(
            "core/_site_header.html", {**facts, "csrf_token": CSRF_MARK, "next_path": NEXT_MARK}
        )

    html = _keep(key, render)
    if request is None:  # a page rendered without a request (none does today): no forms that need one
        return SafeString(html.replace(NEXT_MARK, "/").replace(CSRF_MARK, ""))
    html = html.replace(NEXT_MARK, escape(request.get_full_path()))
    if CSRF_MARK in html:
        html = html.replace(CSRF_MARK, get_token(request))
    return SafeString(html)


def footer() -> SafeString:
    """The footer in the active language."""
    from django.conf import settings

    return SafeString(
        _keep(
            ("footer", get_language()),
            lambda: render_to_string("core/_site_footer.html", {"CONTACT_EMAIL": settings.CONTACT_EMAIL}),
        )
    )
