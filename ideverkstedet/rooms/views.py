from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from ideverkstedet.core import fragments
from ideverkstedet.core.current import current_user as _user
from ideverkstedet.core.dates import when
from ideverkstedet.core.permissions import authorize
from ideverkstedet.core.signals import made_from_link
from ideverkstedet.rooms import ical, selectors, services
from ideverkstedet.rooms.forms import (
    BlockForm,
    BookingForm,
    BulkDecisionForm,
    CancelForm,
    DeclineForm,
    OutcomeForm,
    QueueFilterForm,
    initial_from_query,
)
from ideverkstedet.rooms.models import Booking, CalendarFeed


def _booking_fields(data: dict[str, Any]) -> dict[str, Any]:
    """What the booking form gives the booking services (new booking and change alike)."""
    names = ("start", "end", "purpose_kind", "group_type", "expected_participants", "needs")
    return {name: data[name] for name in names}


@authorize("rooms.view_room", public=True)
def room_list(request: HttpRequest) -> HttpResponse:
    def build() -> str:
        return render_to_string("rooms/_room_cards.html", {"rooms": selectors.active_rooms()})

    # The cards are the same for every visitor in a language: cached for anonymous ones under the rooms' version
    # (core/fragments.py). Nothing on them changes with time alone.
    body = fragments.cached(request, selectors.ROOMS_GROUP, build)
    return render(request, "rooms/room_list.html", {"body": body})


@authorize("rooms.view_room", public=True)
def room_detail(request: HttpRequest, slug: str) -> HttpResponse:
    room = selectors.get_room(slug)
    changes_at = None

    def build() -> str:
        nonlocal changes_at
        now = timezone.now()
        today = timezone.localdate(now)
        manage = request.user.has_perm("rooms.manage_bookings")
        calendar = selectors.week_calendar(
            room, selectors.parse_iso_week(request.GET.get("uke"), today), now=now, with_people=manage
        )
        # What time alone changes: a free stretch getting too short to book or passing as "now + minimum notice"
        # moves on, and at midnight "today", this week's link and the week shown without ?uke=.
        moments = [selectors.calendar_changes_at(room, calendar.days, now), selectors.next_midnight(now)]
        changes_at = min(moment for moment in moments if moment is not None)
        context = {
            "room": room,
            "calendar": calendar,
            "today": today,
            "this_week": selectors.iso_week(today),
            # Worked out once for the whole week rather than per segment in the template.
            "can_book": request.user.has_perm("rooms.book_room"),
            "manage": manage,
            "user_pk": request.user.pk,
            "book_url": reverse("rooms:booking_new", args=[room.slug]),
            "detail_url": reverse("rooms:my_bookings"),
            "quota": selectors.open_bookings_quota(request.user, [room]),
            "MUNICIPALITY_NAME": settings.MUNICIPALITY_NAME,
        }
        return render_to_string(
            f"rooms/_room_detail_body.html{'#calendar' if calendar_only else ''}", context
        )

    def lifetime() -> float:
        assert changes_at is not None  # asked only after build()
        return (changes_at - timezone.now()).total_seconds()

    # The same for every visitor in a language (no names, no booking links): cached for anonymous ones under the
    # versions of the rooms and of this room's bookings (core/fragments.py), until time alone changes it.
    calendar_only = bool(request.htmx)  # type: ignore[attr-defined]
    groups = [selectors.ROOMS_GROUP, selectors.bookings_group(room.pk)]
    body = fragments.cached(
        request, groups, build, part="calendar" if calendar_only else "", lifetime=lifetime
    )
    if calendar_only:
        return HttpResponse(body)
    return render(request, "rooms/room_detail.html", {"room": room, "body": body})


