"""PDF versions of the printable pages, made with WeasyPrint from the same templates.

WeasyPrint is imported when a PDF is asked for, so the rest of the app works where it is not installed
(`pdf_available()` tells the templates whether to offer the PDF links). Nothing is fetched while rendering:
the stylesheet is read from the app's static folder and every URL in the document is refused, so text people
typed can never make the server fetch anything.

A PDF is kept in the `pdfs` cache under a hash of everything WeasyPrint is given (the HTML and the stylesheet):
the same document is laid out once, and any change to what it shows (a method edited, a block moved, another
language) is another document with another key, so a kept PDF is never stale. Only someone who can already see
the HTML can ask for its key. Laying out is also what makes a worker's memory grow (WeasyPrint's caches of
fonts and text: about 35 MB for the first PDF and more after every new one), so fewer layouts keep workers small.
"""

from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

STYLESHEET = "methods/print.css"


def pdf_available() -> bool:
    return importlib.util.find_spec("weasyprint") is not None


def render_pdf(request: HttpRequest, template: str, context: dict[str, Any]) -> bytes:
    html = render_to_string(template, {**context, "pdf": True}, request=request)
    stylesheet = finders.find(STYLESHEET)
    css = Path(stylesheet).read_bytes() if stylesheet else b""
    key = "pdf:" + hashlib.sha256(html.encode() + b"\0" + css).hexdigest()
    kept = caches["pdfs"].get(key)
    if kept is None:
        kept = _lay_out(html, css)
        caches["pdfs"].set(key, kept)
    return bytes(kept)


def _lay_out(html: str, css: bytes) -> bytes:
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    no_fetching = URLFetcher(allowed_protocols=())
    return bytes(
        HTML(string=html, url_fetcher=no_fetching).write_pdf(
            stylesheets=[CSS(string=css.decode(), url_fetcher=no_fetching)] if css else None
        )
    )


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
