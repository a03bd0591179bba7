"""Every figure of the barometer against data built by hand, with the expected numbers worked out here."""

import contextlib
from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.utils import timezone

from ideverkstedet.accounts.models import Role, Unit
from ideverkstedet.accounts.tests.factories import ServiceAreaFactory, UnitFactory
from ideverkstedet.challenges.models import Challenge, Comment, Idea, Phase, PhaseChange
from ideverkstedet.challenges.tests.factories import make_challenge, make_idea
from ideverkstedet.events.models import Evaluation, Registration
from ideverkstedet.events.tests.factories import EventFactory, EventKindFactory
from ideverkstedet.rooms.models import Booking, ClosedDay, GroupType
from ideverkstedet.rooms.tests.factories import PurposeKindFactory, RoomFactory, local, make_booking
from ideverkstedet.statistics.figures import build_barometer
from ideverkstedet.statistics.period import Period
from ideverkstedet.stories import services
from ideverkstedet.stories.models import Reuse, Story
from ideverkstedet.stories.tests.factories import make_story

pytestmark = pytest.mark.django_db

YEAR = 2025


def _at(day: str) -> datetime:
    return timezone.make_aware(datetime.combine(date.fromisoformat(day), time(12, 0)))


def _rows(barometer, key):  # type: ignore[no-untyped-def]
    figure = barometer.figure(key)
    assert figure is not None, key
    return {row.key: row.value for row in figure.rows}


@pytest.fixture
def innovation_data(make_user):  # type: ignore[no-untyped-def]
    area = ServiceAreaFactory(name="Oppvekst", slug="oppvekst")
    units = [UnitFactory(service_area=area) for _ in range(4)]
    stories = {}

    def story(name, unit, innovation, published="2025-05-05"):  # type: ignore[no-untyped-def]
        author = make_user(Role.EMPLOYEE, unit=unit)
        made = make_story(author=make_user(Role.ADVISOR, unit=unit), title=name, innovation=innovation)
        Story.objects.filter(pk=made.pk).update(published_at=_at(published), unit=unit)
        made.service_areas.set([area])
        stories[name] = made
        return author

    story(
        "S1",
        units[0],
        {
            "taken_into_use": True,
            "taken_into_use_on": date(2025, 3, 1),
            "types": ["service", "process"],
            "origin": "own",
            "initiators": ["employees"],
            "carriers": ["employees", "leaders"],
            "partners": ["users"],
            "user_involvement": "co_created",
            "effects": [
                {"kind": "quality", "level": "measured", "figure": "1"},
                {"kind": "efficiency", "level": "expected", "figure": ""},
            ],
            "spread_actively": True,
        },
    )
    story(
        "S2",
        units[1],
        {
            "taken_into_use": True,
            "taken_into_use_on": date(2025, 6, 1),
            "types": ["service"],
            "origin": "adopted",
            "initiators": ["leaders"],
            "carriers": ["employees"],
            "user_involvement": "consulted",
            "effects": [{"kind": "quality", "level": "observed", "figure": ""}],
        },
    )
    story("S3", units[1], {"taken_into_use": False})  # a lesson: nothing taken into use
    story(
        "S4",
        units[2],
        {"taken_into_use": True, "taken_into_use_on": date(2024, 1, 1)},
        published="2024-02-01",
    )
    story(
        "S5",
        units[3],
        {"taken_into_use": True, "taken_into_use_on": date(2022, 12, 1)},
        published="2023-01-01",
    )
    draft = make_story(
        title="Utkast", publish=False, innovation={"taken_into_use": True, "types": ["product"]}
    )
    Story.objects.filter(pk=draft.pk).update(unit=units[3])
    for _ in range(2):
        taker = make_user(Role.EMPLOYEE)
        reuse = services.reuse_create(actor=taker, story=stories["S1"], who="Skolen")
        Reuse.objects.filter(pk=reuse.pk).update(created_at=_at("2025-07-01"))
    return {"area": area, "units": units, "stories": stories}


