"""The methods API router (ideverkstedet/api/routers/methods.py), called directly until it is mounted at
/api/v1/: the same selectors and rules as the pages."""

from datetime import time

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.test import RequestFactory
from ninja.errors import HttpError
from pydantic import ValidationError

from ideverkstedet.accounts.models import Role
from ideverkstedet.api.routers import methods as api
from ideverkstedet.methods import services
from ideverkstedet.methods.models import Method, Plan

pytestmark = pytest.mark.django_db


def _request(user=None):
    request = RequestFactory().get("/api/v1/")
    request.user = user or AnonymousUser()
    return request


def test_method_list_filters_like_the_page(method_library):
    filters = api.MethodFilterIn(phase="tenke", max_minutes=45, people_from=6, people_to=10)
    found = api.method_list(_request(), filters)
    assert {m.slug for m in found} == {
        "hvordan-kan-vi",
        "problemdefinisjon",
        "antakelseskart",
        "mulighetskart",
    }


def test_method_list_in_english(method_library):
    found = api.method_list(_request(), api.MethodFilterIn(q="crazy", lang="en"))
    assert [m.name for m in found] == ["Crazy 8s"]


@pytest.mark.parametrize(
    "bad", [{"phase": "sove"}, {"max_minutes": 0}, {"people_to": 9999}, {"difficulty": "x"}, {"lang": "de"}]
)
def test_bad_filters_are_refused_by_the_schema(bad):
    with pytest.raises(ValidationError):
        api.MethodFilterIn(**bad)


def test_method_detail_in_three_languages(method_library):
    nb = api.method_detail(_request(), "brukertest", lang="nb")
    nn = api.method_detail(_request(), "brukertest", lang="nn")
    en = api.method_detail(_request(), "brukertest", lang="en")
    assert (nb.name, nn.name, en.name) == ("Brukertest", "Brukartest", "User test")
    assert len(nb.steps) == len(en.steps) >= 5
    assert en.privacy_note and "papirprototype" in nb.related


def test_unknown_method_is_404(method_library):
    with pytest.raises(HttpError) as error:
        api.method_detail(_request(), "finnes-ikke")
    assert error.value.status_code == 404


def test_plans_are_mine_only(make_user):
    me, other = make_user(Role.CITIZEN), make_user(Role.EMPLOYEE)
    mine = services.plan_create(owner=me, title="Mitt")
    services.block_add(actor=me, plan=mine, title="Velkommen", minutes=15)
    services.plan_create(owner=other, title="Ikke mitt")
    found = api.plan_list(_request(me))
    assert [(p.title, p.block_count, p.total_minutes) for p in found] == [("Mitt", 1, 15)]


def test_plan_detail_has_the_running_clock(make_user, method_library):
    me = make_user(Role.EMPLOYEE)
    plan = services.plan_create(owner=me, title="Verksted", start_time=time(13, 0))
    services.block_add(actor=me, plan=plan, title="Velkommen", minutes=10, facilitator_notes="Kaffe")
    services.block_add(actor=me, plan=plan, method=Method.objects.get(slug="crazy-8s"))
    out = api.plan_detail(_request(me), plan.pk)
    assert [(b.starts, b.ends, b.method) for b in out.blocks] == [
        ("13:00", "13:10", None),
        ("13:10", "13:25", "crazy-8s"),
    ]
    assert out.ends == "13:25" and out.total_minutes == 25
    assert out.blocks[0].facilitator_notes == "Kaffe"
    assert "Tidtaker" in out.materials


def test_someone_elses_private_plan_is_404_and_shared_notes_stay_hidden(make_user):
    owner, colleague, citizen = make_user(Role.EMPLOYEE), make_user(Role.EMPLOYEE), make_user(Role.CITIZEN)
    plan = Plan.objects.create(owner=owner, title="Privat")
    services.block_add(actor=owner, plan=plan, title="Pause", minutes=10, facilitator_notes="Hemmelig")
    for person in (colleague, citizen):
        with pytest.raises(Http404):  # the API's handler answers it as a 404 in the one error shape
            api.plan_detail(_request(person), plan.pk)
    plan.is_shared = True
    plan.save()
    assert api.plan_detail(_request(colleague), plan.pk).blocks[0].facilitator_notes == ""


def test_anonymous_cannot_list_plans():
    with pytest.raises(HttpError) as error:
        api.plan_list(_request())
    assert error.value.status_code == 403
