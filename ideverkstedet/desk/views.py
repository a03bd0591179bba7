from collections.abc import Callable
from datetime import date
from typing import Any, cast
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Model
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ideverkstedet.accounts.models import ServiceArea, User
from ideverkstedet.core import dates, fragments, times
from ideverkstedet.core.permissions import authorize
from ideverkstedet.desk import selectors, services
from ideverkstedet.desk.errors import DeskError
from ideverkstedet.desk.forms import (
    AskForm,
    AssignForm,
    EvaluationForm,
    MessageForm,
    QueueFilterForm,
    StatusForm,
)
from ideverkstedet.desk.models import Attachment, Request
from ideverkstedet.desk.queue_rows import queue_rows, render_queue

QUEUE_PER_PAGE = 50
QUEUE_GROUPS = ["desk"]  # watched in desk/apps.py
MINE_PER_PAGE = 50


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _add_problem(form: Any, error: DeskError) -> None:
    problem = error.problem
    form.add_error(problem.field if problem.field in form.fields else None, problem.message)


def _origin(request: HttpRequest) -> dict[str, Model]:
    """What the person asks from (?utfordring=<slug>, ?booking=<id>, ?opplegg=<id>), if they may see it."""
    from ideverkstedet.challenges.models import Challenge
    from ideverkstedet.methods.models import Plan
    from ideverkstedet.rooms.models import Booking

    user = _user(request)
    found: dict[str, Model] = {}
    slug = request.GET.get("utfordring", "")[:220]
    if slug and slugify(slug) == slug:
        challenge = Challenge.objects.filter(slug=slug).first()
        if challenge is not None and user.has_perm("challenges.view_challenge", challenge):
            found["challenge"] = challenge
    for key, model, permission, name in (
        ("booking", Booking, "rooms.view_booking", "booking"),
        ("opplegg", Plan, "methods.view_plan", "plan"),
    ):
        value = request.GET.get(key, "")
        if value.isdigit() and len(value) < 12:
            obj = model.objects.filter(pk=int(value)).first()
            if obj is not None and user.has_perm(permission, obj):
                found[name] = obj
    return found