def test_innovation_figures(innovation_data):
    barometer = build_barometer(Period.year(YEAR), internal=True)
    assert _rows(barometer, "innovations") == {"in_use": 2, "lessons": 1}
    assert _rows(barometer, "units") == {"with": 3, "without": Unit.objects.count() - 3}  # S1, S2, S4's units
    assert _rows(barometer, "types") == {"service": 2, "product": 0, "process": 1, "communication": 0}
    assert _rows(barometer, "origin") == {"own": 1, "adopted": 1, "both": 0}
    initiators = _rows(barometer, "initiators")
    assert (initiators["leaders"], initiators["employees"], sum(initiators.values())) == (1, 1, 2)
    carriers = _rows(barometer, "carriers")
    assert (carriers["leaders"], carriers["employees"], sum(carriers.values())) == (1, 2, 3)
    assert sum(_rows(barometer, "partners").values()) == 1 and _rows(barometer, "partners")["users"] == 1
    involvement = _rows(barometer, "involvement")
    assert (involvement["co_created"], involvement["consulted"], sum(involvement.values())) == (1, 1, 2)
    effects = _rows(barometer, "effects")
    assert (effects["quality"], effects["efficiency"], sum(effects.values())) == (2, 1, 3)
    assert _rows(barometer, "effect_levels") == {"expected": 1, "observed": 1, "measured": 1}
    assert barometer.figure("effect_levels").summary == "33,3 % av effektene er målt"
    assert _rows(barometer, "spreading") == {"spread": 1, "reused": 1}
    assert _rows(barometer, "reuse") == {"interested": 2, "trying": 0, "in_use": 0}


def test_service_area_filter_and_other_years(innovation_data, make_user):
    other = ServiceAreaFactory(name="Helse", slug="helse")
    barometer = build_barometer(Period.year(YEAR, "helse"), internal=True)
    assert _rows(barometer, "innovations") == {"in_use": 0, "lessons": 0}
    assert _rows(barometer, "units") == {
        "with": 0,
        "without": Unit.objects.filter(service_area=other).count(),
    }
    barometer = build_barometer(Period.year(YEAR, "oppvekst"), internal=True)
    assert _rows(barometer, "units") == {"with": 3, "without": 1}
    assert _rows(barometer, "innovations") == {"in_use": 2, "lessons": 1}
    earlier = build_barometer(Period.year(2024), internal=True)
    assert _rows(earlier, "innovations") == {"in_use": 1, "lessons": 0}


def test_under_5_rule_for_the_public(innovation_data):
    public = build_barometer(Period.year(YEAR), internal=False)
    reuse = public.figure("reuse")
    assert [(row.key, row.value, row.display) for row in reuse.rows] == [
        ("interested", None, "under 5"),
        ("trying", 0, "0"),
        ("in_use", 0, "0"),
    ]
    assert reuse.rows[0].export_value == "<5"
    # Counts of stories are not counts of people: shown as they are.
    assert _rows(public, "innovations") == {"in_use": 2, "lessons": 1}
    assert public.figure("room_status") is None  # internal only


def test_under_5_rule_keeps_five_and_more(innovation_data, make_user):
    for _ in range(3):
        reuse = services.reuse_create(
            actor=make_user(Role.EMPLOYEE), story=innovation_data["stories"]["S2"], who="X"
        )
        Reuse.objects.filter(pk=reuse.pk).update(created_at=_at("2025-08-01"))
    public = build_barometer(Period.year(YEAR), internal=False)
    assert _rows(public, "reuse")["interested"] == 5


