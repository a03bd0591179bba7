"""Every read the barometer makes of other apps' models, in a bounded number of queries (one or two each).

The figures in figures.py are computed from what these return, so each figure can be checked against data a
test builds by hand.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, FloatField, Func, Min, Q, QuerySet
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
class BookingFigures:
    """Bookings and event sessions (not staff blocks) starting in the period, summed by the database."""

    minutes_by_week: dict[date, float]  # confirmed minutes per ISO week (its Monday, local time)
    minutes_by_purpose: dict[int | None, float]  # confirmed minutes per kind of work
    confirmed_by_group: dict[str, int]  # confirmed bookings per group
    by_status: dict[str, int]  # bookings per status

    @property
    def booked_minutes(self) -> float:
        return sum(self.minutes_by_purpose.values())


class Minutes(Func):
    """Minutes from `start` to `end`, computed by the database itself: `julianday()` arithmetic on SQLite and
    `EXTRACT(EPOCH …)` on PostgreSQL. Django's own `F("end") - F("start")` is a Python function per row on
    SQLite (a third of a second over a year's bookings on the large demo)."""

    arity = 2
    output_field = FloatField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="((julianday(%(expressions)s)) * 1440.0)",
            arg_joiner=") - julianday(",
            **extra,
        )

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="(EXTRACT(EPOCH FROM (%(expressions)s)) / 60.0)::double precision",
            arg_joiner=" - ",
            **extra,
        )


def booking_figures(period: Period) -> BookingFigures:
    """Two aggregate queries whatever the number of bookings: one grouped by status, kind of work and group,
    one summing confirmed minutes grouped by week (the week's number is a CASE over the weeks' bounds, worked out
    here in local time, so a week across the change to summer time is right; the same SQL on SQLite and
    PostgreSQL, where a time-zone-aware TruncWeek is a slow Python function on SQLite)."""
    from django.db.models import Case, IntegerField, Sum, Value, When

    from ideverkstedet.rooms.models import Booking

    bookings = (
        Booking.objects.filter(room__kind="room", start__gte=period.start(), start__lt=period.end())
        .exclude(kind=Booking.Kind.BLOCK)
        .order_by()
    )
    if period.service_area:
        bookings = bookings.filter(organiser__unit__service_area__slug=period.service_area)
    length = Minutes("end", "start")
    by_purpose: dict[int | None, float] = {}
    by_group: Counter[str] = Counter()
    by_status: Counter[str] = Counter()
    for row in bookings.values("status", "purpose_kind_id", "group_type").annotate(
        n=Count("id"), length=Sum(length)
    ):
        by_status[row["status"]] += row["n"]
        if row["status"] == Booking.Status.CONFIRMED:
            by_group[row["group_type"]] += row["n"]
            kind = row["purpose_kind_id"]
            by_purpose[kind] = by_purpose.get(kind, 0.0) + (row["length"] or 0.0)
    mondays = weeks(period.first, period.last)
    # The week's number as one CASE over the weeks' ends (the first that is later than the start wins).
    week = Case(
        *[
            When(start__lt=_local_midnight(monday + timedelta(days=7)), then=Value(index))
            for index, monday in enumerate(mondays)
        ],
        output_field=IntegerField(),
    )
    totals = dict(
        bookings.filter(status=Booking.Status.CONFIRMED)
        .annotate(week=week)
        .values("week")
        .annotate(length=Sum(length))
        .values_list("week", "length")
    )
    by_week = {monday: float(totals.get(index) or 0.0) for index, monday in enumerate(mondays)}
    return BookingFigures(by_week, by_purpose, dict(by_group), dict(by_status))


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def purpose_names() -> dict[int, str]:
    from ideverkstedet.rooms.models import PurposeKind

    return {kind.pk: str(kind) for kind in PurposeKind.objects.all()}


