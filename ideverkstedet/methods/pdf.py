"""PDF versions of the printable pages, made with WeasyPrint from the same templates.

WeasyPrint is imported when a PDF is asked for, so the rest of the app works where it is not installed
(`pdf_available()` tells the templates whether to offer the PDF links). Nothing is fetched while rendering:
the stylesheet is read from the app's static folder and every URL in the document is refused, so text people
typed can never make the server fetch anything.
"""

from __future__ import annotations

import importlib.util
from typing import Any

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

STYLESHEET = "methods/print.css"


def pdf_available() -> bool:
    return importlib.util.find_spec("weasyprint") is not None


def render_pdf(request: HttpRequest, template: str, context: dict[str, Any]) -> bytes:
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    html = render_to_string(template, {**context, "pdf": True}, request=request)
    stylesheet = finders.find(STYLESHEET)
    no_fetching = URLFetcher(allowed_protocols=())
    return HTML(string=html, url_fetcher=no_fetching).write_pdf(
        stylesheets=[CSS(filename=str(stylesheet), url_fetcher=no_fetching)] if stylesheet else None
    )


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
