from typing import Any, Literal

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ideverkstedet.accounts.models import User
from ideverkstedet.core import fragments
from ideverkstedet.core.bounds import bounded_int
from ideverkstedet.core.current import current_user as _user
from ideverkstedet.core.forms import cached_filter_fields
from ideverkstedet.core.permissions import authorize
from ideverkstedet.core.signals import made_from_link
from ideverkstedet.methods import selectors, services
from ideverkstedet.methods.forms import (
    AddToPlanForm,
    BlockForm,
    FreeBlockForm,
    MethodBlockForm,
    MethodFilterForm,
    PlanForm,
)
from ideverkstedet.methods.list_html import render_method_cards
from ideverkstedet.methods.models import MethodCard, Plan
from ideverkstedet.methods.pdf import pdf_available, pdf_response, render_pdf

METHODS_PER_PAGE = 12
MAX_PRINT_CARDS = 60


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("side", None)
    return query.urlencode()


# The method library ---------------------------------------------------------------------------------------


@authorize("methods.view_method", public=True)
def method_list(request: HttpRequest) -> HttpResponse:
    def build() -> str:
        form = MethodFilterForm(request.GET)
        form.is_valid()  # errors are shown; the valid fields still filter
        wanted = form.wanted()
        methods = selectors.filter_methods(wanted)
        page = Paginator(methods, METHODS_PER_PAGE).get_page(request.GET.get("side"))
        context = {
            "filter_fields": cached_filter_fields(request, form, "methods/_method_filter_fields.html"),
            "wanted": wanted,
            "page": page,
            "methods": page.object_list,
            "cards": render_method_cards(page.object_list),
            "query": _query_without_page(request),
            "signed_in": request.user.is_authenticated,
        }
        return render_to_string("methods/_method_list_body.html", context)

    # Anonymous visitors share the filters and cards (core/fragments.py: any change to a method raises the
    # version; methods/apps.py). A search text is not cached: the search index answers it, and every text
    # would be its own entry.
    searched = bool(request.GET.get("q", "").strip())
    body = build() if searched else fragments.cached(request, "methods", build)
    return render(request, "methods/method_list.html", {"body": body})


@authorize("methods.view_method", public=True)
def method_detail(request: HttpRequest, slug: str) -> HttpResponse:
    method = selectors.get_method(slug)
    context: dict[str, Any] = {"method": method, "card": method.card}
    if request.user.has_perm("methods.add_plan"):
        plans = Plan.objects.filter(owner=_user(request)).order_by("-updated_at", "-pk")
        context["add_form"] = AddToPlanForm(plans=plans, initial={"minutes": method.duration_min})
        context["has_plans"] = plans.exists()
    return render(request, "methods/method_detail.html", context)


@authorize("methods.view_method", public=True)
def method_print(request: HttpRequest, slug: str) -> HttpResponse:
    method = selectors.get_method(slug)
    return render(
        request,
        "methods/print_cards.html",
        {
            "cards": [method.card],
            "back_url": method.get_absolute_url(),
            "title": method.card.name,
            "pdf_url": reverse("methods:method_pdf", args=[method.slug]) if pdf_available() else "",
        },
    )


@authorize("methods.view_method", public=True)
def method_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """One method card as a PDF."""
    if not pdf_available():
        raise Http404
    method = selectors.get_method(slug)
    context = {"cards": [method.card], "back_url": method.get_absolute_url(), "title": method.card.name}
    return pdf_response(
        render_pdf(request, "methods/print_cards.html", context), f"metodekort-{method.slug}.pdf"
    )


