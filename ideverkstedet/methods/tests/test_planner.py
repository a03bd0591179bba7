"""The workshop planner: build a plan from methods and free blocks, reorder it, read its clock, copy and print it."""

from datetime import date, time

import pytest
from django.urls import reverse

from ideverkstedet.accounts.models import Role
from ideverkstedet.methods import services
from ideverkstedet.methods.models import Agenda, Method, Plan, PlanBlock
from ideverkstedet.methods.tests.factories import MethodFactory, PlanFactory, add_blocks

pytestmark = pytest.mark.django_db


@pytest.fixture
def employee(make_user):
    return make_user(Role.EMPLOYEE)


@pytest.fixture
def plan(employee):
    return Plan.objects.create(owner=employee, title="Idéverksted for hjemmetjenesten", start_time=time(9, 0))


def titles(plan: Plan) -> list[str]:
    return list(plan.blocks.order_by("position").values_list("title", flat=True))


def test_employee_creates_a_plan_through_the_form(client, employee):
    client.force_login(employee)
    response = client.post(
        reverse("methods:plan_new"),
        {"title": "Innsiktsverksted", "date": "2026-12-03", "start_time": "12:30", "notes": "Ta med kaffe."},
    )
    plan = Plan.objects.get(owner=employee)
    assert response.status_code == 302 and response.url == plan.get_absolute_url()
    assert (plan.title, plan.date, plan.start_time) == ("Innsiktsverksted", date(2026, 12, 3), time(12, 30))
    assert not plan.is_template


def test_plan_form_with_errors_keeps_the_input(client, employee):
    client.force_login(employee)
    response = client.post(
        reverse("methods:plan_new"), {"title": "", "start_time": "25:99", "notes": "Husk post-it"}
    )
    assert response.status_code == 400
    assert "Husk post-it" in response.text
    assert not Plan.objects.exists()


def test_method_block_takes_the_methods_name_and_shortest_duration(client, employee, plan, no_methods):
    method = MethodFactory(name="Crazy 8s", duration_min=15, duration_max=30)
    client.force_login(employee)
    response = client.post(
        reverse("methods:block_add_method", args=[plan.pk]),
        {"metode-method": method.pk, "metode-minutes": ""},
    )
    assert response.status_code == 302
    block = plan.blocks.get()
    assert (block.title, block.minutes, block.method) == ("Crazy 8s", 15, method)


def test_method_block_can_be_given_its_own_length(employee, plan, no_methods):
    block = services.block_add(actor=employee, plan=plan, method=MethodFactory(duration_min=15), minutes=25)
    assert block.minutes == 25


def test_free_block_needs_a_title_and_minutes(client, employee, plan):
    client.force_login(employee)
    response = client.post(
        reverse("methods:block_add_free", args=[plan.pk]), {"fri-title": "", "fri-minutes": "x"}
    )
    assert response.status_code == 400
    assert not plan.blocks.exists()
    response = client.post(
        reverse("methods:block_add_free", args=[plan.pk]), {"fri-title": "Pause", "fri-minutes": 10}
    )
    assert response.status_code == 302
    assert titles(plan) == ["Pause"]


def test_blocks_are_added_at_the_end(employee, plan):
    for title in ("Velkommen", "Oppvarming", "Pause"):
        services.block_add(actor=employee, plan=plan, title=title, minutes=10)
    assert titles(plan) == ["Velkommen", "Oppvarming", "Pause"]
    assert list(plan.blocks.order_by("position").values_list("position", flat=True)) == [1, 2, 3]


def test_move_up_and_down_reorders_without_gaps(client, employee, plan):
    blocks = add_blocks(plan, ("A", 10), ("B", 10), ("C", 10), ("D", 10))
    client.force_login(employee)
    response = client.post(reverse("methods:block_move", args=[blocks[2].pk]), {"retning": "up"})
    assert response.status_code == 302 and response.url.endswith(f"#flytt-up-{blocks[2].pk}")
    assert titles(plan) == ["A", "C", "B", "D"]
    client.post(reverse("methods:block_move", args=[blocks[0].pk]), {"retning": "down"})
    assert titles(plan) == ["C", "A", "B", "D"]
    assert list(plan.blocks.order_by("position").values_list("position", flat=True)) == [1, 2, 3, 4]