def test_room_figures(make_user):
    room = RoomFactory()  # open 08–20 every day
    ClosedDay.objects.create(room=room, date=date(2025, 3, 5), reason="Stengt")
    person = make_user(Role.EMPLOYEE)
    workshop = PurposeKindFactory(name="Idéverksted")
    course = PurposeKindFactory(name="Kurs")
    make_booking(room, person, local("2025-03-03", "09:00"), 120, purpose_kind=workshop)  # Monday, week 10
    make_booking(
        room,
        person,
        local("2025-03-04", "09:00"),
        90,
        purpose_kind=course,
        group_type=GroupType.WITH_CITIZENS,
    )
    make_booking(room, person, local("2025-03-11", "09:00"), 60, purpose_kind=workshop)  # week 11
    make_booking(
        room,
        person,
        local("2025-03-12", "09:00"),
        60,
        status=Booking.Status.CANCELLED,
        cancelled_at=timezone.now(),
    )
    make_booking(room, person, local("2025-03-13", "09:00"), 60, status=Booking.Status.RELEASED)
    make_booking(room, person, local("2025-04-01", "09:00"), 60)  # outside the period
    period = Period(date(2025, 3, 3), date(2025, 3, 16))  # two whole weeks, one closed day
    barometer = build_barometer(period, internal=True)
    weeks = barometer.figure("room_hours").rows
    assert [(row.key, row.value) for row in weeks] == [("2025-03-03", 3.5), ("2025-03-10", 1.0)]
    assert _rows(barometer, "room_share") == {"booked": 4.5, "open": 13 * 12.0}
    assert barometer.figure("room_share").summary == "2,9 % av åpningstiden var booket"  # 4.5 / 156
    purposes = _rows(barometer, "room_purpose")
    assert purposes[str(workshop.pk)] == 3.0 and purposes[str(course.pk)] == 1.5
    groups = _rows(barometer, "room_groups")
    assert (groups[GroupType.TEAM], groups[GroupType.WITH_CITIZENS], sum(groups.values())) == (2, 1, 3)
    status = _rows(barometer, "room_status")
    assert (status["confirmed"], status["cancelled"], status["released"], status["declined"]) == (3, 1, 1, 0)


def test_event_figures_and_evaluation_under_5(make_user):
    kind = EventKindFactory()
    event = EventFactory(kind=kind, capacity=12, starts_at=_at("2025-09-10"))
    EventFactory(kind=kind, capacity=8, starts_at=_at("2025-10-10"))
    EventFactory(kind=kind, capacity=100, starts_at=_at("2026-01-10"))  # outside
    ratings = [5, 4, 4, 3, 5, 2]
    for index in range(8):
        registration = Registration.objects.create(
            event=event,
            person=make_user(Role.EMPLOYEE),
            status=Registration.Status.CONFIRMED if index < 6 else Registration.Status.WAITLISTED,
            waitlist_position=None if index < 6 else index - 5,
            attended=True if index < 5 else None,
        )
        if index < len(ratings):
            Evaluation.objects.create(registration=registration, rating=ratings[index])
    internal = build_barometer(Period.year(YEAR), internal=True)
    assert _rows(internal, "events") == {"capacity": 20, "registered": 6, "waiting": 2, "attended": 5}
    assert _rows(internal, "evaluation") == {kind.name: round(sum(ratings) / 6, 1)}  # 3.8
    public = build_barometer(Period.year(YEAR), internal=False)
    assert _rows(public, "events") == {"capacity": 20, "registered": 6, "waiting": None, "attended": 5}
    assert _rows(public, "evaluation") == {kind.name: 3.8}
    Evaluation.objects.filter(rating=2).delete()
    Evaluation.objects.filter(rating=3).delete()
    public = build_barometer(Period.year(YEAR), internal=False)
    assert _rows(public, "evaluation") == {kind.name: None}  # an average of four people is not shown


def test_participation_figures(make_user):
    area = ServiceAreaFactory(name="Kultur", slug="kultur")
    phases = list(Phase.objects.order_by("order"))
    owner = make_user(Role.EMPLOYEE)
    first = make_challenge(owner, title="Første")
    second = make_challenge(owner, title="Andre", visibility="public")
    later = make_challenge(owner, title="Senere")
    first.service_areas.add(area)
    Challenge.objects.filter(pk=first.pk).update(created_at=_at("2025-01-10"), phase=phases[-1])
    Challenge.objects.filter(pk=second.pk).update(
        created_at=_at("2025-02-01"),
        input_opens_at=_at("2025-03-01"),
        input_closes_at=_at("2025-03-31"),
        input_audience="everyone",
    )
    Challenge.objects.filter(pk=later.pk).update(created_at=_at("2026-02-01"))
    PhaseChange.objects.create(
        challenge=first, from_phase=phases[0], to_phase=phases[-1], changed_at=_at("2025-04-11")
    )
    citizen = make_user(Role.CITIZEN)
    second.refresh_from_db()
    idea = make_idea(second, title="Idé i vinduet")
    Idea.objects.filter(pk=idea.pk).update(created_at=_at("2025-03-10"), author=citizen)
    comment = Comment.objects.create(challenge=second, author=owner, body="Kommentar")
    Comment.objects.filter(pk=comment.pk).update(created_at=_at("2025-03-15"))
    outside = Comment.objects.create(challenge=second, author=make_user(Role.EMPLOYEE), body="Etterpå")
    Comment.objects.filter(pk=outside.pk).update(created_at=_at("2025-04-15"))  # after the window
    barometer = build_barometer(Period.year(YEAR), internal=True)
    by_phase = {row.label: row.value for row in barometer.figure("phases").rows}
    assert by_phase[phases[0].label] == 1 and by_phase[phases[-1].label] == 1  # "Senere" did not exist yet
    assert {row.label: row.value for row in barometer.figure("areas").rows}["Kultur"] == 1
    assert _rows(barometer, "to_dele") == {"median": 91, "shortest": 91, "longest": 91}  # 10 Jan -> 11 Apr
    assert _rows(barometer, "activity") == {"ideas": 1, "comments": 2, "cheers": 0}
    assert _rows(barometer, "input") == {"windows": 1, "citizens": 1, "people": 2}
    public = build_barometer(Period.year(YEAR), internal=False)
    assert _rows(public, "input") == {"windows": 1, "citizens": 1, "people": None}