@authorize("methods.view_method", public=True)
def method_print_all(request: HttpRequest, as_pdf: bool = False) -> HttpResponse:
    """Every card that matches the list's filters, one per printed page (or as a PDF)."""
    form = MethodFilterForm(request.GET)
    form.is_valid()
    methods = selectors.filter_methods(form.wanted())[:MAX_PRINT_CARDS]
    back = reverse("methods:method_list")
    query = _query_without_page(request)
    context = {
        "cards": [MethodCard.of(m) for m in methods],
        "back_url": f"{back}?{query}" if query else back,
        "title": _("Metodekort"),
        "pdf_url": reverse("methods:method_pdf_all") + (f"?{query}" if query else "")
        if pdf_available()
        else "",
    }
    if as_pdf:
        if not pdf_available():
            raise Http404
        return pdf_response(render_pdf(request, "methods/print_cards.html", context), "metodekort.pdf")
    return render(request, "methods/print_cards.html", context)


# Plans ---------------------------------------------------------------------------------------------------


@authorize("methods.view_plans")
def plan_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "methods/plan_list.html",
        {
            "mine": list(selectors.plans_owned_by(user)[:200]),
            "templates": list(selectors.template_plans()[:100]),
            "shared": list(selectors.plans_shared_with(user)[:100]),
        },
    )