def test_moving_the_first_block_up_or_the_last_down_changes_nothing(employee, plan):
    first, _middle, last = add_blocks(plan, ("A", 10), ("B", 10), ("C", 10))
    services.block_move(actor=employee, block=first, direction="up")
    services.block_move(actor=employee, block=last, direction="down")
    assert titles(plan) == ["A", "B", "C"]


def test_unknown_direction_is_a_message_not_an_error(client, employee, plan):
    (block,) = add_blocks(plan, ("A", 10))
    client.force_login(employee)
    response = client.post(
        reverse("methods:block_move", args=[block.pk]), {"retning": "sideways"}, follow=True
    )
    assert response.status_code == 200
    assert "Velg om punktet skal flyttes opp eller ned." in response.text


def test_removing_a_block_closes_the_gap(client, employee, plan):
    blocks = add_blocks(plan, ("A", 10), ("B", 10), ("C", 10))
    client.force_login(employee)
    client.post(reverse("methods:block_remove", args=[blocks[1].pk]))
    assert titles(plan) == ["A", "C"]
    assert list(plan.blocks.order_by("position").values_list("position", flat=True)) == [1, 2]


def test_editing_a_block_changes_title_minutes_and_notes(client, employee, plan):
    (block,) = add_blocks(plan, ("Pause", 10))
    client.force_login(employee)
    url = reverse("methods:block_edit", args=[block.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"title": "Lunsj", "minutes": 30, "facilitator_notes": "Bestill mat"})
    assert response.status_code == 302
    block.refresh_from_db()
    assert (block.title, block.minutes, block.facilitator_notes) == ("Lunsj", 30, "Bestill mat")
    assert client.post(url, {"title": "Lunsj", "minutes": 0}).status_code == 400


def test_running_clock_and_total_from_the_start_time(client, employee, plan):
    plan.start_time = time(12, 30)
    plan.save()
    add_blocks(plan, ("Velkommen", 10), ("Brukerreise", 60), ("Pause", 15), ("Crazy 8s", 20))
    client.force_login(employee)
    response = client.get(plan.get_absolute_url())
    agenda = response.context["agenda"]
    clock = [(f"{i.starts:%H:%M}", f"{i.ends:%H:%M}") for i in agenda.items]
    assert clock == [("12:30", "12:40"), ("12:40", "13:40"), ("13:40", "13:55"), ("13:55", "14:15")]
    assert agenda.total_minutes == 105
    assert "1 t 45 min" in response.text
    assert "13:40–13:55" in response.text


def test_a_plan_that_runs_past_midnight_says_so():
    blocks = [PlanBlock(title="Kveldsøkt", minutes=90), PlanBlock(title="Nattmat", minutes=30)]
    agenda = Agenda.of(time(23, 0), blocks)
    assert [(i.starts, i.day_offset) for i in agenda.items] == [(time(23, 0), 0), (time(0, 30), 1)]
    assert agenda.ends == time(1, 0) and agenda.total_minutes == 120


def test_materials_are_collected_once_from_the_methods(client, employee, plan, no_methods):
    a = MethodFactory(name="Empatikart", materials="Post-it-lapper\nTusjer\nStort ark")
    b = MethodFactory(name="Crazy 8s", materials="A4-ark\nTusjer")
    for method in (a, b):
        services.block_add(actor=employee, plan=plan, method=method)
    services.block_add(actor=employee, plan=plan, title="Pause", minutes=10)
    client.force_login(employee)
    materials = dict(client.get(plan.get_absolute_url()).context["materials"])
    assert list(materials) == ["Post-it-lapper", "Tusjer", "Stort ark", "A4-ark"]
    assert materials["Tusjer"] == ["Empatikart", "Crazy 8s"]


def test_copying_a_plan_gives_a_private_copy_with_the_same_blocks(client, make_user, plan, employee):
    add_blocks(plan, ("Velkommen", 10), ("Idémyldring", 30))
    plan.is_shared = True
    plan.notes = "Mål: fem ideer"
    plan.save()
    colleague = make_user(Role.EMPLOYEE)
    client.force_login(colleague)
    response = client.post(reverse("methods:plan_copy", args=[plan.pk]))
    copy = Plan.objects.get(owner=colleague)
    assert response.url == copy.get_absolute_url()
    assert copy.title == f"Kopi av {plan.title}" and copy.copied_from == plan
    assert not copy.is_shared and not copy.is_template
    assert titles(copy) == ["Velkommen", "Idémyldring"]
    assert titles(plan) == ["Velkommen", "Idémyldring"]  # the original is untouched


