import logging

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ideverkstedet.core import fragments, sections
from ideverkstedet.core.permissions import authorize


@authorize("core.view_public_pages", public=True)
def home(request: HttpRequest) -> HttpResponse:
    """The front page. Someone logged in sees what is next for them (core.mypage), not the brochure again;
    others get the brochure with what the apps put on it through core.sections."""
    if request.user.is_authenticated:
        from ideverkstedet.core.mypage import render_sections

        return render(
            request,
            "core/home_person.html",
            {"sections": render_sections(request), **sections.context("home_person", request.user)},
        )
    # The same for every visitor in a language: cached under the versions of what the apps put on it (open
    # challenges, upcoming events, stories, names), no longer than the next input window or session end.
    body = fragments.cached(
        request,
        ["challenges", "events", "people", "sections"],
        lambda: render_to_string("core/_home.html", sections.context("home", request.user), request=request),
    )
    return render(request, "core/home.html", {"body": body})


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


# The four verbs of the motto, each with a landing that shows what exists under it. The apps fill them through
# core.sections (core imports no app): rooms and events "meet", challenges "think", challenges and methods
# "create", challenges "share". -----------------------------------------------------------------------------


@authorize("core.view_public_pages", public=True)
def verb_meet(request: HttpRequest) -> HttpResponse:
    return render(request, "core/verb_meet.html", sections.context("meet", request.user))


@authorize("core.view_public_pages", public=True)
def verb_think(request: HttpRequest) -> HttpResponse:
    return render(request, "core/verb_think.html", sections.context("think", request.user))


@authorize("core.view_public_pages", public=True)
def verb_create(request: HttpRequest) -> HttpResponse:
    return render(request, "core/verb_create.html", sections.context("create", request.user))


@authorize("core.view_public_pages", public=True)
def verb_share(request: HttpRequest) -> HttpResponse:
    """What was learned: challenges in the last phase and ideas put to use (stories have their own list)."""
    return render(request, "core/verb_share.html", sections.context("share", request.user))
