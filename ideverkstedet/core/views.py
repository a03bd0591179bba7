import logging

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ideverkstedet.core import sections
from ideverkstedet.core.permissions import authorize


@authorize("core.view_public_pages", public=True)
def home(request: HttpRequest) -> HttpResponse:
    """The front page: what other apps put on it (open challenges, upcoming events) comes via core.sections."""
    return render(request, "core/home.html", sections.context("home", request.user))


@authorize("core.view_public_pages", public=True)
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "core/about.html")


@authorize("core.view_public_pages", public=True)
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")


@authorize("core.view_public_pages", public=True)
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


@require_GET
@never_cache
@authorize("core.view_health", public=True)
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitoring: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not healthy"; the detail goes to the log only
        logging.getLogger(__name__).exception("healthz: database check failed")
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
