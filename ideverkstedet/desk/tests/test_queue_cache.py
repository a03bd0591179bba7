"""The queue kept per adviser (desk.views.queue) never lies: every change shows at once, each adviser gets their
own page, each language its own, and a new day moves what is overdue."""

from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ideverkstedet.accounts.models import Role
from ideverkstedet.desk import services
from ideverkstedet.desk.models import Request, Status
from ideverkstedet.desk.tests.factories import make_request

pytestmark = pytest.mark.django_db
QUEUE = reverse("desk:queue")


def page(client: Client, query: str = "") -> str:
    response = client.get(QUEUE + query)
    assert response.status_code == 200
    return response.content.decode()


def logged_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_a_new_request_a_status_change_and_an_assignment_show_at_once(make_user):  # type: ignore[no-untyped-def]
    adviser = make_user(Role.ADVISOR)
    client = logged_in(adviser)
    first = make_request(make_user(Role.EMPLOYEE))
    assert first.reference in page(client) and page(client).count("desk-row") == 1  # now kept
    second = make_request(make_user(Role.CITIZEN))
    assert second.reference in page(client)
    services.request_assign(actor=adviser, request=first, assignees=[adviser])
    assert first.reference in page(client, "?mine=on") and second.reference not in page(client, "?mine=on")
    services.request_change_status(
        actor=adviser, request=first, status=Status.DECLINED, reason="Ikke vår sak."
    )
    assert first.reference not in page(client)  # the open requests only
    assert first.reference in page(client, "?status=all")


def test_a_changed_name_shows_at_once(make_user):  # type: ignore[no-untyped-def]
    client = logged_in(make_user(Role.ADVISOR))
    asker = make_user(Role.EMPLOYEE)
    make_request(asker)
    assert asker.full_name in page(client)
    asker.full_name = "Nytt Navn Nordmann"
    asker.save()
    assert "Nytt Navn Nordmann" in page(client)


def test_each_adviser_gets_their_own_mine(make_user):  # type: ignore[no-untyped-def]
    one, two = make_user(Role.ADVISOR), make_user(Role.ADVISOR)
    item = make_request(make_user(Role.EMPLOYEE))
    services.request_assign(actor=one, request=item, assignees=[one])
    first, second = logged_in(one), logged_in(two)
    assert item.reference in page(first, "?mine=on")
    assert item.reference not in page(second, "?mine=on")  # same query, same data: another adviser's page
    assert "Mine: <strong>1</strong>" in page(first)
    assert "Mine: <strong>0</strong>" in page(second)


def test_each_language_gets_its_own(make_user):  # type: ignore[no-untyped-def]
    adviser = make_user(Role.ADVISOR)
    make_request(make_user(Role.EMPLOYEE))
    client = logged_in(adviser)
    assert "Over fristen" in page(client)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    adviser.language = "en"
    adviser.save()
    english = page(client)
    assert "Over fristen" not in english and "Overdue" in english


def test_a_new_day_moves_what_is_overdue(make_user):  # type: ignore[no-untyped-def]
    client = logged_in(make_user(Role.ADVISOR))
    item = make_request(make_user(Role.EMPLOYEE))
    assert item.reference not in page(client, "?overdue=on")
    later = timezone.now() + timedelta(days=(item.answer_due - timezone.localdate()).days + 2)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert item.reference in page(client, "?overdue=on")


def test_a_citizen_or_employee_never_gets_the_queue(make_user):  # type: ignore[no-untyped-def]
    make_request(make_user(Role.EMPLOYEE))
    page(logged_in(make_user(Role.ADVISOR)))  # kept for the adviser
    for role in (Role.CITIZEN, Role.EMPLOYEE, Role.LEADER, Role.VOLUNTEER, Role.EXTERNAL):
        assert logged_in(make_user(role)).get(QUEUE).status_code == 403
    assert Request.objects.count() == 1