def opening_minutes(period: Period) -> int:
    """Minutes our rooms were open in the period. Three queries (rooms, their weekly hours, the exceptions in
    the period), then per room once: each weekday's hours times how many such weekdays the period has, and a
    correction for each exception (holiday, special hours) and each day the clocks change (an evening open
    across 02:00 that day is an hour longer or shorter). Opening at a time summer time skips counts as closed.
    """
    from ideverkstedet.rooms.models import ClosedDay, OpeningHours, Room

    rooms = list(Room.objects.filter(is_active=True, kind=Room.Kind.ROOM).values_list("pk", flat=True))
    regular: dict[int, dict[int, tuple[Any, Any]]] = {pk: {} for pk in rooms}
    for room_id, weekday, opens, closes in OpeningHours.objects.filter(room_id__in=rooms).values_list(
        "room_id", "weekday", "opens", "closes"
    ):
        regular[room_id][weekday] = (opens, closes)
    shared: dict[date, tuple[Any, Any]] = {}
    own: dict[int, dict[date, tuple[Any, Any]]] = {}
    for owner, day, special_opens, special_closes in ClosedDay.objects.filter(
        Q(room__isnull=True) | Q(room_id__in=rooms), date__range=(period.first, period.last)
    ).values_list("room_id", "date", "opens", "closes"):
        (shared if owner is None else own.setdefault(owner, {}))[day] = (special_opens, special_closes)
    per_weekday = [0] * 7  # how many Mondays, Tuesdays … the period has
    full_weeks, rest = divmod(period.days, 7)
    for weekday in range(7):
        per_weekday[weekday] = full_weeks
    for offset in range(rest):
        per_weekday[(period.first.weekday() + offset) % 7] += 1
    changes = _clock_changes(period)
    total = 0
    for room_id in rooms:
        week = regular[room_id]
        nominal = {w: _nominal(opens, closes) for w, (opens, closes) in week.items()}
        total += sum(per_weekday[w] * minutes for w, minutes in nominal.items())
        exceptions = {**shared, **own.get(room_id, {})}  # a room's own exception wins over a shared one
        for day in set(exceptions) | changes:
            counted = nominal.get(day.weekday(), 0)
            hours = exceptions.get(day, week.get(day.weekday(), (None, None)))
            total += _real(day, *hours) - counted
    return total


def _nominal(opens: Any, closes: Any) -> int:
    return (closes.hour * 60 + closes.minute) - (opens.hour * 60 + opens.minute)


def _real(day: date, opens: Any, closes: Any) -> int:
    from ideverkstedet.core.times import local_datetime, real_minutes

    if opens is None or closes is None:
        return 0
    try:
        return real_minutes(local_datetime(day, opens), local_datetime(day, closes))
    except ValueError:  # opening at a time summer time skips: the day counts as closed
        return 0


def _clock_changes(period: Period) -> set[date]:
    """The days in the period on which the local clock changes (summer time begins or ends)."""
    zone = timezone.get_current_timezone()
    result = set()
    day = period.first
    offset = datetime.combine(day, datetime.min.time(), zone).utcoffset()
    while day <= period.last:
        following = datetime.combine(day + timedelta(days=1), datetime.min.time(), zone).utcoffset()
        if following != offset:
            result.add(day)
        day, offset = day + timedelta(days=1), following
    return result


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
    posted an idea or a comment in such a window while it was open). Two queries: the windows counted by
    audience, and the people as a UNION of the two tables' authors, counted by the database."""
    from django.db.models import F

    from ideverkstedet.challenges.models import Challenge, Comment, Idea

    start, end = period.start(), period.end()
    windows = _area(
        Challenge.objects.filter(input_opens_at__lt=end, input_closes_at__gt=start), period, "service_areas"
    )
    audiences = Counter(
        dict(windows.order_by().values_list("input_audience").annotate(n=Count("id", distinct=True)))
    )
    posts = []
    for model in (Idea, Comment):
        made = model.objects.filter(
            created_at__gte=start,
            created_at__lt=end,
            challenge__input_opens_at__lte=F("created_at"),
            challenge__input_closes_at__gt=F("created_at"),
        )
        posts.append(_area(made, period, "challenge__service_areas").order_by().values("author_id"))
    people = posts[0].union(posts[1]).count()
    return sum(audiences.values()), audiences.get("everyone", 0), people


def weeks(first: date, last: date) -> list[date]:
    """The Mondays of the ISO weeks from `first` to `last`."""
    monday = first - timedelta(days=first.weekday())
    result = []
    while monday <= last:
        result.append(monday)
        monday += timedelta(days=7)
    return result


# ---------------------------------------------------------------- the desk (requests to the unit)


def desk_statistics(period: Period) -> tuple[Any, dict[str, tuple[str, str]]]:
    """The desk's own statistics for the period and service area (desk.selectors.request_statistics: one
    query), and its kinds' slugs and names in the current language by their Norwegian name (one query)."""
    from ideverkstedet.desk.models import Kind
    from ideverkstedet.desk.selectors import request_statistics

    stats = request_statistics(since=period.first, until=period.last, service_area=period.service_area)
    labels = {kind.name: (kind.slug, kind.label) for kind in Kind.objects.order_by("position", "pk")}
    return stats, labels
