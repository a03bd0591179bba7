from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ideverkstedet.core import fragments
from ideverkstedet.core.current import current_user as _user
from ideverkstedet.core.errors import ServiceError
from ideverkstedet.core.permissions import authorize
from ideverkstedet.core.signals import made_from_link
from ideverkstedet.core.uploads import files_after_checks, show_refusal
from ideverkstedet.events import selectors, services
from ideverkstedet.events.forms import (
    CancelEventForm,
    EvaluationForm,
    EventEditForm,
    EventForm,
    RegistrationForm,
    SessionForm,
    WaitlistMoveForm,
)
from ideverkstedet.events.models import Evaluation, Event, Registration


@authorize("events.view_event", public=True)
def event_list(request: HttpRequest) -> HttpResponse:
    def build() -> str:
        page = Paginator(selectors.upcoming_events(_user(request)), 20).get_page(request.GET.get("side"))
        return render_to_string("events/_event_list_body.html", {"events": page.object_list, "page": page})

    # Anonymous visitors share the cards and page links (core/fragments.py: raised by any change to events),
    # until the next session ends (an event leaves the list) at the latest.
    body = fragments.cached(request, "events", build)
    return render(request, "events/event_list.html", {"body": body})


@authorize("events.view_event", public=True)
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.get_event_for_user(_user(request), slug)
    return _render_detail(request, event, RegistrationForm(event=event))


def _render_detail(
    request: HttpRequest,
    event: Event,
    form: RegistrationForm,
    status: int = 200,
    evaluation_form: EvaluationForm | None = None,
) -> HttpResponse:
    def build() -> str:
        return render_to_string(
            "events/event_detail.html#body",
            _detail_context(request, event, form, evaluation_form),
            request=request,
        )

    # A visitor's page holds no form and no token (registering needs an account): the same for every visitor in
    # a language, kept under the events' version (core/fragments.py; a session ending moves "ended" and is the
    # group's lifetime). A logged-in person's page is built for them.
    body = fragments.cached(request, "events", build) if status == 200 else build()
    return render(request, "events/event_detail.html", {"event": event, "body": body}, status=status)


def _detail_context(
    request: HttpRequest, event: Event, form: RegistrationForm, evaluation_form: EvaluationForm | None
) -> dict[str, object]:
    user = _user(request)
    taken = services.places_taken(event)
    sessions = list(event.sessions.select_related("booking__room"))
    ended = bool(sessions) and all(s.end <= timezone.now() for s in sessions)
    registration = selectors.registration_for(user, event)
    evaluated = bool(registration and Evaluation.objects.filter(registration=registration).exists())
    return {
        "event": event,
        "sessions": sessions,
        # Each of our rooms the sessions are in, once: where it is and how to find it.
        "event_rooms": list({s.booking.room.pk: s.booking.room for s in sessions if s.booking}.values()),
        "registration": registration,
        "announced": selectors.has_announced(user, event),
        "ended": ended,
        "evaluated": evaluated,
        "evaluation_form": evaluation_form or EvaluationForm(),
        "form": form,
        "free": max(event.capacity - taken, 0),
        "waiting": event.registrations.filter(status=Registration.Status.WAITLISTED).count(),
        "may_register": user.has_perm("events.in_audience", event),
        "manage": user.has_perm("events.manage_events"),
        "cancel_form": CancelEventForm(prefix="cancel-event"),
    }


