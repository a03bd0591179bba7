import csv
import io
import json

import pytest
from django.urls import reverse

from ideverkstedet.accounts.models import Role
from ideverkstedet.statistics.figures import build_barometer
from ideverkstedet.statistics.period import Period
from ideverkstedet.stories.tests.factories import make_story

pytestmark = pytest.mark.django_db


def test_page_for_everyone_with_figures_tables_and_downloads(client):
    make_story(innovation={"taken_into_use": True, "types": ["service"]})
    response = client.get(reverse("statistics:barometer"))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("<figure") == page.count("<details>") == page.count('role="img"')
    assert '<title id="svg-title-types">' in page and '<desc id="svg-desc-types">' in page
    assert 'style="' not in page and "<script>" not in page
    assert reverse("statistics:figure_csv", args=["types"]) in page
    assert "room_status" not in page  # internal figure


def test_employee_sees_internal_figures(client, make_user):
    client.force_login(make_user(Role.EMPLOYEE))
    assert "figur-room_status" in client.get(reverse("statistics:barometer")).content.decode()


@pytest.mark.parametrize(
    "query",
    [
        {"ar": "abc"},
        {"ar": "-5"},
        {"fra": "2025-13-45"},
        {"fra": "9999-01-01"},
        {"omrade": "\x00" * 5000},
        {"til": "x"},
    ],
)
def test_bad_input_is_never_a_500(client, query):
    assert client.get(reverse("statistics:barometer"), query).status_code == 200
    assert client.get(reverse("statistics:figure_csv", args=["types"]), query).status_code == 200


def test_unknown_figure_is_404(client):
    assert client.get(reverse("statistics:figure_csv", args=["nope"])).status_code == 404
    assert client.get(reverse("statistics:figure_csv", args=["room_status"])).status_code == 404  # internal


def test_query_count_is_pinned(client, make_user, django_assert_max_num_queries):
    for number in range(5):
        make_story(title=f"Historie {number}", innovation={"taken_into_use": True, "types": ["service"]})
    client.force_login(make_user(Role.ADVISOR))
    with django_assert_max_num_queries(40):
        assert client.get(reverse("statistics:barometer"), {"ar": 2026}).status_code == 200


def test_downloads_hold_exactly_the_figures_numbers(client):
    make_story(innovation={"taken_into_use": True, "types": ["service", "product"]})
    expected = build_barometer(Period.year(2026), internal=False).figure("types")
    body = client.get(reverse("statistics:figure_csv", args=["types"]), {"ar": 2026})
    assert body["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(body.content.decode())))
    assert [(r["key"], r["value"]) for r in rows] == [
        (row.key, str(row.export_value)) for row in expected.rows
    ]
    assert b"\r\n" in body.content
    data = json.loads(client.get(reverse("statistics:figure_json", args=["types"]), {"ar": 2026}).content)
    assert [(r["key"], r["value"]) for r in data["rows"]] == [
        (row.key, row.export_value) for row in expected.rows
    ]


def test_numbers_in_norwegian_format(client, settings):
    from django.utils import translation

    from ideverkstedet.statistics.figures import Row

    with translation.override("nb"):
        assert Row("x", "x", 1234.5, 1).display == "1\xa0234,5"
    with translation.override("nn"):
        assert Row("x", "x", 1234.5, 1).display == "1\xa0234,5"
    with translation.override("en"):
        assert Row("x", "x", 1234.5, 1).display == "1,234.5"


def test_api_gives_the_same_figures(client):
    make_story(innovation={"taken_into_use": True, "types": ["service"]})
    data = client.get("/api/v1/statistics", {"year": 2026}).json()
    expected = build_barometer(Period.year(2026), internal=False)
    assert [f["key"] for f in data["figures"]] == [f.key for f in expected.figures]
    types = next(f for f in data["figures"] if f["key"] == "types")
    assert types["rows"][0] == {"key": "service", "label": "Tjeneste", "value": 1}
    assert client.get("/api/v1/statistics", {"year": 1}).status_code == 422
