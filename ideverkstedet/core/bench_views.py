"""Baselines for `make bench`: a bare HttpResponse and a template listing 50 ORM rows (QUALITY.md).

Mounted only when the environment sets BENCH_BASELINES=1 (bench/run.py does); never in production.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import engines

ROWS_TEMPLATE = engines["django"].from_string(
    "<!DOCTYPE html><html lang='nb'><head><title>50</title></head><body><ul>"
    "{% for row in rows %}<li>{{ row.full_name }} – {{ row.email }} – {{ row.date_joined|date:'j. F Y' }}</li>"
    "{% endfor %}</ul></body></html>"
)


@login_not_required
def plain(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


@login_not_required
def rows50(request: HttpRequest) -> HttpResponse:
    rows = get_user_model().objects.order_by("pk")[:50]
    return HttpResponse(ROWS_TEMPLATE.render({"rows": rows}, request))


@login_not_required
def json50(request: HttpRequest) -> JsonResponse:
    rows = list(get_user_model().objects.order_by("pk").values("id", "full_name", "email")[:50])
    return JsonResponse(rows, safe=False)
