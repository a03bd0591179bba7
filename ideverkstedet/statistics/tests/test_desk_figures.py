"""Requests to the unit (the desk) in the barometer, against requests built by hand."""

from datetime import date, datetime, time

import pytest
from django.urls import reverse
from django.utils import timezone

from ideverkstedet.accounts.models import Role
from ideverkstedet.accounts.tests.factories import ServiceAreaFactory, UnitFactory
from ideverkstedet.desk.models import Request, Status
from ideverkstedet.desk.tests.factories import kind, make_request
from ideverkstedet.statistics.figures import build_barometer
from ideverkstedet.statistics.period import Period

pytestmark = pytest.mark.django_db


def _at(day: str, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime.combine(date.fromisoformat(day), time(hour, 0)))


def _rows(barometer, key):  # type: ignore[no-untyped-def]
    figure = barometer.figure(key)
    assert figure is not None, key
    return {row.key: row.value for row in figure.rows}


@pytest.fixture
def requests(make_user):  # type: ignore[no-untyped-def]
    north = UnitFactory(name="Nord skole", service_area=ServiceAreaFactory(name="Oppvekst", slug="oppvekst"))
    south = UnitFactory(name="Sør legekontor", service_area=ServiceAreaFactory(name="Helse", slug="helse"))
    made = {}

    def request(name, slug, unit, created, due, status, answered=None, closed=None, rating=None):  # type: ignore[no-untyped-def]
        person = make_user(Role.EMPLOYEE, unit=unit)
        item = make_request(person, kind=kind(slug), unit=unit)
        Request.objects.filter(pk=item.pk).update(
            created_at=created,
            answer_due=date.fromisoformat(due),
            status=status,
            first_answer_at=answered,
            closed_at=closed,
            rating=rating,
        )
        made[name] = item

    # Monday 3 March: answered the next day (in time), closed after 7 days, rated 4.
    request(
        "r1",
        "kurs",
        north,
        _at("2025-03-03"),
        "2025-03-05",
        Status.CLOSED,
        _at("2025-03-04"),
        _at("2025-03-10"),
        4,
    )
    # Tuesday 1 April: answered after 6 days, after its deadline; still going.
    request("r2", "kurs", north, _at("2025-04-01"), "2025-04-03", Status.IN_PROGRESS, _at("2025-04-07"))
    request("r3", "fasilitering", south, _at("2025-05-05"), "2025-05-07", Status.NEW)  # not answered
    request("r4", "kurs", south, _at("2026-01-10"), "2026-01-12", Status.NEW)  # another year
    # Monday 2 June: answered six hours later, closed after 2 days, rated 2.
    request(
        "r5",
        "fasilitering",
        north,
        _at("2025-06-02"),
        "2025-06-04",
        Status.CLOSED,
        _at("2025-06-02", 18),
        _at("2025-06-04"),
        2,
    )
    return {"north": north, "south": south, "requests": made}


def test_desk_figures_for_the_municipality(requests):
    barometer = build_barometer(Period.year(2025), internal=True)
    kinds = _rows(barometer, "desk_kinds")
    assert (kinds["kurs"], kinds["fasilitering"], sum(kinds.values())) == (2, 2, 4)
    status = _rows(barometer, "desk_status")
    assert status == {
        "new": 1,
        "reviewing": 0,
        "agreed": 0,
        "in_progress": 1,
        "closed": 2,
        "declined": 0,
        "referred": 0,
    }
    units = {row.label: row.value for row in barometer.figure("desk_units").rows}
    assert units == {"Nord skole": 3, "Sør legekontor": 1}
    # First answers after 1, 6 and 0.25 days (median 1); working days 1, 4 and 0 (median 1); closed after
    # 7 and 2 days (median 4.5); two of three answered by their deadline.
    assert _rows(barometer, "desk_time") == {
        "first_answer": 1.0,
        "first_answer_workdays": 1.0,
        "closing": 4.5,
    }
    assert barometer.figure("desk_time").summary == "66,7 % fikk første svar innen fristen"
    assert _rows(barometer, "desk_rating") == {"1": 0, "2": 1, "3": 0, "4": 1, "5": 0}
    assert barometer.figure("desk_rating").summary == "Snitt 3,0 av 5 fra 2 vurderinger"


def test_desk_figures_for_one_service_area(requests):
    barometer = build_barometer(Period.year(2025, "oppvekst"), internal=True)
    kinds = _rows(barometer, "desk_kinds")
    assert (kinds["kurs"], kinds["fasilitering"], sum(kinds.values())) == (2, 1, 3)
    assert {row.label: row.value for row in barometer.figure("desk_units").rows} == {"Nord skole": 3}
    assert _rows(build_barometer(Period.year(2026, "helse"), internal=True), "desk_kinds")["kurs"] == 1


def test_public_gets_counts_per_kind_only_with_the_under_5_rule(requests, make_user):
    public = build_barometer(Period.year(2025), internal=False)
    kinds = _rows(public, "desk_kinds")
    assert kinds["kurs"] is None and kinds["fasilitering"] is None  # 2 and 2: "under 5"
    assert all(value in (None, 0) for value in kinds.values())
    for key in ("desk_status", "desk_units", "desk_time", "desk_rating"):
        assert public.figure(key) is None, key
    north = requests["north"]
    for _ in range(3):
        item = make_request(make_user(Role.EMPLOYEE, unit=north), kind=kind("kurs"), unit=north)
        Request.objects.filter(pk=item.pk).update(created_at=_at("2025-09-01"))
    assert _rows(build_barometer(Period.year(2025), internal=False), "desk_kinds")["kurs"] == 5


def test_desk_chart_table_and_downloads_on_the_page(client, make_user, requests):
    client.force_login(make_user(Role.ADVISOR))
    page = client.get(reverse("statistics:barometer"), {"ar": 2025}).content.decode()
    for key in ("desk_kinds", "desk_status", "desk_units", "desk_time", "desk_rating"):
        figure = page[page.index(f'id="figur-{key}"') :]
        figure = figure[: figure.index("</figure>")]
        assert 'role="img"' in figure and f'<title id="svg-title-{key}">' in figure and "<table>" in figure
        assert reverse("statistics:figure_csv", args=[key]) in figure
    csv = client.get(reverse("statistics:figure_csv", args=["desk_units"]), {"ar": 2025}).content.decode()
    assert "Nord skole,3" in csv
    api = client.get("/api/v1/statistics", {"year": 2025}).json()
    rating = next(f for f in api["figures"] if f["key"] == "desk_rating")
    assert [row["value"] for row in rating["rows"]] == [0, 1, 0, 1, 0]
    client.logout()
    page = client.get(reverse("statistics:barometer"), {"ar": 2025}).content.decode()
    assert 'id="figur-desk_kinds"' in page and 'id="figur-desk_units"' not in page
    assert client.get(reverse("statistics:figure_csv", args=["desk_units"]), {"ar": 2025}).status_code == 404
