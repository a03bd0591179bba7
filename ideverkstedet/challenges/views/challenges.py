"""Pages for challenges: the list, the challenge page, creating, changing, phases, the input window."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ideverkstedet.challenges import selectors, services
from ideverkstedet.challenges.forms import (
    ChallengeForm,
    CloseInputForm,
    CommentForm,
    FilterForm,
    IdeaForm,
    OpenForInputForm,
    PhaseForm,
    challenge_initial,
)
from ideverkstedet.challenges.models import Challenge
from ideverkstedet.challenges.services import ChallengeData, ChallengeError
from ideverkstedet.challenges.views.base import PAGE_SIZE, _form_error, _posted
from ideverkstedet.challenges.views.joining import joining_context
from ideverkstedet.core import fragments
from ideverkstedet.core.current import current_user as _user
from ideverkstedet.core.permissions import authorize
from ideverkstedet.core.uploads import files_after_checks, show_refusal

# ---------------------------------------------------------------- challenges


@authorize("challenges.view_challenge", public=True)
def challenge_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)

    def build() -> str:
        form = FilterForm(request.GET or None, show_mine=user.is_authenticated)
        filters = selectors.ListFilters()
        if form.is_valid():
            data = form.cleaned_data
            filters = selectors.ListFilters(
                phase=data["fase"],
                area=data["omrade"],
                tag=data["stikkord"] or "",
                open_for_input=data["apen"],
                mine=bool(data.get("mine")),
            )
        challenges = selectors.challenge_list(user, filters).prefetch_related(None)
        page = Paginator(challenges, PAGE_SIZE).get_page(request.GET.get("side"))
        query = request.GET.copy()
        query.pop("side", None)
        context = {
            "form": form,
            "page": page,
            "challenges": selectors.challenge_cards(list(page.object_list)),
            "query": query.urlencode(),
            "filtered": any(v for k, v in request.GET.items() if k != "side"),
        }
        return render_to_string("challenges/_challenge_list_body.html", context)

    return render(
        request,
        "challenges/challenge_list.html",
        {
            # Anonymous visitors share the filters and cards (core/fragments.py): what they may see is the same
            # for all of them; any change to a challenge, idea, comment, phase or area raises the version.
            "body": fragments.cached(request, "challenges", build),
            "may_create": user.has_perm("challenges.create_challenge"),
        },
    )


def _challenge_data(form: ChallengeForm, current: Challenge | None = None) -> ChallengeData:
    data = form.cleaned_data
    return ChallengeData(
        title=data["title"],
        summary=data["summary"],
        description=data["description"],
        visibility=data.get("visibility") or (current.visibility if current else "public"),
        service_areas=list(data["service_areas"]),
        tags=data["tags"],
        image=data.get("image"),
        image_alt=data["image_alt"],
    )


@authorize("challenges.create_challenge")
def challenge_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    # Permission (the decorator) and a posting block before the upload limit, and all before the file is read.
    blocked = services.is_blocked(user) and request.method == "POST"
    files, refused = files_after_checks(
        request,
        _("Kontoen din er stengt for nye innlegg. Ta kontakt med Innovasjonsenheten.") if blocked else None,
    )
    form = ChallengeForm(_posted(request), files, owner=user)
    if refused:
        show_refusal(form, refused)
        return render(
            request, "challenges/challenge_form.html", {"form": form}, status=403 if blocked else 429
        )
    if request.method == "POST" and form.is_valid():
        try:
            challenge = services.challenge_create(owner=user, data=_challenge_data(form))
        except ChallengeError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Utfordringen er opprettet. Inviter gjerne kolleger til laget."))
            return redirect(challenge)
    return render(
        request, "challenges/challenge_form.html", {"form": form}, status=400 if form.errors else 200
    )


@authorize("challenges.view_challenge", public=True)
def challenge_detail(request: HttpRequest, slug: str) -> HttpResponse:
    user = _user(request)
    challenge = selectors.get_challenge_for_user(user, slug)
    return _render_detail(request, challenge)


def _render_detail(
    request: HttpRequest,
    challenge: Challenge,
    *,
    idea_form: IdeaForm | None = None,
    comment_form: CommentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = _user(request)
    order = request.GET.get("sorter", "new")
    order = order if order in {"new", "popular"} else "new"
    idea_page = selectors.page_number(request.GET.get("ideer"))
    thread_page = selectors.page_number(request.GET.get("samtale"))
    comment = request.GET.get("kommentar", "")
    if comment.isdigit() and "samtale" not in request.GET and len(comment) < 12:
        thread_page = selectors.thread_page_of(user, challenge, int(comment))
    part = request.GET.get("del")
    if request.htmx and part in {"ideer", "samtale"} and status == 200:  # type: ignore[attr-defined]
        return _more(
            request, challenge, part, order=order, page=idea_page if part == "ideer" else thread_page
        )
    manage = user.has_perm("challenges.change_challenge", challenge)
    membership = selectors.membership_of(user, challenge)
    may_post = user.has_perm("challenges.give_input", challenge)
    may_cheer = user.has_perm("challenges.cheer")
    input_state = challenge.input_state()
    # Rendered without the request's context processors (they ran for the page already); a form's CSRF token
    # only for a logged-in person, whose fragments are never cached.
    shared = {"challenge": challenge, "order": order, "may_post": may_post, "user": user, "request": request}
    if user.is_authenticated:
        shared["csrf_token"] = get_token(request)

    def ideas() -> str:
        items, more = selectors.ideas_page(user, challenge, order=order, page=idea_page)
        context = {**shared, "ideas": items, "may_cheer": may_cheer, "input_state": input_state}
        context.update(_page_links(request, "ideer", idea_page, more))
        return render_to_string("challenges/_challenge_ideas.html", context)

    def conversation() -> str:
        threads, more = selectors.threads_page(user, challenge, page=thread_page)
        context = {**shared, "threads": threads, **_page_links(request, "samtale", thread_page, more)}
        return render_to_string("challenges/_comments.html", context)

    def page() -> dict[str, object]:
        return {
            "challenge": challenge,
            "order": order,
            **selectors.challenge_page(user, challenge),
            "ideas_section": SafeString(ideas()),
            "conversation": SafeString(conversation()),
            **joining_context(user, challenge),
            "manage": manage,
            "membership": membership,
            "invitation": selectors.invitation_for(user, challenge),
            "may_join": user.has_perm("challenges.ask_to_join", challenge) and membership is None,
            "may_post": may_post,
            "may_cheer": may_cheer,
            "input_state": input_state,
            "idea_form": idea_form or IdeaForm(),
            "comment_form": comment_form or CommentForm(),
            "phase_form": PhaseForm(initial={"phase": challenge.phase_id}) if manage else None,
        }

    if user.is_authenticated:
        response = render(request, "challenges/challenge_detail.html", page(), status=status)
    else:
        # A visitor's page is the same for every visitor in that language: cached under the versions of all it
        # shows (core/fragments.py): this app's rows, this challenge's cheers, people's names, and the sections
        # from the apps above (plans and methods, stories, the help desk); and no longer than until an input
        # window next opens or closes (the group's lifetime). Messages and the header are outside it.
        body = fragments.cached(
            request,
            ["challenges", f"cheers:{challenge.pk}", "people", "sections"],
            lambda: render_to_string("challenges/_challenge_page.html", page(), request=request),
        )
        response = render(
            request, "challenges/challenge_detail.html", {"challenge": challenge, "body": body}, status=status
        )
    patch_vary_headers(response, ["HX-Request"])
    return response


def _page_links(request: HttpRequest, key: str, page: int, more: bool) -> dict[str, str]:
    """The links of one paged list on the challenge page (`ideer` or `samtale`): the next page as a plain,
    shareable link and as the htmx fragment of just its items; the first page when past it."""
    query = request.GET.copy()
    for name in ("del", "kommentar", key):
        query.pop(name, None)
    links = {}
    if more:
        query[key] = str(page + 1)
        links[f"{key}_next"] = "?" + query.urlencode()
        query["del"] = key
        links[f"{key}_fragment"] = "?" + query.urlencode()
        query.pop("del")
    if page > 1:
        query.pop(key, None)
        links[f"{key}_first"] = "?" + query.urlencode()
    return links


def _more(request: HttpRequest, challenge: Challenge, part: str, *, order: str, page: int) -> HttpResponse:
    """The htmx answer to "Vis flere": just the next page's ideas or threads, and the link after them."""
    user = _user(request)
    context: dict[str, object] = {"challenge": challenge, "order": order, "fragment": True}
    if part == "ideer":
        context["ideas"], more = selectors.ideas_page(user, challenge, order=order, page=page)
        context["may_cheer"] = user.has_perm("challenges.cheer")
        template = "challenges/_idea_items.html"
    else:
        context["threads"], more = selectors.threads_page(user, challenge, page=page)
        context["may_post"] = user.has_perm("challenges.give_input", challenge)
        template = "challenges/_comment_items.html"
    context.update(_page_links(request, part, page, more))
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@authorize("challenges.view_challenge")
def challenge_edit(request: HttpRequest, slug: str) -> HttpResponse:
    user = _user(request)
    challenge = selectors.get_challenge_for_user(user, slug, "challenges.change_challenge")
    files, refused = files_after_checks(request)  # after the permission, before the file is read
    form = ChallengeForm(_posted(request), files, owner=challenge.owner, initial=challenge_initial(challenge))
    if refused:
        show_refusal(form, refused)
    elif request.method == "POST" and form.is_valid():
        try:
            services.challenge_update(actor=user, challenge=challenge, data=_challenge_data(form, challenge))
        except ChallengeError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Endringene er lagret."))
            return redirect(challenge)
    return render(
        request,
        "challenges/challenge_form.html",
        {"form": form, "challenge": challenge},
        status=429 if refused else 400 if form.errors else 200,
    )


