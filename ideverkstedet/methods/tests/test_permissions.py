"""Who may open and change what, role by role: anonymous, citizen, employee and advisor on every page."""

import pytest
from django.urls import reverse

from ideverkstedet.accounts.models import Role
from ideverkstedet.methods import services
from ideverkstedet.methods.models import Plan
from ideverkstedet.methods.tests.factories import add_blocks

pytestmark = pytest.mark.django_db

ANONYMOUS = "anonymous"
ROLES = [ANONYMOUS, Role.CITIZEN, Role.EMPLOYEE, Role.ADVISOR]


@pytest.fixture
def plans(make_user, method_library):
    """A private plan and a shared plan by an employee, and a template by an advisor, each with two blocks."""
    owner = make_user(Role.EMPLOYEE)
    publisher = make_user(Role.ADVISOR)
    made = {
        "private": Plan.objects.create(owner=owner, title="Privat"),
        "shared": Plan.objects.create(owner=owner, title="Delt", is_shared=True),
        "template": Plan.objects.create(owner=publisher, title="Mal", is_template=True),
    }
    for plan in made.values():
        add_blocks(plan, ("Velkommen", 10), ("Pause", 10))
    return made


def _client_as(client, make_user, who):
    if who != ANONYMOUS:
        client.force_login(make_user(who))
    return client


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize(
    "url",
    [
        reverse("methods:method_list"),
        reverse("methods:method_print_all"),
        reverse("methods:method_detail", args=["empatikart"]),
        reverse("methods:method_print", args=["empatikart"]),
    ],
)
def test_everyone_reads_the_method_library(client, make_user, method_library, who, url):
    assert _client_as(client, make_user, who).get(url).status_code == 200


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize("name", ["methods:plan_list", "methods:plan_new"])
def test_anyone_logged_in_may_make_plans_visitors_are_asked_to_log_in(client, make_user, who, name):
    response = _client_as(client, make_user, who).get(reverse(name))
    if who == ANONYMOUS:
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    else:
        assert response.status_code == 200


# kind of plan -> role -> status for reading it (detail and both printouts)
READ = {
    "private": {ANONYMOUS: 302, Role.CITIZEN: 404, Role.EMPLOYEE: 404, Role.ADVISOR: 404},
    "shared": {ANONYMOUS: 302, Role.CITIZEN: 404, Role.EMPLOYEE: 200, Role.ADVISOR: 200},
    "template": {ANONYMOUS: 302, Role.CITIZEN: 200, Role.EMPLOYEE: 200, Role.ADVISOR: 200},
}
# … and for changing it (the edit page). 403: may see it but not change it.
CHANGE = {
    "private": {ANONYMOUS: 302, Role.CITIZEN: 404, Role.EMPLOYEE: 404, Role.ADVISOR: 404},
    "shared": {ANONYMOUS: 302, Role.CITIZEN: 404, Role.EMPLOYEE: 403, Role.ADVISOR: 403},
    "template": {ANONYMOUS: 302, Role.CITIZEN: 403, Role.EMPLOYEE: 403, Role.ADVISOR: 200},
}


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize("kind", ["private", "shared", "template"])
@pytest.mark.parametrize(
    "name", ["methods:plan_detail", "methods:plan_print", "methods:plan_print_facilitator"]
)
def test_reading_someone_elses_plan(client, make_user, plans, who, kind, name):
    response = _client_as(client, make_user, who).get(reverse(name, args=[plans[kind].pk]))
    assert response.status_code == READ[kind][who]


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize("kind", ["private", "shared", "template"])
def test_changing_someone_elses_plan(client, make_user, plans, who, kind):
    plan = plans[kind]
    client = _client_as(client, make_user, who)
    assert client.get(reverse("methods:plan_edit", args=[plan.pk])).status_code == CHANGE[kind][who]
    block = plan.blocks.order_by("position").last()
    assert client.get(reverse("methods:block_edit", args=[block.pk])).status_code == CHANGE[kind][who]


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize("kind", ["private", "shared", "template"])
def test_writes_to_someone_elses_plan_change_nothing_unless_allowed(client, make_user, plans, who, kind):
    plan = plans[kind]
    client = _client_as(client, make_user, who)
    first, second = plan.blocks.order_by("position")
    before = list(plan.blocks.order_by("position").values_list("title", flat=True))
    expected = CHANGE[kind][who]
    posts = [
        (reverse("methods:block_move", args=[second.pk]), {"retning": "up"}),
        (reverse("methods:block_add_free", args=[plan.pk]), {"fri-title": "Inntrenger", "fri-minutes": 5}),
        (reverse("methods:block_remove", args=[first.pk]), {}),
        (reverse("methods:plan_reorder", args=[plan.pk]), {"blokk": [second.pk, first.pk]}),
    ]
    for url, data in posts:
        response = client.post(url, data)
        if expected != 200:
            assert response.status_code == expected, url
    if expected != 200:
        assert list(plan.blocks.order_by("position").values_list("title", flat=True)) == before
        assert client.post(reverse("methods:plan_delete", args=[plan.pk])).status_code == expected
        assert Plan.objects.filter(pk=plan.pk).exists()


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize("kind", ["private", "shared", "template"])
def test_copying_needs_only_reading(client, make_user, plans, who, kind):
    response = _client_as(client, make_user, who).post(reverse("methods:plan_copy", args=[plans[kind].pk]))
    expected = READ[kind][who]
    assert response.status_code == (302 if expected == 200 else expected)
    copies = Plan.objects.filter(copied_from=plans[kind])
    assert copies.count() == (1 if expected == 200 else 0)


