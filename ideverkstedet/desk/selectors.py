"""Every non-trivial read at the desk: fetch-and-authorise, the queue, the conversation, statistics."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from statistics import median

from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from ideverkstedet.accounts.models import User
from ideverkstedet.accounts.rules import ADVISER_ROLES
from ideverkstedet.desk.models import OPEN_STATUSES, Kind, Message, Request, Status
from ideverkstedet.desk.workdays import working_days_between

REQUEST_RELATED = ("kind", "requester", "unit__service_area", "organisation")
REFERENCE = re.compile(r"IV-\d{4}-\d{4,6}")


def clean_reference(value: object) -> str | None:
    """A reference as typed in a URL or query string (any case), or None if it cannot be one. Checked before
    any query: PostgreSQL refuses text with NUL bytes with an error, not an empty answer."""
    text = str(value or "").strip().upper()
    return text if REFERENCE.fullmatch(text) else None


def _with_assignees(qs: QuerySet[Request]) -> QuerySet[Request]:
    return qs.prefetch_related(
        Prefetch("assignees", queryset=User.objects.only("pk", "full_name", "email", "anonymised_at"))
    )


def annotate_assignees(requests: list[Request]) -> list[Request]:
    """Give each request `assignee_ids` from the prefetched assignees, so rules need no query per row."""
    for item in requests:
        item.assignee_ids = {person.pk for person in item.assignees.all()}  # type: ignore[attr-defined]
    return requests


def get_request_for_user(user: User, reference: str, permission: str = "desk.view_request") -> Request:
    """Fetch and authorise in one step: 404 if it does not exist or the person may not see it, 403 if they
    may see it but not do `permission`."""
    cleaned = clean_reference(reference)
    if cleaned is None:
        raise Http404
    request = (
        _with_assignees(
            Request.objects.select_related(
                *REQUEST_RELATED,
                "challenge",
                "booking__room",
                "plan",
                "made_booking",
                "made_event",
                "made_plan",
            )
        )
        .filter(reference=cleaned)
        .first()
    )
    if request is None:
        raise Http404
    annotate_assignees([request])
    if not user.has_perm("desk.view_request", request):
        raise Http404
    if permission != "desk.view_request" and not user.has_perm(permission, request):
        raise PermissionDenied(permission)
    return request


def conversation(request: Request, user: User) -> list[Message]:
    """The messages the person may read: internal notes only for those allowed to see them."""
    messages = Message.objects.filter(request=request).select_related("author")
    if not user.has_perm("desk.view_internal_notes", request):
        messages = messages.filter(is_internal=False)
    return list(messages.order_by("created_at", "pk")[:500])


def requests_of(user: User) -> QuerySet[Request]:
    return Request.objects.filter(requester=user).select_related("kind").order_by("-created_at", "-pk")


def advisers() -> QuerySet[User]:
    return User.objects.filter(role__in=ADVISER_ROLES, is_active=True).order_by("full_name")


# The queue ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueFilter:
    status: str | None = None  # a status, "open" (the default) or "all"
    kind: int | None = None
    assigned: int | None = None  # an adviser's pk, 0 for nobody
    service_area: int | None = None
    overdue: bool = False
    mine: bool = False
    query: str = ""


def _assigned_to(user_id: int) -> Exists:
    through = Request.assignees.through
    return Exists(through.objects.filter(request_id=OuterRef("pk"), user_id=user_id))


def _assigned_to_anyone() -> Exists:
    return Exists(Request.assignees.through.objects.filter(request_id=OuterRef("pk")))


def queue(wanted: QueueFilter, *, user: User, today: date | None = None) -> QuerySet[Request]:
    """The requests an adviser triages, most urgent first (QUEUE_ORDER). Assignment
    filters are subqueries, not joins, so a request with two advisers is one row (no DISTINCT to sort away)."""
    today = today or timezone.localdate()
    qs = _with_assignees(Request.objects.select_related(*REQUEST_RELATED))
    if wanted.status in (None, "", "open"):
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif wanted.status != "all":
        qs = qs.filter(status=wanted.status)
    if wanted.kind:
        qs = qs.filter(kind_id=wanted.kind)
    if wanted.assigned == 0:
        qs = qs.filter(~_assigned_to_anyone())
    elif wanted.assigned:
        qs = qs.filter(_assigned_to(wanted.assigned))
    if wanted.service_area:
        qs = qs.filter(unit__service_area_id=wanted.service_area)
    if wanted.overdue:
        qs = qs.filter(overdue_q(today))
    if wanted.mine:
        qs = qs.filter(_assigned_to(user.pk))
    if wanted.query:
        text = wanted.query.strip()
        qs = qs.filter(Q(reference__iexact=text) | Q(need__icontains=text))
    return qs.order_by(*QUEUE_ORDER)


# Most urgent first: requests still waiting for their first answer, by the day it is promised (the overdue
# ones lead), then priority and age; answered ones after them in the same order.
QUEUE_ORDER = (
    ExpressionWrapper(Q(first_answer_at__isnull=False), output_field=BooleanField()).asc(),
    "answer_due",
    "-priority",
    "created_at",
    "pk",
)


def overdue_q(today: date) -> Q:
    return Q(first_answer_at__isnull=True, status__in=OPEN_STATUSES, answer_due__lt=today)


def queue_counts(*, user: User, today: date | None = None) -> dict[str, int]:
    """How many requests are in each status, overdue, with nobody on them and on the person's own list.

    Two queries whatever the size of the desk: requests per status (grouped), and the open ones' figures over
    the open requests only (the status index finds them). Assignment tests are subqueries: a join would count a
    request once per adviser on it."""
    today = today or timezone.localdate()
    counts = dict.fromkeys(Status.values, 0)
    for status, number in Request.objects.order_by().values_list("status").annotate(n=Count("pk")):
        counts[status] = number
    open_figures = Request.objects.filter(status__in=OPEN_STATUSES).aggregate(
        overdue=Count("pk", filter=overdue_q(today)),
        unassigned=Count("pk", filter=~_assigned_to_anyone()),
        mine=Count("pk", filter=_assigned_to(user.pk)),
    )
    counts["open"] = sum(counts[status] for status in OPEN_STATUSES)
    counts.update({key: value or 0 for key, value in open_figures.items()})
    return counts


# Statistics (for the statistics pages that come later) -----------------------------------------------------


@dataclass
class DeskStatistics:
    total: int = 0
    per_kind: dict[str, int] = field(default_factory=dict)
    per_unit: dict[str, int] = field(default_factory=dict)
    per_status: dict[str, int] = field(default_factory=dict)
    answered: int = 0
    answered_in_time: int = 0
    median_days_to_first_answer: float | None = None
    median_working_days_to_first_answer: float | None = None
    median_days_to_closing: float | None = None
    rated: int = 0
    mean_rating: float | None = None
    ratings: dict[int, int] = field(default_factory=dict)


def _days(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / 86400


def request_statistics(
    *, since: date | None = None, until: date | None = None, service_area: str = ""
) -> DeskStatistics:
    """Requests asked between `since` and `until` (local dates, inclusive): counts per kind, unit (or
    organisation) and status; time to the first answer (calendar and working days) and to closing; and the
    requesters' satisfaction. `service_area` (a slug): only requests from units in that service area.
    Bounded: two queries whatever the period."""
    qs = Request.objects.all()
    if service_area:
        qs = qs.filter(unit__service_area__slug=service_area)
    if since:
        qs = qs.filter(created_at__date__gte=since)
    if until:
        qs = qs.filter(created_at__date__lte=until)
    rows = list(
        qs.values(
            "kind__name",
            "unit__name",
            "organisation__name",
            "status",
            "created_at",
            "answer_due",
            "first_answer_at",
            "closed_at",
            "rating",
        )
    )
    stats = DeskStatistics(total=len(rows))
    kinds: Counter[str] = Counter()
    units: Counter[str] = Counter()
    statuses: Counter[str] = Counter()
    ratings: Counter[int] = Counter()
    first: list[float] = []
    first_working: list[int] = []
    closing: list[float] = []
    for row in rows:
        kinds[row["kind__name"]] += 1
        units[row["unit__name"] or row["organisation__name"] or "—"] += 1
        statuses[row["status"]] += 1
        if row["first_answer_at"]:
            first.append(_days(row["created_at"], row["first_answer_at"]))
            answered_on = timezone.localdate(row["first_answer_at"])
            first_working.append(working_days_between(timezone.localdate(row["created_at"]), answered_on))
            if answered_on <= row["answer_due"]:
                stats.answered_in_time += 1
        if row["closed_at"]:
            closing.append(_days(row["created_at"], row["closed_at"]))
        if row["rating"]:
            ratings[row["rating"]] += 1
    stats.per_kind = dict(kinds.most_common())
    stats.per_unit = dict(units.most_common())
    stats.per_status = dict(statuses)
    stats.answered = len(first)
    stats.median_days_to_first_answer = round(median(first), 2) if first else None
    stats.median_working_days_to_first_answer = float(median(first_working)) if first_working else None
    stats.median_days_to_closing = round(median(closing), 2) if closing else None
    stats.rated = sum(ratings.values())
    stats.mean_rating = (
        round(sum(k * v for k, v in ratings.items()) / stats.rated, 2) if stats.rated else None
    )
    stats.ratings = dict(sorted(ratings.items()))
    return stats


def active_kinds() -> QuerySet[Kind]:
    return Kind.objects.filter(is_active=True).order_by("position", "pk")


def digest_for(today: date) -> tuple[list[Request], list[Request]]:
    """What is new (not yet triaged) and what is overdue, for the advisers' daily digest."""
    base = Request.objects.select_related("kind").order_by("answer_due", "pk")
    new = list(base.filter(status=Status.NEW)[:100])
    overdue = list(base.filter(overdue_q(today))[:100])
    return new, overdue
