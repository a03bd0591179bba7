"""The method library's and planner's pages are valid HTML (Nu Html Checker, as in core/tests/test_html_valid.py,
whose helpers this reuses: it skips without Java or `npm ci`, and fails in CI)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ideverkstedet.accounts.models import Role
from ideverkstedet.core.tests.test_html_valid import Pages, _java_and_jar
from ideverkstedet.methods import services
from ideverkstedet.methods.models import Method
from ideverkstedet.rooms.tests.factories import RoomFactory, make_booking

pytestmark = pytest.mark.django_db


def test_method_and_planner_pages_are_valid_html(client, make_user, method_library, tmp_path):
    _java_and_jar()  # skip (or fail in CI) before fetching anything
    pages = Pages(tmp_path)
    pages.fetch_path(client, reverse("methods:method_list"), "logged out")
    pages.add(client.get(reverse("methods:method_list"), {"minutter": "x", "fase": "tenke"}), "filter error")
    pages.fetch_path(client, reverse("methods:method_detail", args=["brukertest"]), "logged out")
    pages.fetch_path(client, reverse("methods:method_print", args=["brukertest"]), "logged out")
    pages.fetch_path(client, reverse("methods:method_print_all") + "?fase=dele", "logged out")

    employee = make_user(Role.EMPLOYEE)
    plan = services.plan_create(owner=employee, title="Verksted", notes="Mål: tre ideer")
    services.block_add(actor=employee, plan=plan, title="Velkommen", minutes=10, facilitator_notes="Kaffe")
    services.block_add(actor=employee, plan=plan, method=Method.objects.get(slug="crazy-8s"))
    services.block_add(actor=employee, plan=plan, title="Pause", minutes=10)
    # Tied to a 30-minute booking, so the plan page and the facilitator version show the length warning.
    start = timezone.now().replace(microsecond=0) + timedelta(days=5)
    booking = make_booking(RoomFactory(name="Verkstedet"), employee, start, minutes=30)
    services.plan_update(
        actor=employee,
        plan=plan,
        title=plan.title,
        date=None,
        start_time=plan.start_time,
        notes=plan.notes,
        is_shared=False,
        booking=booking,
    )
    client.force_login(employee)
    pages.fetch_path(client, reverse("methods:method_detail", args=["crazy-8s"]), "employee")
    pages.fetch_path(client, reverse("methods:plan_list"), "employee")
    pages.fetch_path(client, reverse("methods:plan_new"), "employee")
    pages.add(client.post(reverse("methods:plan_new"), {"title": ""}), "new plan with errors")
    pages.fetch_path(client, plan.get_absolute_url(), "employee")
    pages.add(
        client.post(reverse("methods:block_add_free", args=[plan.pk]), {"fri-title": ""}), "free block errors"
    )
    pages.fetch_path(client, reverse("methods:plan_edit", args=[plan.pk]), "employee")
    pages.fetch_path(client, reverse("methods:block_edit", args=[plan.blocks.first().pk]), "employee")
    pages.fetch_path(client, reverse("methods:plan_print", args=[plan.pk]), "employee")
    pages.fetch_path(client, reverse("methods:plan_print_facilitator", args=[plan.pk]), "employee")

    pages.check()