@authorize("rooms.book_room")
def booking_new(request: HttpRequest, slug: str) -> HttpResponse:
    room = selectors.get_room(slug)
    form = BookingForm(request.POST or None, room=room, initial=initial_from_query(request.GET, room))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            booking = services.booking_request(organiser=_user(request), room=room, **_booking_fields(data))
        except services.BookingError as error:
            form.add_problems(error.problems)
        else:
            made_from_link.send(sender=Booking, obj=booking, actor=_user(request), params=request.GET)
            if booking.status == Booking.Status.CONFIRMED:
                messages.success(request, _("Bookingen er bekreftet. Du får en e-post med kalenderfil."))
            else:
                messages.success(
                    request, _("Takk! Bookingen venter på godkjenning. Du får beskjed på e-post.")
                )
            return redirect("rooms:booking_detail", pk=booking.pk)
    status = 400 if request.method == "POST" else 200
    # The quota and the rules before the form, so "3 of 3" is no surprise after filling it in.
    quota = selectors.open_bookings_quota(request.user, [room])
    context = {"room": room, "form": form, "quota": quota}
    return render(request, "rooms/booking_form.html", context, status=status)


@authorize("rooms.view_my_bookings")
def booking_detail(request: HttpRequest, pk: int) -> HttpResponse:
    booking = selectors.get_booking_for_user(_user(request), pk)
    now = timezone.now()
    can_check_in = (
        booking.status == Booking.Status.CONFIRMED
        and booking.checked_in_at is None
        and booking.start - timedelta(minutes=15) <= now < booking.end
    )
    wants_outcome = (
        booking.kind == Booking.Kind.BOOKING
        and booking.status == Booking.Status.CONFIRMED
        and booking.start <= now
        and booking.outcome_at is None
    )
    return render(
        request,
        "rooms/booking_detail.html",
        {
            "booking": booking,
            "can_change": booking.is_active
            and booking.start > now
            and booking.organiser_id == request.user.pk,
            "can_cancel": booking.is_active and booking.end > now,
            "can_check_in": can_check_in,
            "outcome_form": OutcomeForm() if wants_outcome else None,
            "cancel_form": CancelForm(prefix="cancel"),
            "decline_form": DeclineForm(prefix=f"decline-{booking.pk}"),
        },
    )


