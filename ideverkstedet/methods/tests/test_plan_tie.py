"""Tying a plan to a room booking or an event session, and the notes when the agenda does not fit it."""

from datetime import date, time, timedelta

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from ideverkstedet.accounts.models import Role
from ideverkstedet.api.routers import methods as api
from ideverkstedet.events.models import Event
from ideverkstedet.events.tests.factories import EventFactory, add_session
from ideverkstedet.methods import selectors, services
from ideverkstedet.methods.models import Plan
from ideverkstedet.methods.selectors import Tie, timing_warnings
from ideverkstedet.methods.tests.factories import add_blocks
from ideverkstedet.rooms.models import Booking
from ideverkstedet.rooms.tests.factories import RoomFactory, local, make_booking

pytestmark = pytest.mark.django_db


def _request(user):
    request = RequestFactory().get("/api/v1/")
    request.user = user
    return request


# The pure function ------------------------------------------------------------------------------------


def booking_tie(day: str, starts: str, ends: str, kind: str = "booking") -> Tie:
    return Tie(
        kind=kind,  # type: ignore[arg-type]
        pk=1,
        place="Verkstedet",
        title="Kurs i tjenestedesign",
        starts=timezone.localtime(local(day, starts)),
        ends=timezone.localtime(local(day, ends)),
    )


TWO_HOURS = booking_tie("2026-12-03", "09:00", "11:00")


def test_a_plan_longer_than_its_booking_gets_the_exact_figures():
    assert timing_warnings(tie=TWO_HOURS, plan_date=None, start_time=time(9, 0), total_minutes=150) == [
        "Opplegget varer 2 t 30 min, men bookingen er bare 2 t. Kort ned eller book lenger tid."
    ]


def test_one_minute_too_long_is_reported_and_exactly_as_long_is_fine():
    assert timing_warnings(tie=TWO_HOURS, plan_date=None, start_time=time(9, 0), total_minutes=120) == []
    assert timing_warnings(
        tie=TWO_HOURS, plan_date=date(2026, 12, 3), start_time=time(9, 0), total_minutes=121
    ) == ["Opplegget varer 2 t 1 min, men bookingen er bare 2 t. Kort ned eller book lenger tid."]


def test_a_plan_that_starts_before_the_booking():
    assert timing_warnings(tie=TWO_HOURS, plan_date=None, start_time=time(8, 45), total_minutes=60) == [
        "Opplegget starter klokka 08:45, men bookingen starter ikke før 09:00."
    ]


def test_a_plan_that_ends_after_the_booking():
    assert timing_warnings(tie=TWO_HOURS, plan_date=None, start_time=time(10, 30), total_minutes=45) == [
        "Opplegget slutter klokka 11:15, men bookingen slutter klokka 11:00."
    ]


def test_a_plan_on_another_day_says_so_and_still_checks_the_length():
    warnings = timing_warnings(
        tie=TWO_HOURS, plan_date=date(2026, 12, 4), start_time=time(9, 0), total_minutes=135
    )
    assert warnings == [
        "Opplegget varer 2 t 15 min, men bookingen er bare 2 t. Kort ned eller book lenger tid.",
        "Opplegget har datoen 4. desember 2026, men bookingen er 3. desember 2026.",
    ]


def test_session_wording():
    session = booking_tie("2026-12-03", "12:00", "13:30", kind="session")
    assert timing_warnings(tie=session, plan_date=None, start_time=time(11, 30), total_minutes=100) == [
        "Opplegget varer 1 t 40 min, men økta er bare 1 t 30 min. Kort ned programmet eller gjør økta lenger.",
        "Opplegget starter klokka 11:30, men økta starter ikke før 12:00.",
    ]


def test_lengths_are_real_minutes_on_the_night_summer_time_ends():
    # 31 October 2027: 03:00 summer time becomes 02:00 winter time, so 01:00–04:00 is four real hours.
    night = booking_tie("2027-10-31", "01:00", "04:00")
    assert night.minutes == 240
    assert timing_warnings(tie=night, plan_date=None, start_time=time(1, 0), total_minutes=240) == []
    assert timing_warnings(tie=night, plan_date=None, start_time=time(1, 0), total_minutes=250) == [
        "Opplegget varer 4 t 10 min, men bookingen er bare 4 t. Kort ned eller book lenger tid."
    ]


# Choosing the tie -------------------------------------------------------------------------------------


def in_days(days: int, at: time) -> tuple[date, object]:
    day = timezone.localdate() + timedelta(days=days)
    return day, local(day.isoformat(), f"{at:%H:%M}")


@pytest.fixture
def employee(make_user):
    return make_user(Role.EMPLOYEE)


@pytest.fixture
def room(db):
    return RoomFactory(name="Verkstedet")


@pytest.fixture
def plan(employee):
    plan = Plan.objects.create(owner=employee, title="Idéverksted", start_time=time(9, 0))
    add_blocks(plan, ("Velkommen", 15), ("Crazy 8s", 60), ("Pause", 15), ("Prikkstemming", 60))  # 2 t 30 min
    return plan