def test_period_from_query_never_fails():
    today = date(2026, 11, 30)
    assert Period.from_query({}, today) == Period.year(2026)
    assert Period.from_query({"ar": "abc"}, today) == Period.year(2026)
    assert Period.from_query({"ar": "99999999999999"}, today) == Period.year(2026)
    assert Period.from_query({"ar": "2024", "omrade": "x" * 500}, today).service_area == "x" * 80
    assert Period.from_query({"fra": "2025-06-30", "til": "2025-01-01"}, today) == Period(
        date(2025, 1, 1), date(2025, 6, 30)
    )
    assert Period.from_query({"fra": "1-01-01"}, today) == Period.year(2026)
    long = Period.from_query({"fra": "2000-01-01", "til": "2099-01-01"}, today)
    assert long.days <= 366 * 5 + 1
    _ = UTC, timedelta


def test_opening_minutes_per_week_match_the_day_by_day_count():
    """Weekly hours times weekdays, corrected for exceptions and the two days the clocks change, equal the
    opening hours added up day by day (rooms.hours), over a year with a room open across 02:00 on Sundays."""
    from ideverkstedet.core.times import local_datetime, real_minutes
    from ideverkstedet.rooms.hours import hours_for_days
    from ideverkstedet.rooms.models import OpeningHours, Room
    from ideverkstedet.statistics.selectors import opening_minutes

    night = RoomFactory()
    OpeningHours.objects.filter(room=night, weekday=6).update(opens=time(1, 0), closes=time(5, 0))
    OpeningHours.objects.filter(room=night, weekday=5).delete()  # closed on Saturdays
    day_room = RoomFactory()
    RoomFactory(is_active=False)  # not counted
    ClosedDay.objects.create(room=None, date=date(2025, 5, 17), reason="Grunnlovsdag")
    ClosedDay.objects.create(
        room=night, date=date(2025, 5, 18), reason="Kortere", opens=time(9), closes=time(10)
    )
    ClosedDay.objects.create(room=day_room, date=date(2025, 10, 26), reason="Stengt")  # the autumn change
    ClosedDay.objects.create(
        room=None, date=date(2025, 12, 24), reason="Julaften", opens=time(9), closes=time(12)
    )
    period = Period(date(2025, 1, 2), date(2025, 12, 30))
    expected = 0
    for room in Room.objects.filter(is_active=True, kind=Room.Kind.ROOM):
        for day in hours_for_days(room, period.first, period.days):
            if day.is_open:
                with contextlib.suppress(ValueError):
                    expected += real_minutes(
                        local_datetime(day.date, day.opens), local_datetime(day.date, day.closes)
                    )
    assert opening_minutes(period) == expected
    # The spring change skips 02:00–03:00 (a night opening at 01:00 is an hour shorter), autumn repeats it.
    assert opening_minutes(Period(date(2025, 3, 30), date(2025, 3, 30))) == 12 * 60 + 3 * 60
    assert opening_minutes(Period(date(2025, 10, 26), date(2025, 10, 26))) == 5 * 60
