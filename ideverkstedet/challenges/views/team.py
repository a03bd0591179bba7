"""Pages for a challenge's team (invitations, requests) and its insight."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ideverkstedet.challenges import selectors, services
from ideverkstedet.challenges.forms import (
    InsightForm,
    InviteForm,
    JoinForm,
)
from ideverkstedet.challenges.models import Membership, TeamInvitation
from ideverkstedet.challenges.services import ChallengeError
from ideverkstedet.challenges.views.base import _posted
from ideverkstedet.core.current import current_user as _user
from ideverkstedet.core.permissions import authorize

# ---------------------------------------------------------------- team


@authorize("challenges.view_challenge")
def team(request: HttpRequest, slug: str) -> HttpResponse:
    user = _user(request)
    challenge = selectors.get_challenge_for_user(user, slug)
    manage = user.has_perm("challenges.change_challenge", challenge)
    form = InviteForm(_posted(request))
    if request.method == "POST":
        if not manage:
            raise PermissionDenied("challenges.change_challenge")
        if form.is_valid():
            # The same record and answer whoever (if anyone) has the address: the form must not look up names.
            services.member_invite(actor=user, challenge=challenge, email=form.cleaned_data["email"])
            messages.success(
                request,
                _(
                    "Vi har sendt en invitasjon hvis adressen hører til en konto, "
                    "eller en invitasjon til å lage konto."
                ),
            )
            return redirect("challenges:team", challenge.slug)
    return render(
        request,
        "challenges/team.html",
        {
            "challenge": challenge,
            "form": form,
            "manage": manage,
            **selectors.team_page(user, challenge, manage=manage),
            "may_join": user.has_perm("challenges.ask_to_join", challenge),
            "join_form": JoinForm(),
        },
        status=400 if form.errors else 200,
    )


@require_POST
@authorize("challenges.view_challenge")
def team_join(request: HttpRequest, slug: str) -> HttpResponse:
    user = _user(request)
    challenge = selectors.get_challenge_for_user(user, slug, "challenges.ask_to_join")
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
def team_withdraw(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    user = _user(request)
    challenge = selectors.get_challenge_for_user(user, slug, "challenges.change_challenge")
    invitation = get_object_or_404(TeamInvitation, pk=pk, challenge=challenge)
    try:
        services.member_invite_withdraw(actor=user, invitation=invitation)
    except ChallengeError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Invitasjonen er trukket tilbake."))
    return redirect("challenges:team", challenge.slug)


@require_POST
@authorize("challenges.view_challenge")
def team_decide(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    user = _user(request)
    challenge = selectors.get_challenge_for_user(user, slug, "challenges.change_challenge")
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
        if not manage:
            raise PermissionDenied("challenges.change_challenge")
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
