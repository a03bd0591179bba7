"""The barometer in the API: the same figures as /statistikk/ (and the same under-5 rule for the public)."""

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from ideverkstedet.api.routers.challenges.base import token_session_or_anyone
from ideverkstedet.core.permissions_api import require
from ideverkstedet.statistics import cache
from ideverkstedet.statistics.export import barometer_json
from ideverkstedet.statistics.period import Period

router = Router(tags=["statistics"])


class StatisticsFilter(Schema):
    year: int | None = Field(None, ge=2000, le=2100, description="A calendar year (default: this year)")
    start: date | None = Field(None, alias="from", description="Or a period: first day …")
    end: date | None = Field(None, alias="to", description="… and last day (at most five years)")
    area: str = Field("", max_length=80, description="Service area slug")


class RowOut(Schema):
    key: str
    label: str
    value: float | int | str = Field(description='A number, or "<5" where fewer than five people are hidden')


class FigureOut(Schema):
    key: str
    section: str
    title: str
    description: str
    unit: str
    summary: str
    rows: list[RowOut]


class StatisticsOut(Schema):
    period: dict[str, str]
    service_area: str | None
    suppressed_value: str
    figures: list[FigureOut]


@router.get(
    "/statistics",
    response={200: StatisticsOut},
    auth=token_session_or_anyone,
    url_name="statistics",
    summary="The innovation barometer's figures for a year or period (public figures need no credentials)",
)
def statistics(request: HttpRequest, filters: Query[StatisticsFilter]) -> dict[str, Any]:
    require(request, "statistics.view_statistics")
    query: dict[str, Any] = {"omrade": filters.area}
    if filters.start or filters.end:
        query.update(
            {
                "fra": filters.start.isoformat() if filters.start else "",
                "til": filters.end.isoformat() if filters.end else "",
            }
        )
    elif filters.year:
        query["ar"] = filters.year
    period = Period.from_query(query)
    result = cache.barometer(period, cache.audience(request.user))  # the page's cache, the same audiences
    return barometer_json(result)
