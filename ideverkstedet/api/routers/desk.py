"""The desk in the API: requesters see their own requests, advisers all. Same services and rules as the pages.

Internal notes appear only for those allowed to see them (advisers); a requester's answers never hold them.
"""

from datetime import date, datetime
from typing import cast

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from ideverkstedet.accounts.models import User
from ideverkstedet.core.permissions_api import require
from ideverkstedet.desk import selectors, services
from ideverkstedet.desk.errors import DeskError
from ideverkstedet.desk.models import Kind, Request
from ideverkstedet.desk.models import Status as RequestStatus

router = Router(tags=["desk"])

PAGE_SIZE = 50


class MessageOut(Schema):
    id: int
    author: str
    from_unit: bool
    internal: bool
    body: str
    created_at: datetime


class RequestSummaryOut(Schema):
    reference: str
    kind: str
    status: str
    priority: int
    created_at: datetime
    answer_due: date
    first_answer_at: datetime | None
    overdue: bool


class RequestOut(RequestSummaryOut):
    need: str
    group_name: str
    group_size: int | None
    no_hurry: bool
    window_start: date | None
    window_end: date | None
    status_reason: str
    agreed: str
    assignees: list[str]
    rating: int | None
    messages: list[MessageOut]


class RequestPageOut(Schema):
    count: int
    page: int
    results: list[RequestSummaryOut]


class RequestIn(Schema):
    kind: str = Field(description="A kind's slug, e.g. metodestotte")
    need: str = Field(min_length=1, max_length=4000)
    group_name: str = Field("", max_length=200)
    group_size: int | None = Field(None, ge=1, le=2000)
    no_hurry: bool = False
    window_start: date | None = None
    window_end: date | None = None


class MessageIn(Schema):
    body: str = Field(min_length=1, max_length=8000)
    internal: bool = Field(False, description="An internal note, for advisers only")


class StatusIn(Schema):
    status: str = Field(description=f"One of: {', '.join(RequestStatus.values)}")
    reason: str = Field("", max_length=2000)
    agreed: str | None = Field(None, max_length=4000)


class ListIn(Schema):
    status: str | None = Field(None, max_length=20, description="A status, 'open' or 'all' (advisers)")
    page: int = Field(1, ge=1, le=10000)


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _summary(item: Request) -> dict[str, object]:
    return {
        "reference": item.reference,
        "kind": item.kind.slug,
        "status": item.status,
        "priority": item.priority,
        "created_at": item.created_at,
        "answer_due": item.answer_due,
        "first_answer_at": item.first_answer_at,
        "overdue": item.is_overdue(),
    }


def _detail(item: Request, user: User) -> dict[str, object]:
    return {
        **_summary(item),
        "need": item.need,
        "group_name": item.group_name,
        "group_size": item.group_size,
        "no_hurry": item.no_hurry,
        "window_start": item.window_start,
        "window_end": item.window_end,
        "status_reason": item.status_reason,
        "agreed": item.agreed,
        "assignees": [person.display_name for person in item.assignees.all()],
        "rating": item.rating,
        "messages": [
            {
                "id": m.pk,
                "author": m.author.display_name,
                "from_unit": m.author_id != item.requester_id,
                "internal": m.is_internal,
                "body": m.body,
                "created_at": m.created_at,
            }
            for m in selectors.conversation(item, user)
        ],
    }


def _get(request: HttpRequest, reference: str, permission: str = "desk.view_request") -> Request:
    try:
        return selectors.get_request_for_user(_user(request), reference, permission)
    except Http404 as error:
        not_found = HttpError(404, "No such request")
        not_found.code = "not_found"  # type: ignore[attr-defined]
        raise not_found from error
    except PermissionDenied as error:
        forbidden = HttpError(403, f"Not allowed: {permission}")
        forbidden.code = "forbidden"  # type: ignore[attr-defined]
        raise forbidden from error


@router.get("/requests", response=RequestPageOut)
def list_requests(request: HttpRequest, filters: Query[ListIn]) -> dict[str, object]:
    """Your own requests; advisers get the queue (open requests unless `status` says otherwise)."""
    require(request, "desk.view_own_requests")
    user = _user(request)
    if user.has_perm("desk.view_queue"):
        qs = selectors.queue(selectors.QueueFilter(status=filters.status), user=user)
    else:
        qs = selectors.requests_of(user)
        if filters.status and filters.status not in {"all", "open"}:
            qs = qs.filter(status=filters.status)
    count = qs.count()
    start = (filters.page - 1) * PAGE_SIZE
    rows = list(qs.select_related("kind")[start : start + PAGE_SIZE])
    return {"count": count, "page": filters.page, "results": [_summary(r) for r in rows]}


@router.post("/requests", response={201: RequestOut})
def create_request(request: HttpRequest, data: RequestIn) -> Status:
    require(request, "desk.ask")
    user = _user(request)
    kind = Kind.objects.filter(slug=data.kind[:60], is_active=True).first()
    if kind is None:
        raise DeskError("bad_kind", "Unknown kind", "kind")
    item = services.request_create(
        requester=user,
        kind=kind,
        need=data.need,
        unit=user.unit,
        organisation=user.organisation,
        group_name=data.group_name,
        group_size=data.group_size,
        no_hurry=data.no_hurry,
        window_start=data.window_start,
        window_end=data.window_end,
    )
    return Status(201, _detail(_get(request, item.reference), user))


@router.get("/requests/{reference}", response=RequestOut)
def get_request(request: HttpRequest, reference: str) -> dict[str, object]:
    require(request, "desk.view_own_requests")
    return _detail(_get(request, reference), _user(request))


@router.get("/requests/{reference}/messages", response=list[MessageOut])
def list_messages(request: HttpRequest, reference: str) -> list[object]:
    require(request, "desk.view_own_requests")
    detail = _detail(_get(request, reference), _user(request))
    return cast(list[object], detail["messages"])


@router.post("/requests/{reference}/messages", response={201: MessageOut})
def post_message(request: HttpRequest, reference: str, data: MessageIn) -> Status:
    require(request, "desk.view_own_requests")
    user = _user(request)
    item = _get(request, reference)
    message = services.message_post(actor=user, request=item, body=data.body, internal=data.internal)
    return Status(
        201,
        {
            "id": message.pk,
            "author": user.display_name,
            "from_unit": user.pk != item.requester_id,
            "internal": message.is_internal,
            "body": message.body,
            "created_at": message.created_at,
        },
    )


@router.post("/requests/{reference}/status", response={200: RequestOut})
def post_status(request: HttpRequest, reference: str, data: StatusIn) -> Status:
    require(request, "desk.view_queue")
    user = _user(request)
    item = _get(request, reference)
    services.request_change_status(
        actor=user, request=item, status=data.status, reason=data.reason, agreed=data.agreed
    )
    return Status(200, _detail(_get(request, reference), user))