@authorize("rooms.view_my_bookings")
def booking_edit(request: HttpRequest, pk: int) -> HttpResponse:
    booking = selectors.get_booking_for_user(_user(request), pk, "rooms.change_booking")
    local_start, local_end = timezone.localtime(booking.start), timezone.localtime(booking.end)
    initial = {
        "date": local_start.date(),
        "start_time": local_start.time(),
        "end_time": local_end.time(),
        "purpose_kind": booking.purpose_kind,
        "group_type": booking.group_type,
        "expected_participants": booking.expected_participants,
        "needs": booking.needs,
    }
    form = BookingForm(request.POST or None, room=booking.room, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.booking_change(actor=_user(request), booking=booking, **_booking_fields(data))
        except services.BookingError as error:
            form.add_problems(error.problems)
        else:
            messages.success(request, _("Bookingen er endret."))
            return redirect("rooms:booking_detail", pk=booking.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "rooms/booking_form.html",
        {"room": booking.room, "form": form, "booking": booking},
        status=status,
    )


@authorize("rooms.view_my_bookings")
def booking_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation and says what will happen (a second step that needs no JavaScript); POST
    cancels."""
    booking = selectors.get_booking_for_user(_user(request), pk, "rooms.cancel_booking")
    if request.method != "POST":
        return render(
            request,
            "rooms/booking_cancel.html",
            {
                "booking": booking,
                "form": CancelForm(prefix="cancel"),
                "for_someone_else": booking.organiser_id != request.user.pk,
                "can_cancel": booking.is_active and booking.end > timezone.now(),
            },
        )
    form = CancelForm(request.POST, prefix="cancel")
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.booking_cancel(actor=_user(request), booking=booking, reason=reason)
    except services.BookingError as error:
        messages.error(request, error.problems[0].message)
    else:
        messages.success(request, _("Bookingen er avlyst, og tiden er ledig for andre."))
    return redirect("rooms:booking_detail", pk=booking.pk)


@require_POST
@authorize("rooms.view_my_bookings")
def booking_check_in(request: HttpRequest, pk: int) -> HttpResponse:
    booking = selectors.get_booking_for_user(_user(request), pk, "rooms.check_in_booking")
    try:
        services.booking_check_in(actor=_user(request), booking=booking)
    except services.BookingError as error:
        messages.error(request, error.problems[0].message)
    else:
        messages.success(request, _("Du er sjekket inn. God arbeidsøkt!"))
    return redirect("rooms:booking_detail", pk=booking.pk)


@require_POST
@authorize("rooms.view_my_bookings")
def booking_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    booking = selectors.get_booking_for_user(_user(request), pk, "rooms.record_outcome")
    form = OutcomeForm(request.POST)
    if form.is_valid():
        try:
            services.booking_record_outcome(actor=_user(request), booking=booking, **form.cleaned_data)
        except services.BookingError as error:
            messages.error(request, error.problems[0].message)
        else:
            messages.success(request, _("Takk for at du delte hva som kom ut av det!"))
            return redirect("rooms:booking_detail", pk=booking.pk)
    return render(
        request,
        "rooms/booking_detail.html",
        {
            "booking": booking,
            "outcome_form": form,
            "cancel_form": CancelForm(prefix="cancel"),
            "decline_form": DeclineForm(prefix=f"decline-{booking.pk}"),
        },
        status=400,
    )


@authorize("rooms.view_my_bookings")
def my_bookings(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    now = timezone.now()
    bookings = list(selectors.bookings_for_user(user)[:200])
    upcoming = sorted((b for b in bookings if b.end > now and b.is_active), key=lambda b: b.start)
    earlier = [b for b in bookings if not (b.end > now and b.is_active)]
    feed = CalendarFeed.objects.filter(user=user).first()
    return render(
        request,
        "rooms/my_bookings.html",
        {
            "upcoming": upcoming,
            "earlier": earlier[:50],
            "feed": feed,
            "quota": selectors.open_bookings_quota(user, list(selectors.active_rooms())),
        },
    )


@require_POST
@authorize("rooms.view_my_bookings")
def calendar_feed_renew(request: HttpRequest) -> HttpResponse:
    had_feed = CalendarFeed.objects.filter(user=_user(request)).exists()
    services.calendar_feed_for(user=_user(request), renew=True)
    if had_feed:
        messages.success(request, _("Du har fått en ny kalenderlenke. Den gamle virker ikke lenger."))
    return redirect(reverse("rooms:my_bookings") + "#kalender")


@authorize("rooms.view_room_feed", public=True)
def personal_feed(request: HttpRequest, token: str) -> HttpResponse:
    feed = CalendarFeed.objects.select_related("user").filter(token=token, user__is_active=True).first()
    if feed is None:
        raise Http404
    bookings = selectors.bookings_for_user(feed.user).filter(
        status__in=Booking.ACTIVE_STATUSES, end__gt=timezone.now() - timedelta(days=31)
    )
    return _ics_response(ical.booking_calendar(bookings), "ideverkstedet.ics")


@authorize("rooms.view_my_bookings")
def booking_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """One booking as an .ics file ("Legg i kalenderen"): the organiser's own, or any for staff; others 404."""
    booking = selectors.get_booking_for_user(_user(request), pk)
    content = ical.booking_calendar([booking], cancelled=not booking.is_active, name=booking.room.name)
    response = _ics_response(content, f"booking-{booking.pk}.ics")
    response["Content-Disposition"] = f'attachment; filename="booking-{booking.pk}.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


@authorize("rooms.view_room_feed", public=True)
def room_feed(request: HttpRequest, slug: str) -> HttpResponse:
    room = selectors.get_room(slug)
    return _ics_response(
        ical.room_busy_calendar(room, selectors.room_feed_bookings(room)), f"{room.slug}.ics"
    )


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=300"
    return response


QUEUE_PAGE_SIZE = 20


@authorize("rooms.manage_bookings")
def approval_queue(request: HttpRequest) -> HttpResponse:
    """Pending bookings, a page at a time, with filters, the count, why each needs approval, clashes with the
    requester's other bookings, and a form to approve or decline the ticked ones at once."""
    filters = QueueFilterForm(request.GET or None)
    wanted = filters.wanted()
    pending: Any = selectors.approval_queue(wanted)
    if wanted.reason:
        # Why a booking needs approval depends on its room's rules; the queue is small enough to sort it here.
        pending = [b for b in pending if selectors.why_approval(b) == wanted.reason]
    page = Paginator(pending, QUEUE_PAGE_SIZE).get_page(request.GET.get("side"))
    items = selectors.queue_items(list(page.object_list))
    bulk = BulkDecisionForm(choices=[item.booking.pk for item in items])
    query = request.GET.copy()
    query.pop("side", None)
    return render(
        request,
        "rooms/approval_queue.html",
        {
            "filters": filters,
            "page": page,
            "items": [(item, DeclineForm(prefix=f"decline-{item.booking.pk}")) for item in items],
            "bulk": bulk,
            "query": query.urlencode(),
            "today": selectors.todays_bookings(),
        },
    )


@require_POST
@authorize("rooms.manage_bookings")
def bookings_decide(request: HttpRequest) -> HttpResponse:
    """Approve or decline the ticked bookings with one reason (the approval queue's bulk form)."""
    wanted = [int(v) for v in request.POST.getlist("booking") if v.isdigit() and len(v) < 12]
    form = BulkDecisionForm(request.POST, choices=wanted)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return _back(request, "rooms:approval_queue")
    bookings = list(Booking.objects.filter(pk__in=form.cleaned_data["booking"]).order_by("start"))
    approve = form.cleaned_data["decision"] == "godkjenn"
    done, failed = services.bookings_decide(
        actor=_user(request), bookings=bookings, approve=approve, reason=form.cleaned_data["reason"]
    )
    if done:
        text = (
            ngettext("%(n)s booking er godkjent.", "%(n)s bookinger er godkjent.", len(done))
            if approve
            else ngettext("%(n)s booking er avslått.", "%(n)s bookinger er avslått.", len(done))
        )
        messages.success(request, text % {"n": len(done)} + " " + _("De som booket, har fått beskjed."))
    for booking, problem in failed:
        messages.error(request, f"{booking.room.name}, {when(booking.start, 'day_month_time')}: {problem}")
    return _back(request, "rooms:approval_queue")


@require_POST
@authorize("rooms.manage_bookings")
def booking_approve(request: HttpRequest, pk: int) -> HttpResponse:
    booking = selectors.get_booking_for_user(_user(request), pk, "rooms.manage_bookings")
    try:
        services.booking_approve(actor=_user(request), booking=booking)
    except services.BookingError as error:
        messages.error(request, error.problems[0].message)
    else:
        messages.success(request, _("Bookingen er godkjent, og den som booket har fått beskjed."))
    return _back(request, "rooms:approval_queue")


@require_POST
@authorize("rooms.manage_bookings")
def booking_decline(request: HttpRequest, pk: int) -> HttpResponse:
    booking = selectors.get_booking_for_user(_user(request), pk, "rooms.manage_bookings")
    form = DeclineForm(request.POST, prefix=f"decline-{booking.pk}")
    if form.is_valid():
        try:
            services.booking_decline(
                actor=_user(request), booking=booking, reason=form.cleaned_data["reason"]
            )
        except services.BookingError as error:
            messages.error(request, error.problems[0].message)
        else:
            messages.success(request, _("Bookingen er avslått, og den som booket har fått begrunnelsen."))
    else:
        messages.error(request, _("Skriv hvorfor bookingen avslås."))
    return _back(request, "rooms:approval_queue")


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    """Back to the page the form was on (the queue or the booking), never off the site."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(fallback)


@authorize("rooms.manage_bookings")
def block_new(request: HttpRequest, slug: str) -> HttpResponse:
    room = selectors.get_room(slug)
    form = BlockForm(request.POST or None, room=room, initial=initial_from_query(request.GET, room))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.block_create(
                actor=_user(request), room=room, start=data["start"], end=data["end"], title=data["title"]
            )
        except services.BookingError as error:
            form.add_problems(error.problems)
        else:
            messages.success(request, _("Tiden er sperret."))
            week = selectors.iso_week(timezone.localdate(data["start"]))
            return redirect(reverse("rooms:room_detail", args=[room.slug]) + f"?uke={week}")
    status = 400 if request.method == "POST" else 200
    return render(request, "rooms/block_form.html", {"room": room, "form": form}, status=status)
