"""Pages for challenges, ideas, comments and moderation. Every write goes through services.py."""

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ideverkstedet.accounts.models import User
from ideverkstedet.challenges import selectors, services
from ideverkstedet.challenges.forms import (
    BlockForm,
    ChallengeForm,
    CloseInputForm,
    CommentForm,
    FilterForm,
    IdeaForm,
    IdeaStatusForm,
    InsightForm,
    InviteForm,
    JoinForm,
    ModerationForm,
    OpenForInputForm,
    PhaseForm,
    ReportForm,
    challenge_initial,
)
from ideverkstedet.challenges.models import Challenge, Comment, Idea, Membership, Phase, PostingBlock
from ideverkstedet.challenges.services import ChallengeData, ChallengeError
from ideverkstedet.core.permissions import authorize
from ideverkstedet.methods.selectors import MethodFilter, filter_methods

PAGE_SIZE = 50


def _posted(request: HttpRequest) -> Any:
    """The form data on POST (even when empty, so the form says what is missing), None on GET."""
    return request.POST if request.method == "POST" else None


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _check(request: HttpRequest, permission: str, obj: Any) -> None:
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied(permission)


def _form_error(form: Any, error: ChallengeError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


# ---------------------------------------------------------------- challenges


@authorize("challenges.view_challenge", public=True)
def challenge_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
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
    return render(
        request,
        "challenges/challenge_list.html",
        {
            "form": form,
            "page": page,
            "challenges": selectors.challenge_cards(list(page.object_list)),
            "query": query.urlencode(),
            "filtered": any(v for k, v in request.GET.items() if k != "side"),
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
    form = ChallengeForm(_posted(request), request.FILES if request.method == "POST" else None, owner=user)
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
    wanted = order if order in {"new", "popular"} else "new"
    ideas = selectors.prepare_ideas(challenge, list(selectors.ideas_for(user, challenge, order=wanted)[:200]))
    manage = user.has_perm("challenges.change_challenge", challenge)
    membership = selectors.membership_of(user, challenge)
    return render(
        request,
        "challenges/challenge_detail.html",
        {
            "challenge": challenge,
            "ideas": ideas,
            "order": order,
            "threads": selectors.comment_threads(user, challenge),
            "insights": list(selectors.insights_for(user, challenge)[:50]),
            "phases": list(Phase.objects.all()),
            "similar": selectors.similar_challenges(user, challenge),
            "history": list(challenge.phase_changes.select_related("to_phase").order_by("changed_at", "id")),
            "areas": list(challenge.service_areas.all()),
            "tags": list(challenge.tags.all()),
            "team": list(
                challenge.memberships.select_related("user").filter(status=Membership.Status.ACTIVE)
            ),
            "manage": manage,
            "membership": membership,
            "may_join": user.has_perm("challenges.ask_to_join", challenge) and membership is None,
            "may_post": user.has_perm("challenges.give_input", challenge),
            "may_cheer": user.has_perm("challenges.cheer"),
            "following": selectors.is_following(user, challenge=challenge),
            "input_state": challenge.input_state(),
            "idea_form": idea_form or IdeaForm(),
            "comment_form": comment_form or CommentForm(),
            "phase_form": PhaseForm(initial={"phase": challenge.phase_id}) if manage else None,
            "plans": [
                plan
                for plan in challenge.plans.select_related("owner").order_by("-updated_at")[:20]
                if user.has_perm("methods.view_plan", plan)
            ],
            "phase_methods": list(filter_methods(MethodFilter(phase=challenge.phase.slug))[:6]),
        },
        status=status,
    )


@authorize("challenges.view_challenge")
def challenge_edit(request: HttpRequest, slug: str) -> HttpResponse:
    user = _user(request)
    challenge = selectors.get_challenge_for_user(user, slug)
    _check(request, "challenges.change_challenge", challenge)
    form = ChallengeForm(
        _posted(request),
        request.FILES if request.method == "POST" else None,
        owner=challenge.owner,
        initial=challenge_initial(challenge),
    )
    if request.method == "POST" and form.is_valid():
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
        status=400 if form.errors else 200,
    )


@require_POST
@authorize("challenges.view_challenge")
def challenge_phase(request: HttpRequest, slug: str) -> HttpResponse:
    user = _user(request)
    challenge = selectors.get_challenge_for_user(user, slug)
    _check(request, "challenges.change_challenge", challenge)
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
    challenge = selectors.get_challenge_for_user(user, slug)
    _check(request, "challenges.change_challenge", challenge)
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
    challenge = selectors.get_challenge_for_user(user, slug)
    _check(request, "challenges.change_challenge", challenge)
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


# ---------------------------------------------------------------- team


@authorize("challenges.view_challenge")
def team(request: HttpRequest, slug: str) -> HttpResponse:
    user = _user(request)
    challenge = selectors.get_challenge_for_user(user, slug)
    manage = user.has_perm("challenges.change_challenge", challenge)
    form = InviteForm(_posted(request))
    if request.method == "POST":
        _check(request, "challenges.change_challenge", challenge)
        if form.is_valid():
            invitee = User.objects.filter(email__iexact=form.cleaned_data["email"]).first()
            if invitee is None:
                form.add_error("email", _("Fant ingen aktiv konto med den e-postadressen."))
            else:
                try:
                    services.member_invite(actor=user, challenge=challenge, user=invitee)
                except ChallengeError as error:
                    _form_error(form, error)
                else:
                    messages.success(
                        request, _("%(name)s er invitert til laget.") % {"name": invitee.display_name}
                    )
                    return redirect("challenges:team", challenge.slug)
    memberships = list(challenge.memberships.select_related("user").order_by("status", "created_at"))
    return render(
        request,
        "challenges/team.html",
        {
            "challenge": challenge,
            "form": form,
            "manage": manage,
            "active": [m for m in memberships if m.status == Membership.Status.ACTIVE],
            "invited": [m for m in memberships if m.status == Membership.Status.INVITED],
            "requested": [m for m in memberships if m.status == Membership.Status.REQUESTED],
            "membership": next((m for m in memberships if m.user_id == user.pk), None),
            "may_join": user.has_perm("challenges.ask_to_join", challenge),
            "join_form": JoinForm(),
        },
        status=400 if form.errors else 200,
    )


@require_POST
@authorize("challenges.view_challenge")
def team_join(request: HttpRequest, slug: str) -> HttpResponse:
    user = _user(request)
    challenge = selectors.get_challenge_for_user(user, slug)
    _check(request, "challenges.ask_to_join", challenge)
    form = JoinForm(request.POST)
    try:
        services.member_ask(
            user=user, challenge=challenge, message=form.cleaned_data["message"] if form.is_valid() else ""
        )
    except ChallengeError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Laget har fått beskjed. Du hører fra dem."))
    return redirect("challenges:team", challenge.slug)


@require_POST
@authorize("challenges.view_challenge")
def team_respond(request: HttpRequest, slug: str) -> HttpResponse:
    user = _user(request)
    challenge = selectors.get_challenge_for_user(user, slug)
    accept = request.POST.get("svar") == "ja"
    try:
        services.member_respond(user=user, challenge=challenge, accept=accept)
    except ChallengeError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Velkommen på laget!") if accept else _("Du takket nei til invitasjonen.")
        )
    return redirect(challenge)


@require_POST
@authorize("challenges.view_challenge")
def team_decide(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    user = _user(request)
    challenge = selectors.get_challenge_for_user(user, slug)
    _check(request, "challenges.change_challenge", challenge)
    membership = get_object_or_404(Membership, pk=pk, challenge=challenge)
    action = request.POST.get("svar")
    try:
        if action == "fjern":
            services.member_remove(actor=user, membership=membership)
            messages.success(request, _("Personen er fjernet fra laget."))
        else:
            services.member_decide(actor=user, membership=membership, accept=action == "ja")
            messages.success(request, _("Svaret er sendt."))
    except ChallengeError as error:
        messages.error(request, error.message)
    return redirect("challenges:team", challenge.slug)


# ---------------------------------------------------------------- insight


@authorize("challenges.view_challenge")
def insight(request: HttpRequest, slug: str) -> HttpResponse:
    user = _user(request)
    challenge = selectors.get_challenge_for_user(user, slug)
    manage = user.has_perm("challenges.change_challenge", challenge)
    form = InsightForm(_posted(request)) if manage else None
    if request.method == "POST":
        _check(request, "challenges.change_challenge", challenge)
        assert form is not None
        if form.is_valid():
            services.insight_add(actor=user, challenge=challenge, **form.cleaned_data)
            messages.success(request, _("Innsikten er lagret."))
            return redirect("challenges:insight", challenge.slug)
    return render(
        request,
        "challenges/insight.html",
        {
            "challenge": challenge,
            "insights": list(selectors.insights_for(user, challenge)),
            "form": form,
            "manage": manage,
        },
        status=400 if form is not None and form.errors else 200,
    )


# ---------------------------------------------------------------- ideas and comments


@authorize("challenges.view_challenge", public=True)
def idea_new(request: HttpRequest, slug: str) -> HttpResponse:
    user = _user(request)
    challenge = selectors.get_challenge_for_user(user, slug)
    if not user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    form = IdeaForm(_posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            idea = services.idea_create(
                author=user,
                challenge=challenge,
                title=data["title"],
                description=data["description"],
                is_anonymous=data["is_anonymous"],
                image=data.get("image"),
                image_alt=data["image_alt"],
            )
        except ChallengeError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Takk! Idéen din er lagt inn."))
            return redirect(idea)
    return render(
        request,
        "challenges/idea_form.html",
        {"form": form, "challenge": challenge, "may_post": user.has_perm("challenges.give_input", challenge)},
        status=400 if form.errors else 200,
    )


@authorize("challenges.view_challenge", public=True)
def idea_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    user = _user(request)
    challenge = selectors.get_challenge_for_user(user, slug)
    idea = selectors.get_idea_for_user(user, challenge, pk)
    return _render_idea(request, challenge, idea)


def _render_idea(
    request: HttpRequest,
    challenge: Challenge,
    idea: Idea,
    *,
    comment_form: CommentForm | None = None,
    status_form: IdeaStatusForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = _user(request)
    manage = user.has_perm("challenges.set_idea_status", idea)
    cheered = user.is_authenticated and idea.cheers.filter(user=user).exists()
    return render(
        request,
        "challenges/idea_detail.html",
        {
            "challenge": challenge,
            "idea": idea,
            "threads": selectors.comment_threads(user, challenge, idea),
            "cheered": cheered,
            "may_cheer": user.has_perm("challenges.cheer", idea),
            "may_post": user.has_perm("challenges.give_input", challenge) and not idea.hidden_at,
            "following": selectors.is_following(user, idea=idea),
            "manage": manage,
            "comment_form": comment_form or CommentForm(initial={"idea": idea.pk}),
            "status_form": status_form
            or IdeaStatusForm(initial={"status": idea.status, "note": idea.status_note}),
            "input_state": challenge.input_state(),
        },
        status=status,
    )


@require_POST
@authorize("challenges.view_challenge")
def idea_cheer(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    user = _user(request)
    challenge = selectors.get_challenge_for_user(user, slug)
    idea = selectors.get_idea_for_user(user, challenge, pk)
    _check(request, "challenges.cheer", idea)
    if request.POST.get("heia") == "nei":
        result = services.cheer_remove(user=user, idea=idea)
    else:
        result = services.cheer_add(user=user, idea=idea)
    if request.htmx:  # type: ignore[attr-defined]
        return render(
            request,
            "challenges/_cheer.html",
            {
                "idea": result.idea,
                "cheered": result.cheered,
                "may_cheer": True,
                "challenge": challenge,
                "announce": True,
            },
        )
    after = request.POST.get("neste", "")
    safe = url_has_allowed_host_and_scheme(
        after, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return redirect(after if after and safe else idea.get_absolute_url())


@require_POST
@authorize("challenges.view_challenge")
def idea_status(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    user = _user(request)
    challenge = selectors.get_challenge_for_user(user, slug)
    idea = selectors.get_idea_for_user(user, challenge, pk)
    _check(request, "challenges.set_idea_status", idea)
    form = IdeaStatusForm(request.POST)
    if form.is_valid():
        try:
            services.idea_set_status(
                actor=user, idea=idea, status=form.cleaned_data["status"], note=form.cleaned_data["note"]
            )
        except ChallengeError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Statusen er lagret, og de som følger idéen, har fått beskjed."))
            return redirect(idea)
    return _render_idea(request, challenge, idea, status_form=form, status=400)


@require_POST
@authorize("challenges.view_challenge")
def comment_new(request: HttpRequest, slug: str) -> HttpResponse:
    user = _user(request)
    challenge = selectors.get_challenge_for_user(user, slug)
    form = CommentForm(request.POST)
    idea = None
    if form.is_valid() and form.cleaned_data.get("idea"):
        idea = selectors.get_idea_for_user(user, challenge, form.cleaned_data["idea"])
    if form.is_valid():
        parent = None
        if form.cleaned_data.get("parent"):
            parent = Comment.objects.filter(pk=form.cleaned_data["parent"], challenge=challenge).first()
            if parent is None:
                raise Http404
        try:
            comment = services.comment_create(
                author=user,
                challenge=challenge,
                idea=idea,
                parent=parent,
                body=form.cleaned_data["body"],
                is_anonymous=form.cleaned_data["is_anonymous"],
            )
        except ChallengeError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Kommentaren er lagt inn."))
            return redirect(comment.get_absolute_url())
    if idea is not None:
        return _render_idea(request, challenge, idea, comment_form=form, status=400)
    return _render_detail(request, challenge, comment_form=form, status=400)


@require_POST
@authorize("challenges.view_challenge")
def follow_toggle(request: HttpRequest, slug: str) -> HttpResponse:
    user = _user(request)
    challenge = selectors.get_challenge_for_user(user, slug)
    idea = None
    if request.POST.get("idea"):
        try:
            idea = selectors.get_idea_for_user(user, challenge, int(request.POST["idea"]))
        except ValueError:
            raise Http404 from None
    _check(request, "challenges.follow", challenge)
    try:
        if request.POST.get("folg") == "nei":
            services.unfollow(user=user, challenge=challenge, idea=idea)
            messages.success(request, _("Du følger ikke lenger med her."))
        else:
            services.follow(user=user, challenge=challenge, idea=idea)
            messages.success(request, _("Du følger med og får beskjed når noe skjer."))
    except ChallengeError as error:
        messages.error(request, error.message)
    return redirect(idea.get_absolute_url() if idea else challenge.get_absolute_url())


@authorize("challenges.view_challenge")
def report(request: HttpRequest, slug: str, kind: str, pk: int) -> HttpResponse:
    user = _user(request)
    challenge = selectors.get_challenge_for_user(user, slug)
    _check(request, "challenges.report", challenge)
    post: Idea | Comment
    if kind == "ide":
        post = get_object_or_404(Idea, pk=pk, challenge=challenge, hidden_at__isnull=True)
    elif kind == "kommentar":
        post = get_object_or_404(
            Comment.objects.select_related("idea", "parent"),
            pk=pk,
            challenge=challenge,
            hidden_at__isnull=True,
        )
        # Under a hidden idea or in a hidden thread it is hidden too: nothing to show or report.
        if (post.idea and post.idea.hidden_at) or (post.parent and post.parent.hidden_at):
            raise Http404
    else:
        raise Http404
    form = ReportForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        services.report_create(
            reporter=user,
            reason=form.cleaned_data["reason"],
            details=form.cleaned_data["details"],
            idea=post if isinstance(post, Idea) else None,
            comment=post if isinstance(post, Comment) else None,
        )
        messages.success(request, _("Takk for at du sa fra. Innovasjonsenheten ser på det."))
        return redirect(post.get_absolute_url())
    return render(
        request,
        "challenges/report_form.html",
        {"form": form, "challenge": challenge, "post": post, "author": selectors.author_label(post)},
        status=400 if form.errors else 200,
    )


@authorize("challenges.view_mine")
def my_posts(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    ideas = list(Idea.objects.filter(author=user).select_related("challenge").order_by("-created_at")[:200])
    comments = list(
        Comment.objects.filter(author=user).select_related("challenge", "idea").order_by("-created_at")[:200]
    )
    return render(
        request,
        "challenges/my_posts.html",
        {
            "ideas": ideas,
            "comments": comments,
            "block": PostingBlock.objects.filter(user=user, lifted_at__isnull=True).first(),
            "challenges": selectors.challenge_cards(
                list(
                    selectors.challenge_list(user, selectors.ListFilters(mine=True)).prefetch_related(None)[
                        :100
                    ]
                )
            ),
            "invitations": list(
                Membership.objects.filter(user=user, status=Membership.Status.INVITED).select_related(
                    "challenge"
                )
            ),
        },
    )


# ---------------------------------------------------------------- moderation


@authorize("challenges.moderate")
def moderation(request: HttpRequest) -> HttpResponse:
    reports = list(selectors.moderation_queue()[:200])
    grouped: dict[tuple[str, int], dict[str, Any]] = {}
    for r in reports:
        post = r.post
        key = ("idea" if r.idea_id else "comment", post.pk)
        entry = grouped.setdefault(
            key,
            {"post": post, "kind": key[0], "url_kind": "ide" if r.idea_id else "kommentar", "reports": []},
        )
        entry["reports"].append(r)
    hidden: list[tuple[Idea | Comment, str]] = [
        (idea, "ide")
        for idea in Idea.objects.filter(hidden_at__isnull=False)
        .select_related("challenge")
        .order_by("-hidden_at")[:20]
    ] + [
        (comment, "kommentar")
        for comment in Comment.objects.filter(hidden_at__isnull=False)
        .select_related("challenge", "idea__challenge")
        .order_by("-hidden_at")[:20]
    ]
    return render(
        request,
        "challenges/moderation.html",
        {
            "entries": list(grouped.values()),
            "hidden": hidden,
            "form": ModerationForm(),
            "block_form": BlockForm(),
            "blocks": list(PostingBlock.objects.filter(lifted_at__isnull=True).select_related("user")[:100]),
        },
    )


def _post(kind: str, pk: int) -> Idea | Comment:
    if kind == "ide":
        return get_object_or_404(Idea.objects.select_related("challenge", "author"), pk=pk)
    if kind == "kommentar":
        return get_object_or_404(Comment.objects.select_related("challenge", "author"), pk=pk)
    raise Http404


@require_POST
@authorize("challenges.moderate")
def moderate(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    user = _user(request)
    post = _post(kind, pk)
    action = request.POST.get("handling")
    form = ModerationForm(request.POST)
    if action == "behold":
        for pending in post.reports.filter(decision="pending")[:1]:
            services.report_dismiss(actor=user, report=pending, reason=request.POST.get("reason", ""))
        messages.success(request, _("Innlegget beholdes, og meldingene er avsluttet."))
        return redirect("challenges:moderation")
    if not form.is_valid():
        messages.error(request, _("Skriv en begrunnelse. Den sendes til den som skrev innlegget."))
        return redirect("challenges:moderation")
    try:
        if action == "vis":
            services.moderate_restore(actor=user, post=post, reason=form.cleaned_data["reason"])
            messages.success(request, _("Innlegget er synlig igjen, og forfatteren har fått beskjed."))
        else:
            services.moderate_hide(actor=user, post=post, reason=form.cleaned_data["reason"])
            messages.success(request, _("Innlegget er skjult, og forfatteren har fått begrunnelsen."))
    except ChallengeError as error:
        messages.error(request, error.message)
    return redirect("challenges:moderation")


@require_POST
@authorize("challenges.moderate")
def block(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Block the author of a post (advisors never see who wrote an anonymous post: they act on the post)."""
    user = _user(request)
    post = _post(kind, pk)
    form = BlockForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Skriv en begrunnelse for sperringen."))
        return redirect("challenges:moderation")
    try:
        services.block_user(actor=user, user=post.author, reason=form.cleaned_data["reason"])
    except ChallengeError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Kontoen er sperret for nye innlegg, og personen har fått beskjed."))
    return redirect("challenges:moderation")


@require_POST
@authorize("challenges.moderate")
def unblock(request: HttpRequest, pk: int) -> HttpResponse:
    block_row = get_object_or_404(PostingBlock, pk=pk, lifted_at__isnull=True)
    services.unblock_user(actor=_user(request), user=block_row.user)
    messages.success(request, _("Sperringen er opphevet."))
    return redirect("challenges:moderation")
