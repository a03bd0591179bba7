from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from ideverkstedet.core.permissions import authorize
from ideverkstedet.statistics import cache, charts, export
from ideverkstedet.statistics.figures import Barometer, Figure
from ideverkstedet.statistics.forms import PeriodForm
from ideverkstedet.statistics.period import Period


def _barometer(request: HttpRequest) -> Barometer:
    period = Period.from_query(request.GET)
    return cache.barometer(period, cache.audience(request.user))


def _section_html(period: Period) -> Callable[[str, str, list[Figure]], str]:
    query = period.query()

    def render(key: str, label: str, figures: list[Figure]) -> str:
        items = [
            {
                "figure": figure,
                "bar": charts.bar_chart(figure) if figure.chart == "bar" else None,
                "line": charts.line_chart(figure) if figure.chart == "line" else None,
            }
            for figure in figures
        ]
        section = {"key": key, "label": label, "items": items}
        return render_to_string("statistics/_section.html", {"section": section, "query": query})

    return render


def _form_html(period: Period) -> Callable[[], str]:
    def render() -> str:
        initial: dict[str, object] = {"omrade": period.service_area}
        if period.is_whole_year:
            initial["ar"] = str(period.first.year)
        else:
            initial.update({"ar": str(period.first.year), "fra": period.first, "til": period.last})
        return render_to_string("statistics/_period_form.html", {"form": PeriodForm(initial=initial)})

    return render


@authorize("statistics.view_statistics", public=True)
def barometer(request: HttpRequest) -> HttpResponse:
    """The page: the chrome made per request, the filter form and the sections from the cache (cache.py)."""
    period = Period.from_query(request.GET)
    audience = cache.audience(request.user)
    form, sections = cache.page_html(period, audience, _section_html(period), _form_html(period))
    return render(
        request,
        "statistics/barometer.html",
        {
            "internal": cache.is_internal(audience),
            "period": period,
            "form_html": mark_safe(form),  # noqa: S308  (rendered by our template)
            "sections": [mark_safe(html) for html in sections],  # noqa: S308  (rendered by our template)
            "query": period.query(),
        },
    )


def _figure(request: HttpRequest, key: str) -> tuple[Barometer, Figure]:
    result = _barometer(request)
    figure = result.figure(key)
    if figure is None:
        raise Http404
    return result, figure


def _filename(result: Barometer, key: str, extension: str) -> str:
    period = result.period
    span = str(period.first.year) if period.is_whole_year else f"{period.first}_{period.last}"
    area = f"-{slugify(period.service_area)}" if period.service_area else ""
    return f"barometer-{key}-{span}{area}.{extension}"


@authorize("statistics.view_statistics", public=True)
def figure_csv(request: HttpRequest, key: str) -> HttpResponse:
    result, figure = _figure(request, key)
    response = HttpResponse(export.figure_csv(figure), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(result, key, "csv")}"'
    return response


@authorize("statistics.view_statistics", public=True)
def figure_json(request: HttpRequest, key: str) -> HttpResponse:
    result, figure = _figure(request, key)
    response = JsonResponse(export.figure_json(figure), json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="{_filename(result, key, "json")}"'
    return response


# ---------------------------------------------------------------- open data


@authorize("statistics.view_open_data", public=True)
def open_data(request: HttpRequest) -> HttpResponse:
    from ideverkstedet.statistics.opendata import DATASETS, LICENCE_PAGE

    return render(request, "statistics/open_data.html", {"datasets": DATASETS, "licence_page": LICENCE_PAGE})


@authorize("statistics.view_open_data", public=True)
def dataset_page(request: HttpRequest, slug: str) -> HttpResponse:
    from ideverkstedet.statistics.opendata import LICENCE_PAGE, dataset

    data = dataset(slug)
    if data is None:
        raise Http404
    return render(
        request,
        "statistics/open_data.html",
        {"datasets": [data], "licence_page": LICENCE_PAGE, "single": True},
    )


@authorize("statistics.view_open_data", public=True)
def dataset_file(request: HttpRequest, slug: str, extension: str) -> StreamingHttpResponse:
    from ideverkstedet.statistics.opendata import csv_lines, dataset, json_chunks

    data = dataset(slug)
    if data is None or extension not in {"csv", "json"}:
        raise Http404
    if extension == "csv":
        response = StreamingHttpResponse(
            csv_lines(data), content_type="text/csv; charset=utf-8; header=present"
        )
    else:
        response = StreamingHttpResponse(json_chunks(data), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slug}.{extension}"'
    return response


@authorize("statistics.view_open_data", public=True)
def catalogue(request: HttpRequest, extension: str) -> HttpResponse:
    from ideverkstedet.statistics.dcat import catalogue as make_catalogue

    graph = make_catalogue()
    if extension == "ttl":
        return HttpResponse(graph.serialize(format="turtle"), content_type="text/turtle; charset=utf-8")
    return HttpResponse(graph.serialize(format="json-ld"), content_type="application/ld+json; charset=utf-8")