def edit(client, plan, **data):
    form = {"title": plan.title, "start_time": f"{plan.start_time:%H:%M}", "notes": "", **data}
    return client.post(reverse("methods:plan_edit", args=[plan.pk]), form)


def test_owner_ties_a_plan_to_their_booking_and_sees_the_warning(client, employee, room, plan):
    _day, start = in_days(10, time(9, 0))
    booking = make_booking(room, employee, start, minutes=120)
    client.force_login(employee)
    form_page = client.get(reverse("methods:plan_edit", args=[plan.pk]))
    assert f'value="booking-{booking.pk}"' in form_page.text
    response = edit(client, plan, tie=f"booking-{booking.pk}")
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.booking == booking and plan.session is None
    page = client.get(plan.get_absolute_url()).text
    assert "Verkstedet" in page and "09:00–11:00" in page
    assert "Opplegget varer 2 t 30 min, men bookingen er bare 2 t. Kort ned eller book lenger tid." in page
    facilitator = client.get(reverse("methods:plan_print_facilitator", args=[plan.pk])).text
    assert "men bookingen er bare 2 t" in facilitator
    handout = client.get(reverse("methods:plan_print", args=[plan.pk])).text
    assert "Verkstedet" in handout and "men bookingen er bare" not in handout  # participants need not know


def test_a_plan_cannot_be_tied_to_someone_elses_booking(client, make_user, employee, room, plan):
    other = make_user(Role.EMPLOYEE)
    _day, start = in_days(10, time(9, 0))
    theirs = make_booking(room, other, start, minutes=120)
    make_booking(room, employee, start + timedelta(days=1), minutes=120)  # their own, so the choice is there
    client.force_login(employee)
    assert f"booking-{theirs.pk}" not in client.get(reverse("methods:plan_edit", args=[plan.pk])).text
    response = edit(client, plan, title="Beholdes", tie=f"booking-{theirs.pk}")
    assert response.status_code == 400
    assert 'value="Beholdes"' in response.text  # the input is kept
    assert 'id="id_tie_error"' in response.text or "error-summary" in response.text
    plan.refresh_from_db()
    assert plan.booking is None
    # The service says no too, whatever a form let through.
    with pytest.raises(services.PlanError) as error:
        services.plan_update(
            actor=employee,
            plan=plan,
            title=plan.title,
            date=None,
            start_time=plan.start_time,
            notes="",
            is_shared=False,
            booking=theirs,
        )
    assert error.value.code == "bad_booking"


@pytest.mark.parametrize("state", ["ended", "cancelled"])
def test_only_active_bookings_that_have_not_ended_are_offered(employee, room, state):
    if state == "ended":
        booking = make_booking(room, employee, timezone.now() - timedelta(days=2), minutes=60)
    else:
        _day, start = in_days(3, time(12, 0))
        booking = make_booking(room, employee, start, status=Booking.Status.CANCELLED)
    assert not selectors.bookings_for_plan(employee).filter(pk=booking.pk).exists()
    with pytest.raises(services.PlanError):
        services.plan_create(owner=employee, title="For sent", booking=booking)


def test_a_tie_to_a_booking_that_has_ended_is_kept_when_the_plan_is_edited(client, employee, room, plan):
    booking = make_booking(room, employee, timezone.now() - timedelta(days=2), minutes=60)
    Plan.objects.filter(pk=plan.pk).update(booking=booking)
    client.force_login(employee)
    page = client.get(reverse("methods:plan_edit", args=[plan.pk])).text
    assert f'value="booking-{booking.pk}" selected' in page
    assert edit(client, plan, title="Nytt navn", tie=f"booking-{booking.pk}").status_code == 302
    plan.refresh_from_db()
    assert (plan.title, plan.booking) == ("Nytt navn", booking)
    assert edit(client, plan, tie="").status_code == 302  # untie
    plan.refresh_from_db()
    assert plan.booking is None


def test_deleting_the_booking_unties_the_plan(employee, room, plan):
    _day, start = in_days(4, time(9, 0))
    booking = make_booking(room, employee, start)
    Plan.objects.filter(pk=plan.pk).update(booking=booking)
    booking.delete()
    plan.refresh_from_db()
    assert plan.booking is None


def test_advisors_tie_plans_to_event_sessions_others_cannot(client, make_user, employee, plan):
    advisor = make_user(Role.ADVISOR)
    session = add_session(EventFactory(title="Kurs i innsikt"), days=6, hours=2)
    cancelled = add_session(EventFactory(status=Event.Status.CANCELLED), days=6)
    assert list(selectors.sessions_for_plan(advisor)) == [session]
    assert not selectors.sessions_for_plan(employee).exists()

    with pytest.raises(services.PlanError) as error:
        services.plan_create(owner=employee, title="Ikke mitt kurs", session=session)
    assert error.value.code == "bad_session"
    with pytest.raises(services.PlanError):
        services.plan_create(owner=advisor, title="Avlyst", session=cancelled)

    client.force_login(advisor)
    response = client.post(
        reverse("methods:plan_new"), {"title": "Kursdag", "start_time": "09:00", "tie": f"okt-{session.pk}"}
    )
    assert response.status_code == 302
    tied = Plan.objects.get(title="Kursdag")
    assert tied.session == session
    client.force_login(employee)
    assert f"okt-{session.pk}" not in client.get(reverse("methods:plan_edit", args=[plan.pk])).text