@require_POST
@authorize("events.register")
def register(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.get_event_for_user(_user(request), slug)
    form = RegistrationForm(request.POST, event=event)
    if form.is_valid():
        try:
            registration = services.registration_create(
                person=_user(request),
                event=event,
                places=form.cleaned_data.get("places") or 1,
                answer=form.cleaned_data.get("answer", ""),
            )
        except ServiceError as error:
            for problem in error.problems:
                form.add_error(problem.field if problem.field in form.fields else None, problem.message)
        else:
            if registration.status == Registration.Status.CONFIRMED:
                messages.success(request, _("Du er påmeldt. Vi har sendt deg en bekreftelse."))
            else:
                messages.success(
                    request,
                    _("Arrangementet er fullt, så du står på venteliste som nummer %(position)s.")
                    % {"position": registration.waitlist_position},
                )
            return redirect("events:event_detail", slug=event.slug)
    return _render_detail(request, event, form, status=400)


@require_POST
@authorize("events.view_my_registrations")
def cancel(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.get_event_for_user(_user(request), slug)
    registration = selectors.registration_for(_user(request), event)
    if registration is None:
        messages.error(request, _("Du er ikke påmeldt dette arrangementet."))
    else:
        was_waiting = registration.status == Registration.Status.WAITLISTED
        services.registration_cancel(actor=_user(request), registration=registration)
        messages.success(
            request,
            _("Du har forlatt ventelisten.")
            if was_waiting
            else _("Du er meldt av. Plassen går til neste i køen."),
        )
    return redirect("events:event_detail", slug=event.slug)


@require_POST
@authorize("events.view_my_registrations")
def accept_offer(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.get_event_for_user(_user(request), slug)
    registration = selectors.registration_for(_user(request), event)
    try:
        if registration is None:
            raise services.NotAllowed(_("Du har ikke et tilbud om plass på dette arrangementet."))
        services.offer_accept(person=_user(request), registration=registration)
    except ServiceError as error:
        messages.error(request, error.problems[0].message)
    else:
        messages.success(request, _("Takk! Plassen er din."))
    return redirect("events:event_detail", slug=event.slug)


@require_POST
@authorize("events.announce_coming")
def announce(request: HttpRequest, slug: str) -> HttpResponse:
    """ "Jeg kommer" and taking it back: one mark per logged-in person (anonymous clicks would inflate it)."""
    user = _user(request)
    event = selectors.get_event_for_user(user, slug)
    try:
        if request.POST.get("action") == "withdraw":
            services.drop_in_withdraw(person=user, event=event)
            messages.success(request, _("Greit, vi teller deg ikke med lenger."))
        else:
            services.drop_in_announce(person=user, event=event)
            messages.success(request, _("Takk for at du sa fra! Velkommen."))
    except ServiceError as error:
        messages.error(request, error.problems[0].message)
    return redirect("events:event_detail", slug=event.slug)


@authorize("events.view_my_registrations")
def my_registrations(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "events/my_registrations.html",
        {"registrations": selectors.registrations_for_user(_user(request))[:200]},
    )


@authorize("events.manage_events")
def participant_list(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.get_event_for_user(_user(request), slug)
    registrations = list(selectors.participants(event))
    confirmed = [r for r in registrations if r.status != Registration.Status.WAITLISTED]
    return render(
        request,
        "events/participants.html",
        {
            "event": event,
            "confirmed": confirmed,
            "came": sum(1 for r in confirmed if r.attended is True),
            "total": len(confirmed),
            "waitlisted": [
                (r, WaitlistMoveForm(prefix=f"move-{r.pk}", initial={"position": r.waitlist_position}))
                for r in registrations
                if r.status == Registration.Status.WAITLISTED
            ],
        },
    )


@require_POST
@authorize("events.manage_events")
def mark_attendance(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    registration = selectors.get_registration_for_user(_user(request), slug, pk, "events.manage_events")
    attended = request.POST.get("attended") == "yes"
    services.attendance_set(actor=_user(request), registration=registration, attended=attended)
    if not request.htmx:  # type: ignore[attr-defined]
        return redirect(reverse("events:participants", args=[slug]) + f"#attendee-{registration.pk}")
    # At the door on a phone: swap this person's row in place (the scroll position stays) and the running count.
    active = Registration.objects.filter(event=registration.event, status__in=Registration.HOLDING)
    context = {
        "event": registration.event,
        "registration": registration,
        "came": active.filter(attended=True).count(),
        "total": active.count(),
        "htmx_oob": True,
    }
    return HttpResponse(
        render_to_string("events/participants.html#attendee", context, request)
        + render_to_string("events/participants.html#attendance_count", context, request)
    )


@require_POST
@authorize("events.manage_events")
def move_in_line(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    registration = selectors.get_registration_for_user(_user(request), slug, pk, "events.manage_events")
    form = WaitlistMoveForm(request.POST, prefix=f"move-{pk}")
    if form.is_valid():
        try:
            services.waitlist_move(
                actor=_user(request),
                registration=registration,
                position=form.cleaned_data["position"],
                reason=form.cleaned_data["reason"],
            )
        except ServiceError as error:
            messages.error(request, error.problems[0].message)
        else:
            messages.success(request, _("Rekkefølgen er endret, og personen har fått beskjed."))
    else:
        messages.error(request, _("Skriv ny plass og en begrunnelse."))
    return redirect("events:participants", slug=slug)


@authorize("events.manage_events")
def event_new(request: HttpRequest) -> HttpResponse:
    # A link from a request at the desk may suggest a title (?tittel=…); the rest is the advisor's to fill in.
    initial = {"title": request.GET.get("tittel", "")[:200]} if request.GET.get("tittel") else None
    # The permission (the decorator), then the upload limit, before the form reads the file (core/uploads.py).
    files, refused = files_after_checks(request)
    form = EventForm(request.POST or None, files, initial=initial)
    if refused:
        show_refusal(form, refused)
        return render(request, "events/event_form.html", {"form": form}, status=429)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            event = services.event_create(
                actor=_user(request),
                title=data["title"],
                kind=data["kind"],
                summary=data["summary"],
                description=data["description"],
                audience=data["audience"],
                is_public=data["is_public"],
                registration=data["registration"],
                capacity=data["capacity"],
                max_places_per_registration=data["max_places_per_registration"],
                takes_waitlist=data["takes_waitlist"],
                question=data["question"],
                session_start=data["session_start"],
                session_end=data["session_end"],
                room=data["room"],
                place=data["place"],
                image=data.get("image"),
                image_alt=data.get("image_alt", ""),
            )
        except ServiceError as error:
            for problem in error.problems:
                field = {"start": "start_time", "end": "end_time"}.get(problem.field or "", problem.field)
                form.add_error(field if field in form.fields else None, problem.message)
        else:
            made_from_link.send(sender=type(event), obj=event, actor=_user(request), params=request.GET)
            messages.success(request, _("Arrangementet er lagret som utkast. Se over og publiser det."))
            return redirect("events:event_detail", slug=event.slug)
    return render(
        request, "events/event_form.html", {"form": form}, status=400 if request.method == "POST" else 200
    )


@require_POST
@authorize("events.manage_events")
def event_publish(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.get_event_for_user(_user(request), slug)
    try:
        services.event_publish(actor=_user(request), event=event)
    except ServiceError as error:
        messages.error(request, error.problems[0].message)
    else:
        messages.success(request, _("Arrangementet er publisert."))
    return redirect("events:event_detail", slug=event.slug)


@require_POST
@authorize("events.manage_events")
def event_cancel(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.get_event_for_user(_user(request), slug)
    form = CancelEventForm(request.POST, prefix="cancel-event")
    if form.is_valid():
        services.event_cancel(actor=_user(request), event=event, reason=form.cleaned_data["reason"])
        messages.success(request, _("Arrangementet er avlyst, og alle påmeldte har fått beskjed."))
    else:
        messages.error(request, _("Skriv hvorfor arrangementet avlyses."))
    return redirect("events:event_detail", slug=event.slug)


@authorize("events.view_event", public=True)
def event_feed(request: HttpRequest) -> HttpResponse:
    """Public events as an iCalendar feed (internal ones only for the municipality's people)."""
    from ideverkstedet.events.ical import events_calendar

    events = selectors.upcoming_events(_user(request)).prefetch_related("sessions__booking__room")
    response = HttpResponse(events_calendar(events), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="ideverkstedet-arrangementer.ics"'
    return response


# A registration's own calendar file: the event's sessions, marked as sure or not as the place is.
REGISTRATION_ICS_STATUS = {
    Registration.Status.CONFIRMED: "CONFIRMED",
    Registration.Status.OFFERED: "TENTATIVE",
    Registration.Status.WAITLISTED: "TENTATIVE",
}


@authorize("events.view_my_registrations")
def registration_ics(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One registration as an .ics file ("Legg i kalenderen"): the registrant's own, or any for staff."""
    from ideverkstedet.events.ical import events_calendar

    registration = selectors.get_registration_for_user(_user(request), slug, pk)
    event = registration.event
    content = events_calendar(
        [event],
        name=event.title,
        status=REGISTRATION_ICS_STATUS.get(registration.status, "CANCELLED"),  # type: ignore[call-overload]
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@authorize("events.view_my_registrations")
def evaluate(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.get_event_for_user(_user(request), slug)
    registration = selectors.registration_for(_user(request), event)
    form = EvaluationForm(request.POST)
    if registration is None:
        messages.error(request, _("Du kan bare evaluere arrangementer du var påmeldt."))
        return redirect("events:event_detail", slug=event.slug)
    if form.is_valid():
        try:
            services.evaluation_submit(person=_user(request), registration=registration, **form.cleaned_data)
        except ServiceError as error:
            messages.error(request, error.problems[0].message)
        else:
            messages.success(request, _("Takk for tilbakemeldingen!"))
        return redirect("events:event_detail", slug=event.slug)
    return _render_detail(request, event, RegistrationForm(event=event), status=400, evaluation_form=form)


@authorize("events.manage_events")
def event_edit(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.get_event_for_user(_user(request), slug)
    initial = {f: getattr(event, f) for f in ("title", "summary", "description", "capacity", "question")}
    form = EventEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(actor=_user(request), event=event, **form.cleaned_data)
        except ServiceError as error:
            for problem in error.problems:
                form.add_error(problem.field if problem.field in form.fields else None, problem.message)
        else:
            messages.success(request, _("Endringen er lagret, og alle påmeldte har fått beskjed."))
            return redirect("events:event_detail", slug=event.slug)
    status = 400 if request.method == "POST" else 200
    return render(request, "events/event_edit.html", {"event": event, "form": form}, status=status)


@authorize("events.manage_events")
def session_new(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.get_event_for_user(_user(request), slug)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.session_add(
                actor=_user(request),
                event=event,
                start=data["session_start"],
                end=data["session_end"],
                room=data["room"],
                place=data["place"],
            )
        except ServiceError as error:
            for problem in error.problems:
                field = {"start": "start_time", "end": "end_time"}.get(problem.field or "", problem.field)
                form.add_error(field if field in form.fields else None, problem.message)
        else:
            messages.success(request, _("Økten er lagt til."))
            return redirect("events:event_detail", slug=event.slug)
    status = 400 if request.method == "POST" else 200
    return render(request, "events/session_form.html", {"event": event, "form": form}, status=status)
