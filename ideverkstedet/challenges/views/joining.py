"""Pages for joining forces: merge duplicate ideas (and undo), propose and answer joining two challenges, and
similar ideas while someone writes one. Every write goes through services.merging and services.joining."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ideverkstedet.accounts.models import User
from ideverkstedet.challenges import rules as challenge_rules
from ideverkstedet.challenges import selectors, services
from ideverkstedet.challenges.forms import IdeaForm
from ideverkstedet.challenges.forms_joining import JoinAnswerForm, JoinProposalForm, MergeForm, ReasonForm
from ideverkstedet.challenges.models import Challenge, Idea, JoinProposal
from ideverkstedet.challenges.services import ChallengeError
from ideverkstedet.challenges.services.joining import proposals_for
from ideverkstedet.challenges.services.merging import merge_undo_problem
from ideverkstedet.challenges.suggestions import similar_ideas
from ideverkstedet.challenges.views.base import _form_error, _posted
from ideverkstedet.core.current import current_user as _user
from ideverkstedet.core.permissions import authorize

SUGGESTION_FIELD = "title"


def with_suggestions(form: IdeaForm, challenge: Challenge) -> IdeaForm:
    """Let the title field ask for similar ideas as someone types (htmx, debounced); without JavaScript the
    same list comes as a step after submitting (idea_new)."""
    form.fields["title"].widget.attrs.update(
        {
            "data-hx-get": reverse("challenges:idea_suggestions", args=[challenge.slug]),
            "data-hx-trigger": "input changed delay:300ms",
            "data-hx-target": "#idea-suggestions",
            "data-hx-sync": "this:replace",
            "autocomplete": "off",
        }
    )
    return form


@require_GET
@authorize("challenges.view_challenge", public=True)
def idea_suggestions(request: HttpRequest, slug: str) -> HttpResponse:
    user = _user(request)
    challenge = selectors.get_challenge_for_user(user, slug)
    text = request.GET.get(SUGGESTION_FIELD, "")[:200]
    hits = similar_ideas(user, challenge, text) if len(text.strip()) >= 3 else []
    return render(
        request, "challenges/_idea_suggestions.html", {"suggestions": hits, "asked": bool(text.strip())}
    )


def joining_context(user: User, challenge: Challenge) -> dict[str, Any]:
    """What the challenge page shows about joining: where a read-only page leads, what was joined into this one
    (only what the person may see), and the proposals the team may answer or withdraw."""
    merged_into = challenge.merged_into if challenge.merged_into_id else None
    # Ordered by when they were joined: the default order (-updated_at) made SQLite walk that index over
    # every challenge instead of looking up the few joined into this one (4–8 ms a page on the large demo).
    joined = challenge.joined_from.order_by("-merged_at", "-id")
    joined_from = [c for c in joined if challenge_rules.can_see(user, c)]
    return {
        "merged_into": merged_into if merged_into and challenge_rules.can_see(user, merged_into) else None,
        "is_read_only": bool(challenge.merged_into_id),
        "joined_from": joined_from,
        "proposals": proposals_for(user, challenge),
        "may_propose_join": user.has_perm("challenges.propose_join", challenge)
        and not challenge_rules.is_team_member(user, challenge),
        "answer_form": JoinAnswerForm(),
    }


# ---------------------------------------------------------------- merging ideas


def _kept_idea(request: HttpRequest, slug: str, pk: int) -> tuple[Challenge, Idea]:
    user = _user(request)
    challenge = selectors.get_challenge_for_user(user, slug)
    idea = selectors.get_idea_for_user(user, challenge, pk, "challenges.merge_ideas")
    return challenge, idea


@authorize("challenges.merge_ideas")
def idea_merge(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    challenge, kept = _kept_idea(request, slug, pk)
    candidates = (
        Idea.objects.filter(challenge=challenge, merged_into__isnull=True, hidden_at__isnull=True)
        .exclude(pk=kept.pk)
        .order_by("-created_at", "-id")[:200]
    )
    form = MergeForm(_posted(request), candidates=Idea.objects.filter(pk__in=[i.pk for i in candidates]))
    if request.method == "POST" and form.is_valid():
        try:
            services.idea_merge(
                actor=_user(request),
                kept=kept,
                duplicates=list(form.cleaned_data["duplicates"]),
                reason=form.cleaned_data["reason"],
            )
        except ChallengeError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Idéene er slått sammen. De som skrev og fulgte dem, får beskjed."))
            return redirect(kept)
    return render(
        request,
        "challenges/idea_merge.html",
        {"challenge": challenge, "idea": kept, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
@authorize("challenges.undo_merge")
def merge_undo(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    user = _user(request)
    challenge = selectors.get_challenge_for_user(user, slug)
    merge = selectors.get_merge_for_user(user, challenge, pk, "challenges.undo_merge")
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Skriv en begrunnelse for å angre."))
        return redirect(merge.kept)
    try:
        services.idea_merge_undo(actor=user, merge=merge, reason=form.cleaned_data["reason"])
    except ChallengeError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Sammenslåingen er angret. Heiarop og følgere er tilbake der de var."))
    return redirect(merge.kept)


def merge_context(user: User, idea: Idea) -> dict[str, Any]:
    """What an idea page shows about merges: where a duplicate leads, what was merged into it, undo forms."""
    merges = list(idea.merges_received.prefetch_related("duplicates").order_by("-merged_at", "-id")[:20])
    may_undo = user.has_perm("challenges.undo_merge")
    for merge in merges:
        merge.undo_problem = merge_undo_problem(merge)  # type: ignore[attr-defined]
    # A merged duplicate is read-only: its cheers, follows and comments live on the kept idea.
    read_only = {"may_cheer": False, "may_post": False, "manage": False} if idea.merged_into_id else {}
    return {
        **read_only,
        "merged_into": idea.merged_into if idea.merged_into_id else None,
        "merges": merges,
        "may_undo": may_undo,
        "may_merge": user.has_perm("challenges.merge_ideas", idea),
        "undo_form": ReasonForm(),
    }


# ---------------------------------------------------------------- joining challenges


@authorize("challenges.propose_join")
def join_propose(request: HttpRequest, slug: str) -> HttpResponse:
    user = _user(request)
    target = selectors.get_challenge_for_user(user, slug, "challenges.propose_join")
    sources = [
        c
        for c in selectors.visible_challenges(user)
        .filter(merged_into__isnull=True, memberships__user=user, memberships__status="active")
        .exclude(pk=target.pk)
        .distinct()
        .order_by("title")[:100]
        if challenge_rules.can_manage_challenge(user, c)
    ]
    form = JoinProposalForm(
        _posted(request), sources=Challenge.objects.filter(pk__in=[c.pk for c in sources])
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.join_propose(
                actor=user, source=data["source"], target=target, keep=data["keep"], message=data["message"]
            )
        except ChallengeError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Forslaget er sendt. Laget bak utfordringen får beskjed og svarer."))
            return redirect(target)
    return render(
        request,
        "challenges/join_propose.html",
        {"challenge": target, "form": form, "has_sources": bool(sources)},
        status=400 if form.errors else 200,
    )


def _proposal(request: HttpRequest, slug: str, pk: int, permission: str | None = None) -> JoinProposal:
    user = _user(request)
    challenge = selectors.get_challenge_for_user(user, slug)
    return selectors.get_proposal_for_user(user, challenge, pk, permission)


@require_POST
@authorize("challenges.answer_join")
def join_answer(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    proposal = _proposal(request, slug, pk, "challenges.answer_join")
    form = JoinAnswerForm(request.POST)
    form.is_valid()
    accept = request.POST.get("svar") == "ja"
    try:
        services.join_answer(
            actor=_user(request), proposal=proposal, accept=accept, answer=form.cleaned_data.get("answer", "")
        )
    except ChallengeError as error:
        messages.error(request, error.message)
        return redirect(proposal.target)
    if accept:
        messages.success(request, _("Utfordringene er slått sammen. Følgerne av begge får beskjed."))
        proposal.refresh_from_db()
        return redirect(proposal.kept)
    messages.success(request, _("Forslaget er avslått. Laget som spurte, får begrunnelsen."))
    return redirect(proposal.target)


@require_POST
@authorize("challenges.propose_join")
def join_withdraw(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    proposal = _proposal(request, slug, pk)
    try:
        services.join_withdraw(actor=_user(request), proposal=proposal)
    except ChallengeError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Forslaget er trukket tilbake."))
    return redirect(proposal.source)
