"""The advisers' queue (counts, filters, overdue, paging, bounded queries) and the API."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ideverkstedet.accounts.models import Role
from ideverkstedet.desk import services
from ideverkstedet.desk.models import DigestSent, Request, Status
from ideverkstedet.desk.selectors import request_statistics
from ideverkstedet.desk.tasks import send_daily_digest
from ideverkstedet.desk.tests.factories import kind, make_request
from ideverkstedet.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _overdue(item: Request) -> Request:
    Request.objects.filter(pk=item.pk).update(answer_due=timezone.localdate() - timedelta(days=2))
    item.refresh_from_db()
    return item


def test_queue_shows_counts_and_marks_overdue_in_words(client, make_user):
    adviser = make_user(Role.ADVISOR)
    late = _overdue(make_request(make_user(Role.EMPLOYEE)))
    make_request(make_user(Role.CITIZEN))
    client.force_login(adviser)
    body = client.get(reverse("desk:queue")).content.decode()
    assert late.reference in body and "Over fristen" in body and "desk-row overdue" in body
    only_late = client.get(reverse("desk:queue") + "?overdue=on").content.decode()
    assert late.reference in only_late and "IV-" in only_late and only_late.count("desk-row") == 1


def test_queue_filters_and_bad_values_never_500(client, make_user):
    adviser = make_user(Role.ADVISOR)
    mine = make_request(make_user(Role.EMPLOYEE), kind=kind("kurs"))
    services.request_assign(actor=adviser, request=mine, assignees=[adviser])
    make_request(make_user(Role.EMPLOYEE))
    client.force_login(adviser)
    assert client.get(reverse("desk:queue") + "?mine=on").content.decode().count("desk-row") == 1
    assert (
        client.get(reverse("desk:queue") + f"?kind={kind('kurs').pk}").content.decode().count("desk-row") == 1
    )
    assert client.get(reverse("desk:queue") + "?assigned=0").content.decode().count("desk-row") == 1
    for query in (
        "?status=zzz",
        "?kind=abc",
        "?assigned=-5",
        "?service_area=99999999999999999",
        "?side=x",
        "?side=9999",
    ):
        assert client.get(reverse("desk:queue") + query).status_code == 200, query


def test_queue_query_count_does_not_grow_with_the_list(client, make_user):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    adviser, other = make_user(Role.ADVISOR), make_user(Role.ADVISOR)

    def queries() -> tuple[int, int]:
        """Queries to build the page (nothing kept), and to show it again (kept for this adviser)."""
        cache.clear()
        with CaptureQueriesContext(connection) as built:
            assert client.get(reverse("desk:queue")).status_code == 200
        with CaptureQueriesContext(connection) as kept:
            assert client.get(reverse("desk:queue")).status_code == 200
        return len(built), len(kept)

    client.force_login(adviser)
    make_request(make_user(Role.EMPLOYEE))
    few = queries()
    for i in range(12):
        item = make_request(make_user(Role.EMPLOYEE))
        if i % 2:
            services.request_assign(actor=adviser, request=item, assignees=[adviser, other][: 1 + i % 3 // 2])
    assert queries() == few
    # Built: 14 (session, person, the desk's version, choices, counts, the page's ids and facts, unread
    # notifications); kept: the session, the person, the version and the unread notifications.
    assert few[0] <= 14 and few[1] <= 4


def test_a_request_with_two_advisers_counts_once(client, make_user):
    from ideverkstedet.desk.selectors import queue_counts

    adviser, other = make_user(Role.ADVISOR), make_user(Role.ADVISOR)
    item = make_request(make_user(Role.EMPLOYEE))
    services.request_assign(actor=adviser, request=item, assignees=[adviser, other])
    make_request(make_user(Role.EMPLOYEE))
    counts = queue_counts(user=adviser)
    assert (counts["open"], counts["new"], counts["mine"], counts["unassigned"]) == (2, 2, 1, 1)
    client.force_login(adviser)
    body = client.get(reverse("desk:queue") + "?status=all").content.decode()
    assert body.count("desk-row") == 2 and "2 henvendelser" in body
    assert f"{adviser.display_name}, {other.display_name}" in body or (
        f"{other.display_name}, {adviser.display_name}" in body
    )


def test_the_queue_escapes_what_people_typed(client, make_user):
    person = make_user(Role.EMPLOYEE, full_name="<b>Ola</b> & co")
    make_request(person, need='<script>alert("x")</script> og <img src=x onerror=alert(1)>')
    client.force_login(make_user(Role.ADVISOR))
    body = client.get(reverse("desk:queue")).content.decode()
    assert "<script>alert" not in body and "<img src=x" not in body and "<b>Ola" not in body
    assert (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body
        and "&lt;b&gt;Ola&lt;/b&gt; &amp; co" in body
    )


def test_the_queue_filters_follow_the_language_and_the_choices(client, make_user):
    adviser = make_user(Role.ADVISOR, full_name="Rita Rådgiver")
    client.force_login(adviser)
    make_request(make_user(Role.EMPLOYEE))
    assert "Alle områder" in client.get(reverse("desk:queue")).content.decode()
    adviser.language = "en"
    adviser.save(update_fields=["language"])
    english = client.get(reverse("desk:queue")).content.decode()
    assert "Alle områder" not in english and "All areas" in english
    make_user(Role.ADVISOR, full_name="Nils Nyansatt")  # a new adviser is a new choice at once
    assert "Nils Nyansatt" in client.get(reverse("desk:queue")).content.decode()
    chosen = client.get(reverse("desk:queue") + f"?assigned={adviser.pk}").content.decode()
    assert f'<option value="{adviser.pk}" selected>' in chosen


def test_the_queue_works_on_a_phone_width_without_a_table(client, make_user):
    client.force_login(make_user(Role.ADVISOR))
    make_request(make_user(Role.EMPLOYEE))
    assert "<table" not in client.get(reverse("desk:queue")).content.decode()


def test_api_requesters_see_their_own_advisers_all(client, make_user):
    person = make_user(Role.EMPLOYEE)
    own = make_request(person)
    other = make_request(make_user(Role.EMPLOYEE))
    client.force_login(person)
    listed = client.get("/api/v1/requests").json()
    assert [r["reference"] for r in listed["results"]] == [own.reference]
    assert client.get(f"/api/v1/requests/{other.reference}").status_code == 404
    created = client.post(
        "/api/v1/requests",
        {"kind": "kurs", "need": "Kurs i tjenestedesign for 20 ansatte"},
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["reference"].startswith("IV-")
    bad = client.post("/api/v1/requests", {"kind": "nope", "need": "x"}, content_type="application/json")
    assert bad.status_code == 422 and bad.json()["error"] == "bad_kind"
    note = client.post(
        f"/api/v1/requests/{own.reference}/messages",
        {"body": "x", "internal": True},
        content_type="application/json",
    )
    assert note.status_code == 403 and note.json()["error"] == "not_allowed"
    status = client.post(
        f"/api/v1/requests/{own.reference}/status", {"status": "closed"}, content_type="application/json"
    )
    assert status.status_code == 403

    adviser = make_user(Role.ADVISOR)
    client.force_login(adviser)
    assert len(client.get("/api/v1/requests").json()["results"]) == 3
    moved = client.post(
        f"/api/v1/requests/{own.reference}/status", {"status": "declined"}, content_type="application/json"
    )
    assert moved.status_code == 422 and moved.json()["problems"][0]["field"] == "reason"
    moved = client.post(
        f"/api/v1/requests/{own.reference}/status",
        {"status": "declined", "reason": "Ikke vårt felt"},
        content_type="application/json",
    )
    assert moved.status_code == 200 and moved.json()["status"] == "declined"
    again = client.post(
        f"/api/v1/requests/{own.reference}/status", {"status": "agreed"}, content_type="application/json"
    )
    assert again.status_code == 409
    for query in ("?page=0", "?page=abc", "?status=" + "x" * 50):
        assert client.get("/api/v1/requests" + query).status_code == 422


def test_daily_digest_goes_once_a_day_in_the_advisers_language(make_user):
    nb = make_user(Role.ADVISOR)
    en = make_user(Role.ADVISOR, language="en")
    _overdue(make_request(make_user(Role.EMPLOYEE)))
    make_request(make_user(Role.EMPLOYEE))
    assert send_daily_digest() == 2
    assert send_daily_digest() == 0
    assert DigestSent.objects.count() == 2
    assert Notification.objects.get(user=nb, url=reverse("desk:queue")).title.startswith("Skranken i dag")
    assert Notification.objects.get(user=en, url=reverse("desk:queue")).title.startswith("The desk today")


def test_statistics_per_kind_unit_times_and_satisfaction(make_user):
    adviser = make_user(Role.ADVISOR)
    person = make_user(Role.EMPLOYEE)
    first = make_request(person, kind=kind("kurs"), unit=person.unit)
    make_request(person, kind=kind("kurs"), unit=person.unit)
    make_request(make_user(Role.VOLUNTEER), kind=kind("fasilitering"))
    services.message_post(actor=adviser, request=first, body="Hei")
    services.request_change_status(actor=adviser, request=first, status=Status.CLOSED)
    services.request_evaluate(actor=person, request=first, rating=4)
    stats = request_statistics()
    assert stats.total == 3
    assert stats.per_kind == {"Kurs for enheten vår": 2, "Fasilitering": 1}
    assert stats.per_unit[person.unit.name] == 2
    assert stats.answered == 1 and stats.answered_in_time == 1
    assert stats.median_days_to_first_answer is not None and stats.median_days_to_closing is not None
    assert stats.mean_rating == 4.0 and stats.ratings == {4: 1}


def test_deleting_an_account_keeps_worked_on_requests_without_the_name(client, make_user):
    from ideverkstedet.accounts.services import user_delete_account

    person = make_user(Role.EMPLOYEE)
    adviser = make_user(Role.ADVISOR)
    untouched = make_request(person)
    worked = make_request(person, group_name="Team Nord")
    services.message_post(actor=adviser, request=worked, body="Vi tar kontakt.")
    user_delete_account(user=person)
    assert not Request.objects.filter(pk=untouched.pk).exists()
    worked.refresh_from_db()
    assert worked.group_name == "" and worked.requester.display_name != person.full_name
    assert worked.messages.count() == 1


def test_request_page_query_count_does_not_grow_with_the_conversation(
    client, make_user, django_assert_max_num_queries
):
    requester = make_user(Role.EMPLOYEE)
    adviser = make_user(Role.ADVISOR)
    item = make_request(requester)
    services.request_assign(actor=adviser, request=item, assignees=[adviser])
    for i in range(30):
        services.message_post(
            actor=adviser if i % 2 else requester, request=item, body=f"Melding {i}", internal=i % 6 == 1
        )
    for person in (adviser, requester):
        client.force_login(person)
        with django_assert_max_num_queries(16):
            assert client.get(item.get_absolute_url()).status_code == 200


def test_housekeeping_sends_the_digest_from_seven_in_the_morning(make_user):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from ideverkstedet.core import housekeeping

    make_user(Role.ADVISOR)
    make_request(make_user(Role.EMPLOYEE))
    oslo = ZoneInfo("Europe/Oslo")
    sweep = housekeeping.sweeps()["desk.digest"]
    assert sweep(datetime(2026, 12, 1, 6, 50, tzinfo=oslo)) == {}
    assert sweep(datetime(2026, 12, 1, 7, 0, tzinfo=oslo)) == {"desk_digests": 1}
    assert sweep(datetime(2026, 12, 1, 7, 10, tzinfo=oslo)) == {"desk_digests": 0}


def test_requests_waiting_for_an_answer_come_before_answered_ones(client, make_user):
    adviser = make_user(Role.ADVISOR)
    answered = _overdue(make_request(make_user(Role.EMPLOYEE)))  # the earliest answer day, but answered
    services.message_post(actor=adviser, request=answered, body="Vi ser på det.")
    waiting = make_request(make_user(Role.EMPLOYEE))
    late = _overdue(make_request(make_user(Role.EMPLOYEE)))
    client.force_login(adviser)
    body = client.get(reverse("desk:queue")).content.decode()
    assert body.index(late.reference) < body.index(waiting.reference) < body.index(answered.reference)