def test_owner_may_do_everything_with_their_own_plan(client, plans):
    plan = plans["private"]
    client.force_login(plan.owner)
    for name in (
        "methods:plan_detail",
        "methods:plan_edit",
        "methods:plan_print",
        "methods:plan_print_facilitator",
    ):
        assert client.get(reverse(name, args=[plan.pk])).status_code == 200


def test_only_advisors_see_and_use_the_template_choice(client, make_user):
    employee, advisor = make_user(Role.EMPLOYEE), make_user(Role.ADVISOR)
    client.force_login(employee)
    assert 'name="is_template"' not in client.get(reverse("methods:plan_new")).text
    # Sending it anyway does nothing.
    client.post(reverse("methods:plan_new"), {"title": "Forsøk", "start_time": "09:00", "is_template": "on"})
    assert not Plan.objects.get(title="Forsøk").is_template
    client.force_login(advisor)
    assert 'name="is_template"' in client.get(reverse("methods:plan_new")).text
    client.post(reverse("methods:plan_new"), {"title": "Ny mal", "start_time": "09:00", "is_template": "on"})
    assert Plan.objects.get(title="Ny mal").is_template


def test_services_refuse_templates_from_people_who_may_not_publish(make_user):
    with pytest.raises(services.NotAllowed):
        services.plan_create(owner=make_user(Role.EMPLOYEE), title="Mal", is_template=True)
    plan = Plan.objects.create(owner=make_user(Role.LEADER), title="Min")
    with pytest.raises(services.NotAllowed):
        services.plan_update(
            actor=plan.owner,
            plan=plan,
            title="Min",
            date=None,
            start_time=plan.start_time,
            notes="",
            is_shared=False,
            is_template=True,
        )


def test_publishing_a_template_and_tending_anothers_template_leave_an_audit_entry(make_user, plans):
    from ideverkstedet.core.models import AuditEntry

    advisor = make_user(Role.ADVISOR)
    services.plan_create(owner=advisor, title="Halvdags innsiktsverksted", is_template=True)
    template = plans["template"]
    services.plan_update(
        actor=advisor,
        plan=template,
        title="Mal, oppdatert",
        date=None,
        start_time=template.start_time,
        notes="",
        is_shared=False,
        is_template=None,
    )
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))
    assert actions == ["methods.template_published", "methods.template_changed"]


def test_no_audit_entry_for_everyday_planning(make_user):
    from ideverkstedet.core.models import AuditEntry

    plan = services.plan_create(owner=make_user(Role.EMPLOYEE), title="Vanlig")
    services.block_add(actor=plan.owner, plan=plan, title="Pause", minutes=10)
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "/opplegg/999999/",
        "/opplegg/999999/utskrift/",
        "/opplegg/punkt/999999/endre/",
        "/metoder/finnes-ikke/kort/",
        "/metoder/finnes-ikke/kort.pdf",
    ],
)
def test_unknown_things_are_404_not_500(client, make_user, method_library, url):
    client.force_login(make_user(Role.EMPLOYEE))
    assert client.get(url).status_code == 404


def test_get_on_a_post_only_action_is_405(client, make_user, plans):
    client.force_login(plans["private"].owner)
    assert client.get(reverse("methods:plan_copy", args=[plans["private"].pk])).status_code == 405


def test_deleting_an_account_removes_private_plans_but_keeps_templates(make_user, plans):
    from ideverkstedet.methods.privacy import erase_plans, export_plans

    owner = plans["private"].owner
    exported = export_plans(owner)
    assert {p["title"] for p in exported} == {"Privat", "Delt"}
    erase_plans(owner)
    assert not Plan.objects.filter(owner=owner).exists()
    erase_plans(plans["template"].owner)
    assert Plan.objects.filter(pk=plans["template"].pk).exists()