@require_POST
@authorize("challenges.view_challenge")
def challenge_phase(request: HttpRequest, slug: str) -> HttpResponse:
    user = _user(request)
    challenge = selectors.get_challenge_for_user(user, slug, "challenges.change_challenge")
    form = PhaseForm(request.POST)
    if form.is_valid():
        try:
            services.challenge_change_phase(
                actor=user,
                challenge=challenge,
                phase=form.cleaned_data["phase"],
                note=form.cleaned_data["note"],
            )
        except ChallengeError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("Utfordringen er flyttet til %(phase)s.") % {"phase": form.cleaned_data["phase"]}
            )
    else:
        messages.error(request, _("Velg en fase."))
    return redirect(challenge)


@authorize("challenges.view_challenge")
def challenge_open(request: HttpRequest, slug: str) -> HttpResponse:
    user = _user(request)
    challenge = selectors.get_challenge_for_user(user, slug, "challenges.change_challenge")
    form = OpenForInputForm(
        _posted(request),
        initial={"question": challenge.input_question, "audience": challenge.input_audience},
    )
    close_form = CloseInputForm(initial={"outcome": challenge.outcome})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.challenge_open_for_input(
                actor=user,
                challenge=challenge,
                opens_at=data["opens_at"],
                closes_at=data["closes_at"],
                question=data["question"],
                audience=data["audience"],
            )
        except ChallengeError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Utfordringen er åpen for innspill i perioden dere valgte."))
            return redirect(challenge)
    return render(
        request,
        "challenges/challenge_open.html",
        {"form": form, "close_form": close_form, "challenge": challenge},
        status=400 if form.errors else 200,
    )


@require_POST
@authorize("challenges.view_challenge")
def challenge_close(request: HttpRequest, slug: str) -> HttpResponse:
    user = _user(request)
    challenge = selectors.get_challenge_for_user(user, slug, "challenges.change_challenge")
    form = CloseInputForm(request.POST)
    if form.is_valid():
        services.challenge_close_input(actor=user, challenge=challenge, outcome=form.cleaned_data["outcome"])
        messages.success(
            request, _("Innspillsperioden er avsluttet, og teksten om hva som skjedde er lagret.")
        )
        return redirect(challenge)
    return render(
        request,
        "challenges/challenge_open.html",
        {"form": OpenForInputForm(), "close_form": form, "challenge": challenge},
        status=400,
    )