def test_plan_list_shows_mine_templates_and_shared(client, make_user, employee, plan):
    advisor = make_user(Role.ADVISOR)
    template = PlanFactory(owner=advisor, title="Idéverksted på to timer", is_template=True)
    add_blocks(template, ("Velkommen", 15), ("Crazy 8s", 30))
    shared = PlanFactory(title="Delt av kollega", is_shared=True)
    PlanFactory(title="Privat hos kollega")
    client.force_login(employee)
    response = client.get(reverse("methods:plan_list"))
    assert [p.pk for p in response.context["mine"]] == [plan.pk]
    assert [p.pk for p in response.context["templates"]] == [template.pk]
    assert [p.pk for p in response.context["shared"]] == [shared.pk]
    assert "Privat hos kollega" not in response.text
    assert "45 min" in response.text


def test_participant_handout_has_the_agenda_and_no_facilitator_notes(client, employee, plan, method_library):
    services.block_add(
        actor=employee, plan=plan, title="Velkommen", minutes=10, facilitator_notes="HEMMELIG NOTAT"
    )
    services.block_add(actor=employee, plan=plan, method=Method.objects.get(slug="crazy-8s"))
    client.force_login(employee)
    text = client.get(reverse("methods:plan_print", args=[plan.pk])).text
    assert "09:00–09:10" in text and "09:10–09:25" in text and "Crazy 8s" in text
    assert "HEMMELIG NOTAT" not in text
    assert "Tidtaker" not in text  # materials are for the facilitator


def test_facilitator_version_has_notes_materials_and_steps(client, employee, plan, method_library):
    services.block_add(
        actor=employee, plan=plan, title="Velkommen", minutes=10, facilitator_notes="Ønsk velkommen"
    )
    services.block_add(actor=employee, plan=plan, method=Method.objects.get(slug="crazy-8s"))
    client.force_login(employee)
    text = client.get(reverse("methods:plan_print_facilitator", args=[plan.pk])).text
    assert "Ønsk velkommen" in text and "Tidtaker" in text
    assert "Brett arkene slik at de har åtte felt." in text


@pytest.mark.parametrize("blocks", [2, 20])
def test_plan_page_query_count_is_constant(
    client, employee, plan, method_library, django_assert_max_num_queries, blocks
):
    method = Method.objects.get(slug="empatikart")
    for _ in range(blocks):
        services.block_add(actor=employee, plan=plan, method=method)
    client.force_login(employee)
    with django_assert_max_num_queries(11):
        assert client.get(plan.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("blocks", [2, 20])
def test_plan_list_query_count_is_constant(client, employee, django_assert_max_num_queries, blocks):
    for number in range(blocks):
        PlanFactory(owner=employee, title=f"Plan {number}", is_shared=True)
    client.force_login(employee)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("methods:plan_list")).status_code == 200


def test_a_plan_has_at_most_sixty_blocks(employee, plan):
    add_blocks(plan, *[("Punkt", 5)] * services.MAX_BLOCKS)
    with pytest.raises(services.PlanError) as error:
        services.block_add(actor=employee, plan=plan, title="Én til", minutes=5)
    assert error.value.code == "too_many_blocks"


def test_deleting_a_plan_removes_its_blocks(client, employee, plan):
    add_blocks(plan, ("A", 10))
    client.force_login(employee)
    assert client.post(reverse("methods:plan_delete", args=[plan.pk])).status_code == 302
    assert not Plan.objects.filter(pk=plan.pk).exists() and not PlanBlock.objects.exists()


def test_deleting_a_method_keeps_the_block_as_a_free_block(employee, plan, no_methods):
    method = MethodFactory(name="Rollespill", duration_min=30)
    block = services.block_add(actor=employee, plan=plan, method=method)
    method.delete()
    block.refresh_from_db()
    assert block.method is None and block.title == "Rollespill" and block.minutes == 30
