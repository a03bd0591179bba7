import logging
from typing import Any

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ideverkstedet.core import sections
from ideverkstedet.core.permissions import authorize


@authorize("core.view_public_pages", public=True)
def home(request: HttpRequest) -> HttpResponse:
    """The front page. Someone logged in sees what is next for them (core.mypage), not the brochure again;
    others get the brochure with what the apps put on it through core.sections."""
    if request.user.is_authenticated:
        from ideverkstedet.core.mypage import render_sections
        from ideverkstedet.events.selectors import upcoming_events

        return render(
            request,
            "core/home_person.html",
            {"sections": render_sections(request), "upcoming": upcoming_events(request.user, limit=3)},
        )
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


# The four verbs of the motto, each with a landing that shows what exists under it. -------------------------


def _ideas_with_status(user: Any, status: str, limit: int) -> list[Any]:
    from ideverkstedet.challenges.models import Idea
    from ideverkstedet.challenges.selectors import visible_challenges

    return list(
        Idea.objects.filter(
            challenge__in=visible_challenges(user).values("pk"), status=status, hidden_at__isnull=True
        )
        .select_related("challenge")
        .order_by("-created_at", "-id")[:limit]
    )


@authorize("core.view_public_pages", public=True)
def verb_meet(request: HttpRequest) -> HttpResponse:
    from ideverkstedet.events.selectors import upcoming_events
    from ideverkstedet.rooms.selectors import active_rooms

    return render(
        request,
        "core/verb_meet.html",
        {"rooms": list(active_rooms()[:6]), "upcoming": upcoming_events(request.user, limit=6)},  # type: ignore[arg-type]
    )


@authorize("core.view_public_pages", public=True)
def verb_think(request: HttpRequest) -> HttpResponse:
    from ideverkstedet.challenges.selectors import ListFilters, challenge_cards, challenge_list

    newest = challenge_list(request.user, ListFilters()).prefetch_related(None)
    open_now = challenge_list(request.user, ListFilters(open_for_input=True)).prefetch_related(None)
    return render(
        request,
        "core/verb_think.html",
        {
            "open_challenges": challenge_cards(list(open_now[:3])),
            "challenges": challenge_cards(list(newest[:6])),
        },
    )


@authorize("core.view_public_pages", public=True)
def verb_create(request: HttpRequest) -> HttpResponse:
    from ideverkstedet.challenges.models import IdeaStatus
    from ideverkstedet.methods.selectors import MethodFilter, filter_methods

    return render(
        request,
        "core/verb_create.html",
        {
            "testing": _ideas_with_status(request.user, IdeaStatus.TESTING, 6),
            "methods": list(filter_methods(MethodFilter(phase="skape"))[:6]),
        },
    )


@authorize("core.view_public_pages", public=True)
def verb_share(request: HttpRequest) -> HttpResponse:
    """What was learned: challenges in the last phase and ideas put to use (stories will join them)."""
    from ideverkstedet.challenges.models import IdeaStatus, Phase
    from ideverkstedet.challenges.selectors import ListFilters, challenge_cards, challenge_list

    last_phase = Phase.objects.order_by("-order", "-id").first()
    finished: list[Any] = []
    if last_phase is not None:
        done = challenge_list(request.user, ListFilters(phase=last_phase.slug)).prefetch_related(None)
        finished = challenge_cards(list(done[:6]))
    return render(
        request,
        "core/verb_share.html",
        {
            "finished": finished,
            "last_phase": last_phase,
            "implemented": _ideas_with_status(request.user, IdeaStatus.IMPLEMENTED, 6),
        },
    )
