from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.text import slugify

from ideverkstedet.core.permissions import authorize
from ideverkstedet.statistics import charts, export
from ideverkstedet.statistics.figures import Barometer, build_barometer
from ideverkstedet.statistics.forms import PeriodForm
from ideverkstedet.statistics.period import Period


def _barometer(request: HttpRequest) -> Barometer:
    period = Period.from_query(request.GET)
    return build_barometer(period, internal=request.user.has_perm("statistics.view_internal_statistics"))


@authorize("statistics.view_statistics", public=True)
def barometer(request: HttpRequest) -> HttpResponse:
    result = _barometer(request)
    period = result.period
    initial: dict[str, object] = {"omrade": period.service_area}
    if period.is_whole_year:
        initial["ar"] = str(period.first.year)
    else:
        initial.update({"ar": str(period.first.year), "fra": period.first, "til": period.last})
    sections = []
    for key, label, figures in result.sections():
        items = [
            {
                "figure": figure,
                "bar": charts.bar_chart(figure) if figure.chart == "bar" else None,
                "line": charts.line_chart(figure) if figure.chart == "line" else None,
            }
            for figure in figures
        ]
        sections.append({"key": key, "label": label, "items": items})
    return render(
        request,
        "statistics/barometer.html",
        {
            "result": result,
            "period": period,
            "sections": sections,
            "form": PeriodForm(initial=initial),
            "query": period.query(),
        },
    )


def _figure(request: HttpRequest, key: str) -> tuple[Barometer, object]:
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
    response = HttpResponse(export.figure_csv(figure), content_type="text/csv; charset=utf-8")  # type: ignore[arg-type]
    response["Content-Disposition"] = f'attachment; filename="{_filename(result, key, "csv")}"'
    return response


@authorize("statistics.view_statistics", public=True)
def figure_json(request: HttpRequest, key: str) -> HttpResponse:
    result, figure = _figure(request, key)
    response = JsonResponse(export.figure_json(figure), json_dumps_params={"ensure_ascii": False})  # type: ignore[arg-type]
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