@authorize("desk.ask")
def ask(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    origin = _origin(request)
    initial: dict[str, Any] = {"group_name": str(user.unit or user.organisation or "")}
    booking = origin.get("booking")
    if booking is not None:
        initial["group_size"] = getattr(booking, "expected_participants", None)
    form = AskForm(
        request.POST or None, request.FILES or None, kinds=selectors.active_kinds(), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.request_create(
                requester=user,
                kind=data["kind"],
                need=data["need"],
                unit=user.unit,
                organisation=user.organisation,
                group_name=data["group_name"],
                group_size=data["group_size"],
                no_hurry=data["no_hurry"],
                window_start=data["window_start"],
                window_end=data["window_end"],
                files=data["attachments"],
                challenge=origin.get("challenge"),
                booking=origin.get("booking"),
                plan=origin.get("plan"),
            )
        except DeskError as error:
            _add_problem(form, error)
        else:
            messages.success(
                request,
                _("Takk! Henvendelsen har referanse %(ref)s. Vi svarer innen %(due)s.")
                % {"ref": created.reference, "due": dates.when(created.answer_due, "date")},
            )
            return redirect(created)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "desk/ask.html",
        {"form": form, "origin": origin, "answer_days": settings.DESK_ANSWER_WORKING_DAYS},
        status=status,
    )


@authorize("desk.view_own_requests")
def my_requests(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.requests_of(_user(request)), MINE_PER_PAGE).get_page(request.GET.get("side"))
    return render(request, "desk/my_requests.html", {"page": page, "today": timezone.localdate()})


def _make_links(item: Request) -> dict[str, str]:
    """One step from a request to a booking, an event or a plan: the forms read these as initial values."""
    from ideverkstedet.rooms.models import Room

    params: dict[str, Any] = {"bestilling": item.reference}
    booking_params = dict(params)
    if item.window_start:
        booking_params["dato"] = item.window_start.isoformat()
    if item.group_size:
        booking_params["antall"] = item.group_size
    room = Room.objects.filter(is_active=True).order_by("pk").only("slug").first()
    title = f"{item.kind.label} ({item.reference})"
    links = {
        "event": f"{reverse('events:event_new')}?{urlencode({**params, 'tittel': title})}",
        "plan": f"{reverse('methods:plan_new')}?{urlencode({**params, 'tittel': title})}",
    }
    if room is not None:
        links["booking"] = f"{reverse('rooms:booking_new', args=[room.slug])}?{urlencode(booking_params)}"
    return links


def _detail_context(request: HttpRequest, item: Request, **forms: Any) -> dict[str, Any]:
    user = _user(request)
    can = {
        "note": user.has_perm("desk.write_internal_note", item),
        "message": user.has_perm("desk.write_message", item),
        "assign": user.has_perm("desk.assign", item),
        "status": user.has_perm("desk.change_status", item),
        "make": user.has_perm("desk.make_from_request", item),
        "evaluate": user.has_perm("desk.evaluate", item),
        "internal": user.has_perm("desk.view_internal_notes", item),
    }
    context: dict[str, Any] = {
        "item": item,
        "can": can,
        "conversation": selectors.conversation(item, user),
        "attachments": list(item.attachments.all()),
        "made": services.made_links(item),
        "overdue": item.is_overdue(),
        "assignees": list(item.assignees.all()),
    }
    if can["message"]:
        context["message_form"] = forms.get("message_form") or MessageForm(can_note=can["note"])
    if can["assign"]:
        context["assign_form"] = forms.get("assign_form") or AssignForm(
            advisers=selectors.advisers(),
            initial={"assignees": [a.pk for a in context["assignees"]], "priority": item.priority},
        )
    if can["status"]:
        context["status_form"] = forms.get("status_form") or StatusForm(
            initial={"status": item.status, "agreed": item.agreed}
        )
    if can["make"]:
        context["make_links"] = _make_links(item)
    if can["evaluate"]:
        context["evaluation_form"] = forms.get("evaluation_form") or EvaluationForm()
    return context


@authorize("desk.view_own_requests")
def request_detail(request: HttpRequest, reference: str) -> HttpResponse:
    item = selectors.get_request_for_user(_user(request), reference)
    return render(request, "desk/request_detail.html", _detail_context(request, item))


def _act_on_request(
    request: HttpRequest,
    reference: str,
    permission: str,
    form_name: str,
    make_form: Callable[[User, Request], Any],
    act: Callable[[User, Request, dict[str, Any]], str],
    anchor: str = "",
) -> HttpResponse:
    """The request page's forms, one way: fetch and authorise, bind, call the service, then back to the page
    with the service's message (and the anchor), or the page again with the form and its problems (400)."""
    user = _user(request)
    item = selectors.get_request_for_user(user, reference, permission)
    form = make_form(user, item)
    if form.is_valid():
        try:
            done = act(user, item, form.cleaned_data)
        except DeskError as error:
            _add_problem(form, error)
        else:
            messages.success(request, done)
            return redirect(item.get_absolute_url() + anchor)
    return render(
        request, "desk/request_detail.html", _detail_context(request, item, **{form_name: form}), status=400
    )


@require_POST
@authorize("desk.view_own_requests")
def message_new(request: HttpRequest, reference: str) -> HttpResponse:
    def post(user: User, item: Request, data: dict[str, Any]) -> str:
        internal = data.get("internal", False)
        services.message_post(actor=user, request=item, body=data["body"], internal=internal)
        return _("Den interne merknaden er lagret.") if internal else _("Meldingen er sendt.")

    return _act_on_request(
        request,
        reference,
        "desk.write_message",
        "message_form",
        lambda user, item: MessageForm(
            request.POST, can_note=user.has_perm("desk.write_internal_note", item)
        ),
        post,
        anchor="#samtale",
    )


@require_POST
@authorize("desk.view_queue")
def assign(request: HttpRequest, reference: str) -> HttpResponse:
    def save(user: User, item: Request, data: dict[str, Any]) -> str:
        services.request_assign(
            actor=user, request=item, assignees=list(data["assignees"]), priority=data["priority"]
        )
        return _("Fordelingen er lagret.")

    return _act_on_request(
        request,
        reference,
        "desk.assign",
        "assign_form",
        lambda user, item: AssignForm(request.POST, advisers=selectors.advisers()),
        save,
    )


@require_POST
@authorize("desk.view_queue")
def change_status(request: HttpRequest, reference: str) -> HttpResponse:
    def save(user: User, item: Request, data: dict[str, Any]) -> str:
        services.request_change_status(
            actor=user, request=item, status=data["status"], reason=data["reason"], agreed=data["agreed"]
        )
        return _("Henvendelsen er oppdatert.")

    return _act_on_request(
        request,
        reference,
        "desk.change_status",
        "status_form",
        lambda user, item: StatusForm(request.POST),
        save,
    )


@require_POST
@authorize("desk.view_own_requests")
def evaluate(request: HttpRequest, reference: str) -> HttpResponse:
    def save(user: User, item: Request, data: dict[str, Any]) -> str:
        services.request_evaluate(actor=user, request=item, rating=data["rating"], comment=data["comment"])
        return _("Takk for vurderingen!")

    return _act_on_request(
        request,
        reference,
        "desk.evaluate",
        "evaluation_form",
        lambda user, item: EvaluationForm(request.POST),
        save,
    )


@authorize("desk.view_own_requests")
def attachment(request: HttpRequest, reference: str, token: str) -> HttpResponseBase:
    item = selectors.get_request_for_user(_user(request), reference)
    if len(token) != 32 or any(c not in "0123456789abcdef" for c in token):
        raise Http404
    found = Attachment.objects.filter(request=item, token=token).first()
    if found is None:
        raise Http404
    response = FileResponse(
        found.file.open("rb"), content_type=found.content_type, as_attachment=True, filename=found.name
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _queue_body(request: HttpRequest, user: User, today: date) -> str:
    """The queue's page below the header, built from the database: counts, filters, cards and page links."""
    advisers = list(selectors.advisers())
    form = QueueFilterForm(
        request.GET,
        kinds=list(selectors.active_kinds()),
        advisers=advisers,
        areas=list(ServiceArea.objects.order_by("name")),
    )
    form.is_valid()  # errors are shown; the valid fields still filter
    # Paginate over ids only (a narrow sort); the page's facts come in one query (desk.queue_rows).
    wanted = selectors.queue(form.wanted(), user=user, today=today)
    ids = wanted.select_related(None).prefetch_related(None).values_list("pk", flat=True)
    page = Paginator(ids, QUEUE_PER_PAGE).get_page(request.GET.get("side"))
    query = request.GET.copy()
    query.pop("side", None)
    return render_to_string(
        "desk/_queue_body.html",
        {
            "form": form,
            "page": page,
            "rows": render_queue(queue_rows(list(page.object_list)), today),
            "counts": selectors.queue_counts(user=user, today=today),
            "query": query.urlencode(),
        },
        request=request,
    )


@authorize("desk.view_queue")
def queue(request: HttpRequest) -> HttpResponse:
    """The advisers' queue. What it shows depends on the desk's data (the "desk" versions in the database,
    raised with every change: desk/apps.py), today's date (what is overdue), the adviser ("mine"), the language
    and the query string, so the page below the header is kept in the cache under exactly those: each adviser
    gets their own, and any change anywhere on the desk shows at once, on every worker and app server."""
    user = _user(request)
    today = timezone.localdate()
    body = fragments.cached(
        request,
        QUEUE_GROUPS,
        lambda: _queue_body(request, user, today),
        part=str(today),  # what is overdue
        lifetime=times.seconds_until_tomorrow,
        person=True,
    )
    return render(request, "desk/queue.html", {"body": body})
