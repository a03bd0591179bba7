"""Reordering a whole plan at once (drag and drop posts the new order): who may, and what a bad order gets."""

from datetime import time

import pytest
from django.urls import reverse

from ideverkstedet.accounts.models import Role
from ideverkstedet.methods import services
from ideverkstedet.methods.models import Plan
from ideverkstedet.methods.tests.factories import add_blocks

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(make_user):
    plan = Plan.objects.create(owner=make_user(Role.EMPLOYEE), title="Verksted", start_time=time(9, 0))
    add_blocks(plan, ("Velkommen", 10), ("Crazy 8s", 15), ("Pause", 10), ("Prikkstemming", 10), ("Slutt", 15))
    return plan


def ids(plan: Plan) -> list[int]:
    return list(plan.blocks.order_by("position").values_list("pk", flat=True))


def titles(plan: Plan) -> list[str]:
    return list(plan.blocks.order_by("position").values_list("title", flat=True))


def reorder(client, plan: Plan, order: list[object]):
    return client.post(reverse("methods:plan_reorder", args=[plan.pk]), {"blokk": order})


def test_owner_reorders_the_whole_plan(client, plan):
    client.force_login(plan.owner)
    first, second, third, fourth, fifth = ids(plan)
    response = reorder(client, plan, [fifth, first, second, third, fourth])
    assert response.status_code == 204
    assert titles(plan) == ["Slutt", "Velkommen", "Crazy 8s", "Pause", "Prikkstemming"]
    assert list(plan.blocks.order_by("position").values_list("position", flat=True)) == [1, 2, 3, 4, 5]
    # The running clock follows: "Velkommen" now starts at 09:15.
    assert "09:15–09:25" in client.get(plan.get_absolute_url()).text


def test_reversing_respects_the_unique_positions(plan):
    services.plan_reorder(actor=plan.owner, plan=plan, block_ids=ids(plan)[::-1])
    assert titles(plan) == ["Slutt", "Prikkstemming", "Pause", "Crazy 8s", "Velkommen"]


def test_the_same_order_changes_nothing(client, plan):
    client.force_login(plan.owner)
    before = list(plan.blocks.order_by("position").values_list("pk", "position"))
    assert reorder(client, plan, ids(plan)).status_code == 204
    assert list(plan.blocks.order_by("position").values_list("pk", "position")) == before


@pytest.mark.parametrize(
    "change",
    ["missing", "duplicate", "foreign", "unknown", "word", "empty", "unicode digit", "negative"],
)
def test_a_bad_order_is_400_with_a_message_and_changes_nothing(client, make_user, plan, change):
    other = Plan.objects.create(owner=plan.owner, title="Annet")
    (foreign,) = add_blocks(other, ("Annet", 5))
    order: list[object] = list(ids(plan))
    if change == "missing":
        order = order[:-1]
    elif change == "duplicate":
        order[-1] = order[0]
    elif change == "foreign":
        order[-1] = foreign.pk
    elif change == "unknown":
        order[-1] = 999_999
    elif change == "word":
        order[-1] = "to"
    elif change == "empty":
        order = []
    elif change == "unicode digit":
        order[-1] = "²"
    elif change == "negative":
        order[-1] = -order[-1]
    before = titles(plan)
    client.force_login(plan.owner)
    response = reorder(client, plan, order)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["message"] and body["code"] in {"bad_order", "stale_order"}
    assert titles(plan) == before
    assert titles(other) == ["Annet"]


@pytest.mark.parametrize(
    ("who", "shared", "status"), [(Role.EMPLOYEE, False, 404), (Role.EMPLOYEE, True, 403)]
)
def test_other_people_cannot_reorder(client, make_user, plan, who, shared, status):
    Plan.objects.filter(pk=plan.pk).update(is_shared=shared)
    before = titles(plan)
    client.force_login(make_user(who))
    assert reorder(client, plan, ids(plan)[::-1]).status_code == status
    assert titles(plan) == before


def test_visitors_are_sent_to_log_in_and_get_is_not_allowed(client, plan):
    response = reorder(client, plan, ids(plan)[::-1])
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    client.force_login(plan.owner)
    assert client.get(reverse("methods:plan_reorder", args=[plan.pk])).status_code == 405


def test_the_plan_page_offers_drag_and_drop_only_to_those_who_may_change(client, make_user, plan):
    client.force_login(plan.owner)
    page = client.get(plan.get_absolute_url()).text
    assert 'class="reorderable"' in page and reverse("methods:plan_reorder", args=[plan.pk]) in page
    assert 'role="status"' in page and "methods/plan.js" in page
    Plan.objects.filter(pk=plan.pk).update(is_shared=True)
    client.force_login(make_user(Role.EMPLOYEE))
    assert 'class="reorderable"' not in client.get(plan.get_absolute_url()).text
