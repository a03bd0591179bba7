"""Reads for rooms and bookings: the week calendar, availability, lists. Query counts stay constant."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ideverkstedet.accounts.models import User
from ideverkstedet.core.times import NonexistentLocalTime, local_datetime, plus_minutes, real_minutes
from ideverkstedet.rooms.hours import DayHours, cached_hours_for_days
from ideverkstedet.rooms.models import MAX_BLOCK_DAYS, Booking, Room


@dataclass
class Segment:
    start: datetime
    end: datetime
    free: bool
    booking: Booking | None = None
    bookable: bool = False  # free, in the future, long enough
    bookable_from: datetime | None = None  # first slot boundary one may book from
    suggested_end: datetime | None = None  # for the booking link: two hours, or less if that is what there is
    past: bool = False

    @property
    def minutes(self) -> int:
        return real_minutes(self.start, self.end)

    # Labels are formatted once here rather than through template filters: the week page renders
    # dozens of segments and is one of the busiest pages (bench/README.md).
    @property
    def label(self) -> str:
        return f"{timezone.localtime(self.start):%H:%M}–{timezone.localtime(self.end):%H:%M}"

    @property
    def from_label(self) -> str:
        return f"{timezone.localtime(self.bookable_from):%H:%M}" if self.bookable_from else ""

    @property
    def until_label(self) -> str:
        return f"{timezone.localtime(self.suggested_end):%H:%M}" if self.suggested_end else ""


@dataclass
class CalendarDay:
    hours: DayHours
    segments: list[Segment] = field(default_factory=list)

    @property
    def date(self) -> date:
        return self.hours.date

    @property
    def iso(self) -> str:
        return self.hours.date.isoformat()


@dataclass
class WeekCalendar:
    room: Room
    monday: date
    days: list[CalendarDay]

    @property
    def previous_week(self) -> date:
        return self.monday - timedelta(days=7)

    @property
    def next_week(self) -> date:
        return self.monday + timedelta(days=7)

    @property
    def week_number(self) -> int:
        return self.monday.isocalendar().week

    @property
    def previous_iso(self) -> str:
        return iso_week(self.previous_week)

    @property
    def next_iso(self) -> str:
        return iso_week(self.next_week)


# Visitors' fragments (core/fragments.py) that show rooms, their rules and opening hours are in this group.
ROOMS_GROUP = "rooms"


def bookings_group(room_id: int) -> str:
    """The visitors' fragment group of one room's bookings: a booking raises only its own room's version (and takes
    only that room's row lock in the version table). A booking never moves to another room (no service does it,
    and the admin shows bookings read-only), so the room it is saved with is the only room it changes."""
    return f"bookings:{room_id}"


def booking_groups(booking: Booking) -> list[str]:
    return [bookings_group(booking.room_id)]


def iso_week(day: date) -> str:
    """2026-W48: the ISO week a date is in, as used in ?uke= links."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def active_rooms() -> QuerySet[Room]:
    return Room.objects.filter(is_active=True).order_by("kind", "name")


def get_room(slug: str) -> Room:
    return get_object_or_404(Room, slug=slug, is_active=True)


def parse_iso_week(value: str | None, today: date) -> date:
    """The Monday of an ISO week like 2026-W48; the current week for anything unreadable or far away."""
    if value:
        try:
            monday = date.fromisoformat(value + "-1") if "W" in value else _monday(date.fromisoformat(value))
        except (ValueError, OverflowError):
            pass
        else:
            if 2000 <= monday.year <= 2100:  # beyond that, instants overflow: show this week instead
                return monday
    return _monday(today)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def room_days(
    room: Room, first: date, days: int, *, now: datetime | None = None, with_people: bool = False
) -> list[CalendarDay]:
    """Free and busy time, day by day: opening hours minus active bookings (with their buffer). Three queries, one
    once the room's opening hours for these days are cached.

    `with_people` also loads each booking's organiser (for staff, who see who booked).
    """
    now = now or timezone.now()
    all_hours = cached_hours_for_days(room, first, days)
    range_start = timezone.make_aware(datetime.combine(first, datetime.min.time())).astimezone(UTC)
    range_end = timezone.make_aware(
        datetime.combine(first + timedelta(days=days), datetime.min.time())
    ).astimezone(UTC)
    bookings_qs = (
        Booking.objects.active()
        .filter(
            room=room,
            # The lower bound on start lets the (room, start) index do the work; nothing active is longer.
            start__gte=range_start - timedelta(days=MAX_BLOCK_DAYS),
            start__lt=range_end,
            occupied_until__gt=range_start,
        )
        .order_by("start")
    )
    if with_people:
        bookings_qs = bookings_qs.select_related("organiser")
    bookings = list(bookings_qs)
    earliest = now + timedelta(minutes=room.min_notice_minutes)
    result = []
    for hours in all_hours:
        day = CalendarDay(hours)
        if hours.is_open:
            try:
                opens = local_datetime(hours.date, hours.opens)  # type: ignore[arg-type]
                closes = local_datetime(hours.date, hours.closes)  # type: ignore[arg-type]
            except NonexistentLocalTime:
                result.append(day)
                continue
            cursor = opens
            for booking in bookings:
                if booking.occupied_until <= opens or booking.start >= closes:
                    continue
                # A new booking's buffer must end before this one starts: the free stretch ends a buffer early,
                # or "Ledig – book" would offer a time the booking then refuses as taken.
                free_until = booking.start - timedelta(minutes=room.buffer_minutes)
                if free_until > cursor:
                    day.segments.append(_free(cursor, free_until, room, earliest))
                day.segments.append(Segment(booking.start, booking.end, free=False, booking=booking))
                cursor = max(cursor, booking.occupied_until)
            if cursor < closes:
                day.segments.append(_free(cursor, closes, room, earliest))
        result.append(day)
    return result


