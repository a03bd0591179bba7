"""Every read the barometer makes of other apps' models, in a bounded number of queries (one or two each).

The figures in figures.py are computed from what these return, so each figure can be checked against data a
test builds by hand.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone

from ideverkstedet.statistics.period import Period


@dataclass(frozen=True)
class InnovationRow:
    taken_into_use: bool
    types: list[str]
    origin: str
    initiators: list[str]
    carriers: list[str]
    partners: list[str]
    user_involvement: str
    effects: list[dict[str, str]]
    spread_actively: bool
    reused: bool


def _area(queryset: QuerySet[Any], period: Period, path: str) -> QuerySet[Any]:
    if period.service_area:
        return queryset.filter(**{f"{path}__slug": period.service_area}).distinct()
    return queryset


def innovation_rows(period: Period) -> list[InnovationRow]:
    """Published stories' innovation records that belong to the period: those taken into use in it (by the date
    given, else the publishing date) and those without anything taken into use published in it. One query."""
    from ideverkstedet.stories.models import InnovationRecord

    start, end = period.start(), period.end()
    in_use = Q(taken_into_use=True) & (
        Q(taken_into_use_on__range=(period.first, period.last))
        | Q(taken_into_use_on__isnull=True, story__published_at__gte=start, story__published_at__lt=end)
    )
    lessons = Q(taken_into_use=False, story__published_at__gte=start, story__published_at__lt=end)
    records = InnovationRecord.objects.filter(story__published_at__isnull=False).filter(in_use | lessons)
    records = _area(records, period, "story__service_areas")
    rows = records.annotate(reuse_count=Count("story__reuses", distinct=True)).values_list(
        "taken_into_use",
        "types",
        "origin",
        "initiators",
        "carriers",
        "partners",
        "user_involvement",
        "effects",
        "spread_actively",
        "reuse_count",
    )
    return [
        InnovationRow(
            taken_into_use=row[0],
            types=list(row[1] or []),
            origin=row[2],
            initiators=list(row[3] or []),
            carriers=list(row[4] or []),
            partners=list(row[5] or []),
            user_involvement=row[6],
            effects=list(row[7] or []),
            spread_actively=row[8],
            reused=row[9] > 0,
        )
        for row in rows
    ]


def unit_innovation(period: Period) -> tuple[int, int]:
    """(units with at least one innovation taken into use in the two years up to the period's end, all units).
    Units come from the organisation model (accounts.Unit); a story counts for its unit. Two queries."""
    from ideverkstedet.accounts.models import Unit
    from ideverkstedet.stories.models import Story

    since = period.last - timedelta(days=730)
    stories = Story.objects.filter(
        published_at__isnull=False,
        unit__isnull=False,
        innovation__taken_into_use=True,
    ).filter(
        Q(innovation__taken_into_use_on__range=(since, period.last))
        | Q(innovation__taken_into_use_on__isnull=True, published_at__date__range=(since, period.last))
    )
    units = Unit.objects.all()
    if period.service_area:
        stories = stories.filter(unit__service_area__slug=period.service_area)
        units = units.filter(service_area__slug=period.service_area)
    return stories.values("unit_id").distinct().count(), units.count()


def reuse_by_status(period: Period) -> dict[str, int]:
    """Reuse announced in the period, by its current status. One query."""
    from ideverkstedet.stories.models import Reuse

    reuses = Reuse.objects.filter(created_at__gte=period.start(), created_at__lt=period.end())
    reuses = _area(reuses, period, "story__service_areas")
    return dict(
        reuses.values_list("status").annotate(n=Count("id", distinct=True)).values_list("status", "n")
    )


# ---------------------------------------------------------------- the workshop: rooms and events


@dataclass(frozen=True)
class BookingRow:
    start: datetime
    end: datetime
    status: str
    purpose_kind_id: int | None
    group_type: str


def booking_rows(period: Period) -> list[BookingRow]:
    """Bookings and event sessions (not staff blocks) starting in the period. One query."""
    from ideverkstedet.rooms.models import Booking

    bookings = Booking.objects.filter(
        room__kind="room", start__gte=period.start(), start__lt=period.end()
    ).exclude(kind=Booking.Kind.BLOCK)
    if period.service_area:
        bookings = bookings.filter(organiser__unit__service_area__slug=period.service_area)
    return [
        BookingRow(*row)
        for row in bookings.values_list("start", "end", "status", "purpose_kind_id", "group_type")
    ]


def purpose_names() -> dict[int, str]:
    from ideverkstedet.rooms.models import PurposeKind

    return {kind.pk: str(kind) for kind in PurposeKind.objects.all()}


def opening_minutes(period: Period) -> int:
    """Minutes our rooms were open in the period (opening hours with exceptions): two queries per room."""
    from ideverkstedet.core.times import local_datetime, real_minutes
    from ideverkstedet.rooms.hours import hours_for_days
    from ideverkstedet.rooms.models import Room

    total = 0
    for room in Room.objects.filter(is_active=True, kind=Room.Kind.ROOM):
        for day in hours_for_days(room, period.first, period.days):
            if day.opens is None or day.closes is None:
                continue
            try:
                total += real_minutes(
                    local_datetime(day.date, day.opens), local_datetime(day.date, day.closes)
                )
            except ValueError:  # opening at a time summer time skips: count the day as closed
                continue
    return total


@dataclass(frozen=True)
class EventFigures:
    kind: str
    capacity: int
    registered: int
    waiting: int
    attended: int
    evaluations: int
    rating_sum: int


def event_figures(period: Period) -> list[EventFigures]:
    """Published events starting in the period, per kind: places, people registered (places), on the waiting
    list, attended, and evaluations. Three queries; events have no service area, so the filter is ignored."""
    from ideverkstedet.events.models import Evaluation, Event, EventKind, Registration

    events = Event.objects.filter(
        status=Event.Status.PUBLISHED, starts_at__gte=period.start(), starts_at__lt=period.end()
    )
    kinds = {kind.pk: str(kind) for kind in EventKind.objects.all()}
    capacity = Counter[int]()
    for kind_id, places in events.values_list("kind_id", "capacity"):
        capacity[kind_id] += places
    registrations = (
        Registration.objects.filter(event__in=events)
        .values("event__kind_id")
        .annotate(
            registered=Count("id", filter=Q(status=Registration.Status.CONFIRMED)),
            waiting=Count("id", filter=Q(status=Registration.Status.WAITLISTED)),
            attended=Count("id", filter=Q(attended=True)),
        )
    )
    counts: dict[int, dict[str, Any]] = {r["event__kind_id"]: dict(r) for r in registrations}
    ratings = Counter[int]()
    rated = Counter[int]()
    for kind_id, rating in Evaluation.objects.filter(registration__event__in=events).values_list(
        "registration__event__kind_id", "rating"
    ):
        ratings[kind_id] += rating
        rated[kind_id] += 1
    result = []
    for kind_id in sorted(set(capacity) | set(counts), key=lambda k: kinds.get(k, "")):
        row: dict[str, Any] = counts.get(kind_id, {})
        result.append(
            EventFigures(
                kind=kinds.get(kind_id, "?"),
                capacity=capacity.get(kind_id, 0),
                registered=row.get("registered", 0),
                waiting=row.get("waiting", 0),
                attended=row.get("attended", 0),
                evaluations=rated.get(kind_id, 0),
                rating_sum=ratings.get(kind_id, 0),
            )
        )
    return result


# ---------------------------------------------------------------- participation


def challenges_by_phase(period: Period) -> list[tuple[str, int]]:
    """Challenges that existed at the period's end, by their phase now, in the phases' order. Two queries."""
    from ideverkstedet.challenges.models import Challenge, Phase

    challenges = _area(Challenge.objects.filter(created_at__lt=period.end()), period, "service_areas")
    counts = dict(
        challenges.values_list("phase_id").annotate(n=Count("id", distinct=True)).values_list("phase_id", "n")
    )
    return [(phase.label, counts.get(phase.pk, 0)) for phase in Phase.objects.order_by("order", "id")]


def challenges_by_area(period: Period) -> list[tuple[str, int]]:
    """Challenges started in the period per service area (one challenge can count for several). One query."""
    from ideverkstedet.accounts.models import ServiceArea

    areas = ServiceArea.objects.annotate(
        n=Count(
            "challenges",
            filter=Q(challenges__created_at__gte=period.start(), challenges__created_at__lt=period.end()),
        )
    ).order_by("name")
    if period.service_area:
        areas = areas.filter(slug=period.service_area)
    return [(area.name, area.n) for area in areas]


def days_to_last_phase(period: Period) -> list[int]:
    """For each challenge that reached the last phase (Dele) in the period: whole days since it started. Two
    queries."""
    from ideverkstedet.challenges.models import Phase, PhaseChange

    last = Phase.objects.order_by("-order", "-id").first()
    if last is None:
        return []
    changes = (
        PhaseChange.objects.filter(to_phase=last).values("challenge_id").annotate(first=Min("changed_at"))
    )
    changes = changes.filter(first__gte=period.start(), first__lt=period.end())
    changes = _area(changes, period, "challenge__service_areas")
    # Calendar days in Oslo: an instant difference across the change to summer time is an hour short.
    return [
        max(0, (timezone.localdate(row["first"]) - timezone.localdate(row["challenge__created_at"])).days)
        for row in changes.values("challenge_id", "first", "challenge__created_at")
    ]


def activity(period: Period) -> dict[str, int]:
    """Ideas, comments and cheers made in the period (hidden posts included: they happened). Three queries."""
    from ideverkstedet.challenges.models import Cheer, Comment, Idea

    window = {"created_at__gte": period.start(), "created_at__lt": period.end()}
    ideas = _area(Idea.objects.filter(**window), period, "challenge__service_areas")
    comments = _area(Comment.objects.filter(**window), period, "challenge__service_areas")
    cheers = _area(Cheer.objects.filter(**window), period, "idea__challenge__service_areas")
    return {"ideas": ideas.count(), "comments": comments.count(), "cheers": cheers.count()}


def input_windows(period: Period) -> tuple[int, int, int]:
    """(input windows that were open some time in the period, of them open to citizens, distinct people who
    posted an idea or a comment in such a window while it was open). Three queries."""
    from ideverkstedet.challenges.models import Challenge, Comment, Idea

    windows = Challenge.objects.filter(input_opens_at__lt=period.end(), input_closes_at__gt=period.start())
    windows = _area(windows, period, "service_areas")
    ids = list(windows.values_list("id", "input_audience"))
    challenge_ids = [pk for pk, _audience in ids]
    people: set[int] = set()
    for model in (Idea, Comment):
        posts = model.objects.filter(
            challenge_id__in=challenge_ids,
            created_at__gte=period.start(),
            created_at__lt=period.end(),
        ).filter(
            created_at__gte=_field("challenge__input_opens_at"),
            created_at__lt=_field("challenge__input_closes_at"),
        )
        people.update(posts.values_list("author_id", flat=True).distinct())
    return len(ids), sum(1 for _pk, audience in ids if audience == "everyone"), len(people)


def _field(name: str) -> Any:
    from django.db.models import F

    return F(name)


def weeks(first: date, last: date) -> list[date]:
    """The Mondays of the ISO weeks from `first` to `last`."""
    monday = first - timedelta(days=first.weekday())
    result = []
    while monday <= last:
        result.append(monday)
        monday += timedelta(days=7)
    return result