def test_not_both_a_booking_and_a_session(make_user, room):
    advisor = make_user(Role.ADVISOR)
    _day, start = in_days(8, time(9, 0))
    booking = make_booking(room, advisor, start)
    session = add_session(EventFactory(), days=8)
    with pytest.raises(services.PlanError) as error:
        services.plan_create(owner=advisor, title="Begge", booking=booking, session=session)
    assert error.value.code == "two_ties"


def test_the_tie_and_its_warnings_are_in_the_api(employee, room, plan):
    _day, start = in_days(10, time(9, 0))
    booking = make_booking(room, employee, start, minutes=120)
    Plan.objects.filter(pk=plan.pk).update(booking=booking)
    out = api.plan_detail(_request(employee), plan.pk)
    assert out.tied_to is not None
    assert (out.tied_to.kind, out.tied_to.id, out.tied_to.place, out.tied_to.minutes) == (
        "booking",
        booking.pk,
        "Verkstedet",
        120,
    )
    assert f"{out.tied_to.starts:%H:%M}" == "09:00"
    assert out.timing_warnings == [
        "Opplegget varer 2 t 30 min, men bookingen er bare 2 t. Kort ned eller book lenger tid."
    ]
    untied = services.plan_create(owner=employee, title="Løst")
    out = api.plan_detail(_request(employee), untied.pk)
    assert out.tied_to is None and out.timing_warnings == []


def test_the_edit_form_without_anything_to_tie_to_has_no_empty_choice(client, employee, plan):
    client.force_login(employee)
    page = client.get(reverse("methods:plan_edit", args=[plan.pk])).text
    assert 'name="tie"' not in page


# --------------------------------------------------------------- tied to a challenge


def test_a_plan_ties_to_a_challenge_of_its_owners_team_and_shows_on_both_pages(client):
    from django.urls import reverse

    from ideverkstedet.accounts.models import Role
    from ideverkstedet.accounts.tests.factories import user_with_role
    from ideverkstedet.challenges.tests.factories import ensure_phases, make_challenge
    from ideverkstedet.methods import services as plan_services
    from ideverkstedet.methods.services import PlanError

    ensure_phases()
    owner = user_with_role(Role.EMPLOYEE)
    mine = make_challenge(owner, title="Kø i skranken")
    others = make_challenge(title="Noe annet")
    client.force_login(owner)
    form = client.get(reverse("methods:plan_new"))
    assert "Kø i skranken" in form.text and "Noe annet" not in form.text
    response = client.post(
        reverse("methods:plan_new"),
        {"title": "Idéverksted", "start_time": "09:00", "challenge": mine.pk},
    )
    assert response.status_code == 302
    plan = owner.plans.get()
    assert plan.challenge == mine
    assert "Kø i skranken" in client.get(plan.get_absolute_url()).text
    assert "Idéverksted" in client.get(mine.get_absolute_url()).text
    refused = client.post(
        reverse("methods:plan_new"), {"title": "Lurt", "start_time": "09:00", "challenge": others.pk}
    )
    assert refused.status_code == 400
    with pytest.raises(PlanError):
        plan_services.plan_create(owner=owner, title="Lurt", challenge=others)
    # Editing without touching the challenge keeps it.
    plan_services.plan_update(
        actor=owner,
        plan=plan,
        title="Nytt navn",
        date=None,
        start_time=plan.start_time,
        notes="",
        is_shared=False,
    )
    plan.refresh_from_db()
    assert plan.challenge == mine


def test_a_plan_made_for_a_booking_takes_its_date_and_start_and_has_no_warning(client, employee, room):
    day, start = in_days(10, time(13, 15))
    booking = make_booking(room, employee, start, minutes=120)
    client.force_login(employee)
    response = client.post(
        reverse("methods:plan_new"),
        {"title": "Verksted", "start_time": "09:00", "tie": f"booking-{booking.pk}"},
    )
    assert response.status_code == 302
    plan = Plan.objects.get(title="Verksted")
    assert (plan.date, plan.start_time) == (day, time(13, 15))
    page = client.get(plan.get_absolute_url()).text
    assert "starter ikke før" not in page and "ikke satt" not in page


def test_tying_an_existing_plan_takes_the_booking_times_but_a_kept_tie_keeps_the_persons_own(
    client, employee, room, plan
):
    day, start = in_days(12, time(10, 0))
    booking = make_booking(room, employee, start, minutes=240)
    client.force_login(employee)
    assert edit(client, plan, tie=f"booking-{booking.pk}").status_code == 302
    plan.refresh_from_db()
    assert (plan.date, plan.start_time) == (day, time(10, 0))
    assert (
        edit(client, plan, date=day.isoformat(), start_time="10:30", tie=f"booking-{booking.pk}").status_code
        == 302
    )
    plan.refresh_from_db()
    assert plan.start_time == time(10, 30)
