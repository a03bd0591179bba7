"""Pages for ideas, comments, cheers, follows, reports and one's own posts."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ideverkstedet.challenges import selectors, services
from ideverkstedet.challenges.forms import (
    CommentForm,
    IdeaForm,
    IdeaStatusForm,
    ReportForm,
)
from ideverkstedet.challenges.models import Challenge, Comment, Idea
from ideverkstedet.challenges.services import ChallengeError
from ideverkstedet.challenges.suggestions import similar_ideas
from ideverkstedet.challenges.views.base import _form_error, _posted
from ideverkstedet.challenges.views.challenges import _render_detail
from ideverkstedet.challenges.views.joining import merge_context, with_suggestions
from ideverkstedet.core.current import current_user as _user
from ideverkstedet.core.permissions import authorize
from ideverkstedet.core.uploads import files_after_checks

# ---------------------------------------------------------------- ideas and comments


@authorize("challenges.view_challenge", public=True)
def idea_new(request: HttpRequest, slug: str) -> HttpResponse:
    user = _user(request)
    challenge = selectors.get_challenge_for_user(user, slug)
    if not user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    files = None
    if request.method == "POST":
        # Permission and the posting limit, then the upload limit, before the upload is touched (an image is
        # decoded to be checked).
        try:
            services.check_may_post(user, challenge, count=False)
        except ChallengeError as error:
            return _idea_refused(request, challenge, error.message, may_post=False, status=400)
        files, refused = files_after_checks(request)
        if refused:
            return _idea_refused(request, challenge, refused, may_post=True, status=429)
    form = with_suggestions(IdeaForm(_posted(request), files), challenge)
    suggestions = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # Without JavaScript, similar ideas come as a step after submitting; an attached image skips it,
        # since a file cannot be kept across the extra step.
        if not request.POST.get("likevel") and not data.get("image"):
            suggestions = similar_ideas(user, challenge, data["title"])
    if request.method == "POST" and form.is_valid() and not suggestions:
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
        {
            "form": form,
            "challenge": challenge,
            "may_post": user.has_perm("challenges.give_input", challenge),
            "suggestions": suggestions,
            "asked": bool(suggestions),
        },
        status=400 if form.errors else 200,
    )


def _idea_refused(
    request: HttpRequest, challenge: Challenge, message: str, *, may_post: bool, status: int
) -> HttpResponse:
    """The idea form again with what was typed (without the file, which was not read) and why it was refused."""
    form = IdeaForm(_posted(request))
    form.is_valid()
    form.add_error(None, message)
    return render(
        request,
        "challenges/idea_form.html",
        {"form": form, "challenge": challenge, "may_post": may_post},
        status=status,
    )


@authorize("challenges.view_challenge", public=True)
def idea_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    user = _user(request)
    challenge = selectors.get_challenge_for_user(user, slug)
    moved = (
        Idea.objects.filter(pk=pk, moved_from=challenge)
        .exclude(challenge=challenge)
        .select_related("challenge")
    )
    if challenge.merged_into_id and (idea_moved := moved.first()):
        # The challenge was joined into another: the idea lives on there (its page checks who may see it).
        return redirect(idea_moved)
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
            **merge_context(user, idea),
        },
        status=status,
    )


@require_POST
@authorize("challenges.view_challenge")
def idea_cheer(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    user = _user(request)
    challenge = selectors.get_challenge_for_user(user, slug)
    idea = selectors.get_idea_for_user(user, challenge, pk, "challenges.cheer")
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
    # A URL, never a view name: redirect() would try to reverse any other string (a 500 for "999…").
    return HttpResponseRedirect(after if after and safe else idea.get_absolute_url())


@require_POST
@authorize("challenges.view_challenge")
def idea_status(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    user = _user(request)
    challenge = selectors.get_challenge_for_user(user, slug)
    idea = selectors.get_idea_for_user(user, challenge, pk, "challenges.set_idea_status")
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
    challenge = selectors.get_challenge_for_user(user, slug, "challenges.follow")
    idea = None
    if request.POST.get("idea"):
        try:
            idea = selectors.get_idea_for_user(user, challenge, int(request.POST["idea"]))
        except ValueError:
            raise Http404 from None
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
    challenge = selectors.get_challenge_for_user(user, slug, "challenges.report")
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
    return render(request, "challenges/my_posts.html", selectors.my_posts(_user(request)))
