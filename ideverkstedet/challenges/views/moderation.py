"""Pages for the moderators: the queue, hiding and restoring posts, blocking accounts."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ideverkstedet.challenges import selectors, services
from ideverkstedet.challenges.forms import (
    BlockForm,
    ModerationForm,
)
from ideverkstedet.challenges.models import Comment, Idea, PostingBlock
from ideverkstedet.challenges.services import ChallengeError
from ideverkstedet.core.current import current_user as _user
from ideverkstedet.core.permissions import authorize

# ---------------------------------------------------------------- moderation


@authorize("challenges.moderate")
def moderation(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "challenges/moderation.html",
        {**selectors.moderation_page(), "form": ModerationForm(), "block_form": BlockForm()},
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
        services.block_author(actor=user, post=post, reason=form.cleaned_data["reason"])
    except ChallengeError as error:
        messages.error(request, error.message)
    else:
        # One answer for every author (blocked before or not, adviser or not): it must not tell who wrote it.
        messages.success(
            request,
            _(
                "Sperringen er registrert. Forfatteren av innlegget kan ikke skrive nye innlegg og får beskjed. "
                "(Rådgivere og administratorer kan ikke sperres.)"
            ),
        )
    return redirect("challenges:moderation")


@require_POST
@authorize("challenges.moderate")
def unblock(request: HttpRequest, pk: int) -> HttpResponse:
    block_row = get_object_or_404(
        PostingBlock.objects.select_related("user", "idea", "comment"), pk=pk, lifted_at__isnull=True
    )
    services.unblock(actor=_user(request), block=block_row)
    messages.success(request, _("Sperringen er opphevet."))
    return redirect("challenges:moderation")
