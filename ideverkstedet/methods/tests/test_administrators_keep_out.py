"""Privacy rules hold for every account: an administrator, who is also a Django superuser, may not read another
person's private workshop plan, its facilitator notes included — not on the pages, not in the API, not in
Django's admin. Administration happens through audited actions, not by bypassing the rules."""

import pytest
from django.urls import reverse

from ideverkstedet.accounts.models import Role, User
from ideverkstedet.accounts.services import api_token_create
from ideverkstedet.methods.models import Plan, PlanBlock

pytestmark = pytest.mark.django_db

SECRET = "Husk å spørre Kari om diagnosen hennes"


@pytest.fixture
def private_plan(make_user):
    plan = Plan.objects.create(owner=make_user(Role.EMPLOYEE), title="Privat opplegg")
    PlanBlock.objects.create(plan=plan, position=1, title="Velkommen", minutes=10, facilitator_notes=SECRET)
    return plan


@pytest.fixture(params=["administrator", "createsuperuser"])
def superuser(request, make_user) -> User:
    if request.param == "administrator":
        person = make_user(Role.ADMINISTRATOR)
    else:
        person = User.objects.create_superuser("root@example.no", "et-langt-passord-1234")
    assert person.is_superuser and person.is_staff
    return person


@pytest.mark.parametrize(
    "name",
    [
        "methods:plan_detail",
        "methods:plan_print",
        "methods:plan_print_facilitator",
        "methods:plan_edit",
    ],
)
def test_a_superuser_gets_404_on_anothers_private_plan_pages(client, superuser, private_plan, name):
    client.force_login(superuser)
    response = client.get(reverse(name, args=[private_plan.pk]))
    assert response.status_code == 404
    assert SECRET not in response.content.decode()


def test_a_superuser_changes_nothing_in_anothers_private_plan(client, superuser, private_plan):
    client.force_login(superuser)
    for name in ("methods:plan_delete", "methods:plan_copy"):
        assert client.post(reverse(name, args=[private_plan.pk])).status_code == 404
    assert Plan.objects.count() == 1
    assert Plan.objects.filter(pk=private_plan.pk).exists()


def test_a_superuser_gets_404_on_anothers_private_plan_in_the_api(client, superuser, private_plan):
    _token, key = api_token_create(user=superuser, name="test")
    response = client.get(f"/api/v1/plans/{private_plan.pk}", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"
    assert SECRET not in response.content.decode()


def test_the_named_rules_say_no_to_a_superuser(superuser, private_plan):
    for permission in (
        "methods.view_plan",
        "methods.change_plan",
        "methods.delete_plan",
        "methods.copy_plan",
    ):
        assert not superuser.has_perm(permission, private_plan), permission


def test_djangos_admin_shows_templates_but_no_private_plan(client, superuser, private_plan, make_user):
    template = Plan.objects.create(owner=make_user(Role.ADVISOR), title="Felles mal", is_template=True)
    client.force_login(superuser)
    listing = client.get(reverse("admin:methods_plan_changelist"))
    assert listing.status_code == 200
    assert "Felles mal" in listing.content.decode()
    assert "Privat opplegg" not in listing.content.decode()
    assert client.get(reverse("admin:methods_plan_change", args=[template.pk])).status_code == 200
    page = client.get(reverse("admin:methods_plan_change", args=[private_plan.pk]), follow=True)
    assert SECRET not in page.content.decode()
    assert "Privat opplegg" not in page.content.decode()


def test_the_owner_still_reads_their_notes(client, private_plan):
    client.force_login(private_plan.owner)
    response = client.get(reverse("methods:plan_print_facilitator", args=[private_plan.pk]))
    assert response.status_code == 200
    assert SECRET in response.content.decode()