@authorize("methods.add_plan")
def plan_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    can_publish = user.has_perm("methods.publish_template")
    # A link from a request at the desk may suggest a title (?tittel=…).
    initial = {"title": request.GET.get("tittel", "")[:200]} if request.GET.get("tittel") else None
    form = PlanForm(
        request.POST or None, initial=initial, can_publish=can_publish, **_tie_options(user, user)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        booking, session = form.chosen_tie()
        try:
            plan = services.plan_create(
                owner=user,
                title=data["title"],
                date=data["date"],
                start_time=data["start_time"],
                notes=data["notes"],
                is_shared=data["is_shared"],
                is_template=data.get("is_template", False),
                booking=booking,
                session=session,
                challenge=data.get("challenge"),
            )
        except services.PlanError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            made_from_link.send(sender=Plan, obj=plan, actor=user, params=request.GET)
            messages.success(request, _("Opplegget er laget. Legg til metoder og andre punkter."))
            return redirect(plan)
    status = 400 if request.method == "POST" else 200
    return render(request, "methods/plan_form.html", {"form": form}, status=status)


def _tie_options(actor: User, owner: User, current: Plan | None = None) -> dict[str, Any]:
    limit = selectors.MAX_TIE_CHOICES
    return {
        "bookings": list(selectors.bookings_for_plan(owner)[:limit]),
        "sessions": list(selectors.sessions_for_plan(actor)[:limit]),
        "challenges": selectors.challenges_for_plan(owner, current),
    }


@authorize("methods.view_plans")
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    plan = selectors.get_plan_for_user(user, pk, "methods.change_plan")
    can_publish = user.has_perm("methods.publish_template")
    initial = {name: getattr(plan, name) for name in PlanForm.Meta.fields}
    initial["challenge"] = plan.challenge_id
    # Not bound to `plan` as its instance: the service makes the change, the form only reads the input.
    form = PlanForm(
        request.POST or None,
        initial=initial,
        can_publish=can_publish,
        current=selectors.plan_tie(plan),
        **_tie_options(user, plan.owner, plan),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        booking, session = form.chosen_tie(plan)
        try:
            services.plan_update(
                actor=user,
                plan=plan,
                title=data["title"],
                date=data["date"],
                start_time=data["start_time"],
                notes=data["notes"],
                is_shared=data["is_shared"],
                is_template=data["is_template"] if can_publish else None,
                booking=booking,
                session=session,
                challenge=data.get("challenge") if "challenge" in form.fields else services.KEEP,
            )
        except services.PlanError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Opplegget er lagret."))
            return redirect("methods:plan_detail", pk=plan.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "methods/plan_form.html", {"form": form, "plan": plan}, status=status)


def _plan_page(
    request: HttpRequest,
    plan: Plan,
    *,
    method_form: MethodBlockForm | None = None,
    free_form: FreeBlockForm | None = None,
    status: int = 200,
) -> HttpResponse:
    agenda = selectors.plan_agenda(plan)
    can_change = request.user.has_perm("methods.change_plan", plan)
    tie, warnings = selectors.plan_timing(plan, agenda)
    context: dict[str, Any] = {
        "plan": plan,
        "agenda": agenda,
        "tie": tie,
        "challenge": plan.challenge
        if plan.challenge and request.user.has_perm("challenges.view_challenge", plan.challenge)
        else None,
        "timing_warnings": warnings,
        "materials": selectors.plan_materials(agenda),
        "can_change": can_change,
        "can_copy": request.user.has_perm("methods.copy_plan", plan),
        "is_owner": plan.owner_id == request.user.pk,
        "last_index": len(agenda.items) - 1,
        "pdf_available": pdf_available(),
    }
    if can_change:
        context["method_form"] = method_form or MethodBlockForm(methods=selectors.published_methods())
        context["free_form"] = free_form or FreeBlockForm()
    return render(request, "methods/plan_detail.html", context, status=status)


@authorize("methods.view_plans")
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _plan_page(request, selectors.get_plan_for_user(_user(request), pk))


@authorize("methods.view_plans")
def plan_print(
    request: HttpRequest, pk: int, facilitator: bool = False, as_pdf: bool = False
) -> HttpResponse:
    """The participants' handout, or the facilitator's version with notes, materials and steps."""
    plan = selectors.get_plan_for_user(_user(request), pk)
    agenda = selectors.plan_agenda(plan)
    name = "methods:plan_pdf_facilitator" if facilitator else "methods:plan_pdf"
    tie, warnings = selectors.plan_timing(plan, agenda)
    context = {
        "plan": plan,
        "agenda": agenda,
        "tie": tie,
        "timing_warnings": warnings,
        "materials": selectors.plan_materials(agenda),
        "facilitator": facilitator,
        "pdf_url": reverse(name, args=[plan.pk]) if pdf_available() else "",
    }
    if as_pdf:
        if not pdf_available():
            raise Http404
        filename = f"opplegg-{plan.pk}{'-tilrettelegger' if facilitator else ''}.pdf"
        return pdf_response(render_pdf(request, "methods/plan_print.html", context), filename)
    return render(request, "methods/plan_print.html", context)


@require_POST
@authorize("methods.view_plans")
def plan_copy(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.get_plan_for_user(_user(request), pk, "methods.copy_plan")
    try:
        copy = services.plan_copy(actor=_user(request), plan=plan)
    except services.PlanError as error:
        messages.error(request, error.message)
        return redirect(plan)
    messages.success(request, _("Du har fått en egen kopi av opplegget. Endre den som du vil."))
    return redirect(copy)


@require_POST
@authorize("methods.view_plans")
def plan_delete(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.get_plan_for_user(_user(request), pk, "methods.delete_plan")
    services.plan_delete(actor=_user(request), plan=plan)
    messages.success(request, _("Opplegget «%(title)s» er slettet.") % {"title": plan.title})
    return redirect("methods:plan_list")


@require_POST
@authorize("methods.view_plans")
def block_add_method(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    plan = selectors.get_plan_for_user(user, pk, "methods.change_plan")
    form = MethodBlockForm(request.POST, methods=selectors.published_methods())
    if form.is_valid():
        data = form.cleaned_data
        try:
            block = services.block_add(
                actor=user,
                plan=plan,
                method=data["method"],
                minutes=data["minutes"],
                facilitator_notes=data["facilitator_notes"],
            )
        except services.PlanError as error:
            form.add_error("minutes" if error.field == "minutes" else None, error.message)
        else:
            messages.success(request, _("«%(title)s» er lagt til.") % {"title": block.title})
            return redirect(reverse("methods:plan_detail", args=[plan.pk]) + f"#blokk-{block.pk}")
    return _plan_page(request, plan, method_form=form, status=400)


@require_POST
@authorize("methods.view_plans")
def block_add_free(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    plan = selectors.get_plan_for_user(user, pk, "methods.change_plan")
    form = FreeBlockForm(request.POST)
    if form.is_valid():
        try:
            block = services.block_add(actor=user, plan=plan, **form.cleaned_data)
        except services.PlanError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("«%(title)s» er lagt til.") % {"title": block.title})
            return redirect(reverse("methods:plan_detail", args=[plan.pk]) + f"#blokk-{block.pk}")
    return _plan_page(request, plan, free_form=form, status=400)


@require_POST
@authorize("methods.add_plan")
def method_add_to_plan(request: HttpRequest, slug: str) -> HttpResponse:
    """From a method's page: add it to one of my plans."""
    user = _user(request)
    method = selectors.get_method(slug)
    plans = Plan.objects.filter(owner=user).order_by("-updated_at", "-pk")
    form = AddToPlanForm(request.POST, plans=plans)
    if form.is_valid():
        plan = form.cleaned_data["plan"]
        try:
            block = services.block_add(
                actor=user, plan=plan, method=method, minutes=form.cleaned_data["minutes"]
            )
        except services.PlanError as error:
            form.add_error("minutes" if error.field == "minutes" else None, error.message)
        else:
            messages.success(
                request, _("«%(method)s» er lagt til i opplegget.") % {"method": method.card.name}
            )
            return redirect(reverse("methods:plan_detail", args=[plan.pk]) + f"#blokk-{block.pk}")
    return render(
        request,
        "methods/method_detail.html",
        {"method": method, "card": method.card, "add_form": form, "has_plans": plans.exists()},
        status=400,
    )


@authorize("methods.view_plans")
def block_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    block = selectors.get_block_for_user(user, pk)
    initial = {"title": block.title, "minutes": block.minutes, "facilitator_notes": block.facilitator_notes}
    form = BlockForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.block_update(actor=user, block=block, **form.cleaned_data)
        except services.PlanError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Punktet er lagret."))
            return redirect(reverse("methods:plan_detail", args=[block.plan_id]) + f"#blokk-{block.pk}")
    status = 400 if request.method == "POST" else 200
    return render(request, "methods/block_form.html", {"form": form, "plan_block": block}, status=status)


_DIRECTIONS: dict[str, Literal["up", "down"]] = {"up": "up", "down": "down"}


@require_POST
@authorize("methods.view_plans")
def block_move(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    block = selectors.get_block_for_user(user, pk)
    direction = _DIRECTIONS.get(request.POST.get("retning", ""))
    anchor = f"#blokk-{block.pk}"
    if direction is not None:
        services.block_move(actor=user, block=block, direction=direction)
        # Back to the same button, so a keyboard user can keep moving the block.
        anchor = f"#flytt-{direction}-{block.pk}"
    else:
        messages.error(request, _("Velg om punktet skal flyttes opp eller ned."))
    return redirect(reverse("methods:plan_detail", args=[block.plan_id]) + anchor)


@require_POST
@authorize("methods.view_plans")
def plan_reorder(request: HttpRequest, pk: int) -> HttpResponse:
    """Drag and drop: the plan's blocks in a new order, as `blokk` ids (form-encoded, in order). Answers 204,
    or 400 with {"message": …} a person can act on. The move buttons do the same without JavaScript."""
    user = _user(request)
    plan = selectors.get_plan_for_user(user, pk, "methods.change_plan")
    raw = request.POST.getlist("blokk")
    if not raw or len(raw) > services.MAX_BLOCKS or any(bounded_int(value) is None for value in raw):
        return JsonResponse(
            {
                "code": "bad_order",
                "message": _("Rekkefølgen kom ikke fram riktig. Last inn siden og prøv igjen."),
            },
            status=400,
        )
    try:
        services.plan_reorder(actor=user, plan=plan, block_ids=[int(value) for value in raw])
    except services.PlanError as error:
        return JsonResponse({"code": error.code, "message": error.message}, status=400)
    return HttpResponse(status=204)


@require_POST
@authorize("methods.view_plans")
def block_remove(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    block = selectors.get_block_for_user(user, pk)
    services.block_remove(actor=user, block=block)
    messages.success(request, _("«%(title)s» er fjernet fra opplegget.") % {"title": block.title})
    return redirect("methods:plan_detail", pk=block.plan_id)