def _free(start: datetime, end: datetime, room: Room, earliest: datetime) -> Segment:
    # Bookable from the first slot boundary that is both after the stretch starts and after "now + notice".
    bookable_from = _ceil_to_slot(max(start, earliest), room.slot_minutes)
    minutes = real_minutes(bookable_from, end)
    usable = minutes - minutes % room.slot_minutes
    bookable = usable >= room.min_minutes
    suggested = min(usable, max(room.min_minutes, 120), room.max_minutes)
    return Segment(
        start=start,
        end=end,
        free=True,
        bookable=bookable,
        bookable_from=bookable_from if bookable else None,
        suggested_end=plus_minutes(bookable_from, suggested) if bookable else None,
        past=end <= earliest,
    )


def _floor_to_slot(moment: datetime, slot: int) -> datetime:
    """The last local slot boundary (09:00, 09:30 …) at or before `moment`."""
    local = timezone.localtime(moment)
    return local.replace(second=0, microsecond=0) - timedelta(minutes=(local.hour * 60 + local.minute) % slot)


def _ceil_to_slot(moment: datetime, slot: int) -> datetime:
    """The first local slot boundary (09:00, 09:30 …) at or after `moment`."""
    floor = _floor_to_slot(moment, slot)
    return floor if floor == timezone.localtime(moment) else floor + timedelta(minutes=slot)


