"""The barometer's cache: never another audience's or language's figures, and right after every change."""

from datetime import datetime, time, timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from ideverkstedet.accounts.models import Role
from ideverkstedet.rooms import services as rooms
from ideverkstedet.rooms.tests.factories import RoomFactory, make_booking
from ideverkstedet.statistics import cache, changes
from ideverkstedet.statistics.figures import build_barometer
from ideverkstedet.statistics.period import Period
from ideverkstedet.stories import services as stories
from ideverkstedet.stories.tests.factories import make_story

pytestmark = pytest.mark.django_db

URL = reverse("statistics:barometer")


@pytest.fixture
def two_reuses(make_user):  # type: ignore[no-untyped-def]
    """A story reused twice this year: "under 5" for the public, 2 for the municipality."""
    story = make_story(innovation={"taken_into_use": True, "types": ["service"]})
    for _ in range(2):
        stories.reuse_create(actor=make_user(Role.EMPLOYEE), story=story, who="Skolen")
    return story


def _reuse_cell(page: str) -> str:
    """The table cell of the first row of the reuse figure ("Interessert")."""
    table = page[page.index('id="figur-reuse"') :]
    cell = table[table.index("<tbody>") :]
    return cell[cell.index("<td>") + 4 : cell.index("</td>")]


def test_each_audience_gets_its_own_figures_whoever_asked_first(client, make_user, two_reuses):
    citizen, employee, adviser = (make_user(r) for r in (Role.CITIZEN, Role.EMPLOYEE, Role.ADVISOR))
    for first in (adviser, None, employee, citizen, adviser, None):  # every order fills and reads the cache
        client.logout()
        if first is not None:
            client.force_login(first)
        page = client.get(URL).content.decode()
        internal = first is not None and first.role != Role.CITIZEN
        assert _reuse_cell(page) == ("2" if internal else "under 5"), first
        assert ("figur-room_status" in page) is internal, first
        data = client.get(reverse("statistics:figure_json", args=["reuse"])).json()
        assert data["rows"][0]["value"] == (2 if internal else "<5"), first
        api = client.get("/api/v1/statistics").json()
        reuse = next(f for f in api["figures"] if f["key"] == "reuse")
        assert reuse["rows"][0]["value"] == (2 if internal else "<5"), first


def test_audience_is_public_or_a_role(make_user):
    from django.contrib.auth.models import AnonymousUser

    assert cache.audience(AnonymousUser()) == cache.audience(make_user(Role.CITIZEN)) == cache.PUBLIC
    assert cache.audience(make_user(Role.EXTERNAL)) == cache.PUBLIC
    employee, adviser = cache.audience(make_user(Role.EMPLOYEE)), cache.audience(make_user(Role.ADVISOR))
    assert len({cache.PUBLIC, employee, adviser}) == 3  # a key each: never one role's figures for another


def test_each_language_gets_its_own_figures(client, two_reuses):
    pages = {}
    for language in ("nb", "en", "nn", "nb"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        pages[language] = client.get(URL).content.decode()
    assert "Innovasjoner tatt i bruk" in pages["nb"] and "Innovations put to use" not in pages["nb"]
    assert "Innovations put to use" in pages["en"] and "Innovasjoner tatt i bruk" not in pages["en"]
    assert "Innovasjonar tekne i bruk" in pages["nn"]
    assert "Velg periode" in pages["nb"] and "Velg periode" not in pages["en"]  # the cached form too


def _room_rows(client):  # type: ignore[no-untyped-def]
    page = client.get(reverse("statistics:figure_json", args=["room_status"]), QUERY).json()
    return {row["key"]: row["value"] for row in page["rows"]}


TODAY = timezone.localdate()
QUERY = {"fra": TODAY.isoformat(), "til": (TODAY + timedelta(days=30)).isoformat()}


def test_figures_are_right_after_a_new_and_a_cancelled_booking(
    client, make_user, django_capture_on_commit_callbacks
):
    adviser = make_user(Role.ADVISOR)
    client.force_login(adviser)
    room = RoomFactory()
    start = timezone.make_aware(datetime.combine(TODAY + timedelta(days=7), time(10, 0)))
    assert _room_rows(client)["confirmed"] == 0
    with django_capture_on_commit_callbacks(execute=True):
        booking = make_booking(room, adviser, start, 90)
    assert _room_rows(client)["confirmed"] == 1
    page = client.get(URL, QUERY).content.decode()
    assert "1,5" in page[page.index('id="figur-room_share"') :][:4000]  # 1.5 hours booked
    with django_capture_on_commit_callbacks(execute=True):
        rooms.booking_cancel(actor=adviser, booking=booking)
    assert _room_rows(client) == {**_room_rows(client), "confirmed": 0, "cancelled": 1}
    period = Period.from_query(QUERY)
    expected = build_barometer(period, internal=True).figure("room_share")
    assert expected is not None and expected.rows[0].value == 0
    page = client.get(URL, QUERY).content.decode()
    share = page[page.index('id="figur-room_share"') :]
    assert "<td>0,0</td>" in share[: share.index("</table>")]


def test_a_change_raises_only_its_topics_version(make_user, django_capture_on_commit_callbacks):
    before = changes.versions()
    with django_capture_on_commit_callbacks(execute=True):
        make_booking(RoomFactory(), make_user(Role.EMPLOYEE), timezone.now() + timedelta(days=3))
        make_booking(RoomFactory(), make_user(Role.EMPLOYEE), timezone.now() + timedelta(days=4))
    after = changes.versions()
    assert after.get("rooms", 0) == before.get("rooms", 0) + 1  # once per transaction
    assert after.get("challenges", 0) == before.get("challenges", 0)
    with django_capture_on_commit_callbacks(execute=True):
        make_story(title="Ny historie")
    assert changes.versions().get("stories", 0) > before.get("stories", 0)


def test_a_login_does_not_raise_a_version(client, make_user, django_capture_on_commit_callbacks):
    person = make_user(Role.EMPLOYEE)
    before = changes.versions()
    with django_capture_on_commit_callbacks(execute=True):
        person.last_login = timezone.now()
        person.save(update_fields=["last_login"])
    assert changes.versions() == before


def test_query_counts_are_pinned_cold_and_warm(
    client, make_user, django_assert_num_queries, django_capture_on_commit_callbacks
):
    client.force_login(make_user(Role.ADVISOR))
    for number in range(3):
        make_story(title=f"Historie {number}", innovation={"taken_into_use": True, "types": ["service"]})
    with django_assert_num_queries(COLD):
        assert client.get(URL, {"ar": 2026}).status_code == 200
    with django_assert_num_queries(WARM):
        assert client.get(URL, {"ar": 2026}).status_code == 200
    cache_cleared()
    for number in range(20):  # more of everything: the same number of queries
        make_story(title=f"Flere {number}", innovation={"taken_into_use": True, "types": ["product"]})
    with django_assert_num_queries(COLD):
        assert client.get(URL, {"ar": 2026}).status_code == 200


def cache_cleared() -> None:
    from django.core.cache import cache as django_cache

    django_cache.clear()


COLD = 30  # session, person, versions, the form's service areas and every figure's aggregate queries
WARM = 4  # session, person, the versions (one query) and the header's unread notifications