def calendar_changes_at(
    room: Room, days: list[CalendarDay], now: datetime, *, with_passed: bool = True
) -> datetime | None:
    """When what a visitor sees of `room_days(room, …, now=now)` next changes by time alone (the same hours and
    bookings): the instant "now + minimum notice" passes the last slot a free stretch can still be booked from
    (it turns too short to book), or, `with_passed` (the calendar says "Passert"; the API leaves such stretches
    out), reaches the end of a stretch. Where it can be booked from moves on with every slot, but only people
    logged in see that, and they are never served from the cache. None: nothing shown changes any more."""
    notice = timedelta(minutes=room.min_notice_minutes)
    earliest = now + notice
    # A stretch can be booked from slot boundary b while the whole slots from b to its end make the minimum.
    needed = timedelta(minutes=-(-room.min_minutes // room.slot_minutes) * room.slot_minutes)
    moments = []
    for day in days:
        for segment in day.segments:
            if not segment.free or segment.end <= earliest:
                continue  # a booking, or a stretch already passed: fixed
            if segment.bookable:  # until "earliest" passes the last boundary that leaves enough
                moments.append(_floor_to_slot(segment.end - needed, room.slot_minutes))
            elif with_passed:
                moments.append(segment.end)
    return min(moments) - notice if moments else None


def next_midnight(now: datetime) -> datetime:
    """The next local midnight after `now` (where "today" and this week's Monday move on)."""
    return local_datetime(timezone.localdate(now) + timedelta(days=1), time.min)


def week_calendar(
    room: Room, monday: date, *, now: datetime | None = None, with_people: bool = False
) -> WeekCalendar:
    return WeekCalendar(
        room=room, monday=monday, days=room_days(room, monday, 7, now=now, with_people=with_people)
    )


def bookings_for_user(user: User) -> QuerySet[Booking]:
    return (
        Booking.objects.filter(organiser=user, kind=Booking.Kind.BOOKING)
        .select_related("room", "purpose_kind")
        .order_by("-start")
    )


def pending_bookings() -> QuerySet[Booking]:
    return (
        Booking.objects.filter(status=Booking.Status.REQUESTED, end__gt=timezone.now())
        .select_related("room", "organiser", "organiser__unit", "organiser__organisation", "purpose_kind")
        .order_by("start")
    )


def todays_bookings() -> QuerySet[Booking]:
    today = timezone.localdate()
    start = timezone.make_aware(datetime.combine(today, datetime.min.time()))
    return (
        Booking.objects.active()
        .filter(start__gte=start, start__lt=start + timedelta(days=1))
        .select_related("room", "organiser", "purpose_kind")
        .order_by("start")
    )


def get_booking_for_user(user: User, pk: int, permission: str = "rooms.view_booking") -> Booking:
    """Fetch and authorise in one step: 404 if it does not exist or the person may not see it, 403 if they may
    see it but not do `permission`. Pages and the API both fetch bookings here."""
    booking = (
        Booking.objects.select_related("room", "organiser", "purpose_kind", "decided_by")
        .filter(pk=pk)
        .first()
    )
    if booking is None or not user.has_perm("rooms.view_booking", booking):
        raise Http404
    if permission != "rooms.view_booking" and not user.has_perm(permission, booking):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(permission)
    return booking


def room_feed_bookings(room: Room) -> QuerySet[Booking]:
    since = timezone.now() - timedelta(days=31)
    return Booking.objects.active().filter(room=room, end__gt=since).select_related("room").order_by("start")


# The approval queue: filtered, sorted, a page at a time, with what an adviser needs to decide. ---------------

QUEUE_SORTS = {
    "start": ("start", "pk"),
    "ny": ("-created_at", "-pk"),
    "rom": ("room__name", "start", "pk"),
}


@dataclass(frozen=True)
class QueueFilter:
    """What the adviser asked for. Every part is optional; values have been checked by the form."""

    room: Room | None = None
    day_from: date | None = None
    day_to: date | None = None
    role: str = ""
    reason: str = ""  # "rolle": the role always needs approval; "lengde": longer than the room allows freely
    sort: str = "start"


def approval_queue(wanted: QueueFilter) -> QuerySet[Booking]:
    """Pending bookings that have not ended, filtered and sorted (the reason filter is applied by the caller's
    page through `why_approval`, as it depends on each room's rules)."""
    qs = pending_bookings()
    if wanted.room is not None:
        qs = qs.filter(room=wanted.room)
    if wanted.day_from is not None:
        qs = qs.filter(start__gte=local_datetime(wanted.day_from, datetime.min.time()))
    if wanted.day_to is not None:
        qs = qs.filter(start__lt=local_datetime(wanted.day_to + timedelta(days=1), datetime.min.time()))
    if wanted.role:
        qs = qs.filter(organiser__role=wanted.role)
    return qs.order_by(*QUEUE_SORTS.get(wanted.sort, QUEUE_SORTS["start"]))


def why_approval(booking: Booking) -> str:
    """ "rolle" when the organiser's role always needs approval in this room, else "lengde" (or "" when neither
    holds any longer, say after the room's rules changed)."""
    room = booking.room
    if room.role_needs_approval(booking.organiser.role):
        return "rolle"
    minutes = real_minutes(booking.start, booking.end)
    if room.approval_over_minutes is not None and minutes > room.approval_over_minutes:
        return "lengde"
    return ""


@dataclass
class QueueItem:
    booking: Booking
    why: str
    clashes: list[Booking] = field(default_factory=list)  # the same person's other bookings at the same time
    others: list[Booking] = field(default_factory=list)  # the same person's other coming bookings


def queue_items(bookings: list[Booking]) -> list[QueueItem]:
    """What to show beside each pending booking, in one query for the whole page: the requester's other active
    bookings that are still coming, and which of them overlap this one."""
    organisers = {b.organiser_id for b in bookings}
    theirs: dict[int, list[Booking]] = {}
    if organisers:
        for other in (
            Booking.objects.active()
            .filter(organiser_id__in=organisers, kind=Booking.Kind.BOOKING, end__gt=timezone.now())
            .select_related("room")
            .order_by("start")
        ):
            theirs.setdefault(other.organiser_id, []).append(other)
    items = []
    for booking in bookings:
        others = [o for o in theirs.get(booking.organiser_id, []) if o.pk != booking.pk]
        clashes = [o for o in others if o.start < booking.end and booking.start < o.end]
        items.append(
            QueueItem(booking=booking, why=why_approval(booking), clashes=clashes, others=others[:5])
        )
    return items


@dataclass(frozen=True)
class Quota:
    room: Room
    used: int  # the person's active bookings that have not ended (in any room: the rule counts them all)
    allowed: int


def open_bookings_quota(user: Any, rooms: list[Room]) -> list[Quota]:
    """How many coming bookings the person has against each room's limit, shown before the form so the rule
    is no surprise. Empty for visitors and for staff (the limit does not apply to them)."""
    if not user.is_authenticated or user.has_perm("rooms.book_outside_rules") or not rooms:
        return []
    used = (
        Booking.objects.active()
        .filter(organiser=user, kind=Booking.Kind.BOOKING, end__gt=timezone.now())
        .count()
    )
    return [Quota(room=room, used=used, allowed=room.max_open_bookings) for room in rooms]
