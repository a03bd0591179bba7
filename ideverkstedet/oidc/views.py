"""Log in through ID-porten or Entra ID: start, callback, first login, back-channel logout, unlink."""

from __future__ import annotations

import logging
import time
from typing import Any, cast

import jwt
import requests
from allauth.socialaccount.internal import jwtkit, statekit
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from ideverkstedet.accounts.models import User
from ideverkstedet.accounts.services import user_choose_unit
from ideverkstedet.accounts.views import remember_language
from ideverkstedet.core.permissions import authorize
from ideverkstedet.oidc import services
from ideverkstedet.oidc.forms import ChooseUnitForm, FirstLoginForm
from ideverkstedet.oidc.protocol import (
    ALLOWED_ALGORITHMS,
    CLOCK_SKEW_SECONDS,
    IdvOpenIDConnectProvider,
    LoginRefused,
    VerifiedLogin,
    verify_login,
)

log = logging.getLogger(__name__)
BACKCHANNEL_EVENT = "http://schemas.openid.net/event/backchannel-logout"


def _provider_or_404(request: HttpRequest, provider_id: str) -> IdvOpenIDConnectProvider:
    provider = services.get_provider(request, provider_id)
    if provider is None:
        raise Http404
    return provider


def _refused(
    request: HttpRequest, provider: IdvOpenIDConnectProvider | None, error: LoginRefused
) -> HttpResponse:
    # The code names the kind of failure for the operator; never a token or a claim.
    log.info(
        "oidc login refused: provider=%s code=%s", provider.app.provider_id if provider else "-", error.code
    )
    return render(
        request,
        "oidc/refused.html",
        {
            "message": error.message,
            "code": error.code,
            "provider_name": provider.app.name if provider else "",
        },
        status=error.status,
    )


def _provider_down(provider: IdvOpenIDConnectProvider) -> LoginRefused:
    return LoginRefused(
        "provider_unavailable",
        _("%(provider)s svarer ikke akkurat nå. Prøv igjen om litt.") % {"provider": provider.app.name},
        status=503,
    )


def onward(request: HttpRequest, url: str, *, provider_name: str, logging_out: bool = False) -> HttpResponse:
    """A page that goes on to the provider at once (meta refresh, and a link).

    Not a redirect: the login and logout buttons are forms, and our CSP (`form-action 'self'`) makes the
    browser stop a form whose answer redirects to another site. A plain page that moves on is allowed.
    """
    names = {"provider": provider_name}
    if logging_out:
        context = {
            "title": _("Du er logget ut"),
            "text": _("Vi logger deg også ut av %(provider)s.") % names,
            "link_text": _("Fortsett til %(provider)s") % names,
        }
    else:
        context = {
            "title": _("Videre til %(provider)s") % names,
            "text": _("Du sendes videre til %(provider)s for å logge inn.") % names,
            "link_text": _("Fortsett til %(provider)s") % names,
        }
    response = render(request, "oidc/onward.html", {"url": url, **context})
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@authorize("oidc.log_in", public=True)
def login(request: HttpRequest, provider_id: str) -> HttpResponse:
    """Send the browser to the provider (a POST, so another site cannot log people in without asking)."""
    provider = _provider_or_404(request, provider_id)
    try:
        response = provider.redirect_from_request(request)
        if response.status_code in {301, 302, 303}:
            return onward(request, response["Location"], provider_name=provider.app.name)
        return response
    except LoginRefused as error:
        return _refused(request, provider, error)
    except (requests.RequestException, OAuth2Error, KeyError, ValueError):
        return _refused(request, provider, _provider_down(provider))


@never_cache
@authorize("oidc.log_in", public=True)
def callback(request: HttpRequest, provider_id: str) -> HttpResponse:
    provider = _provider_or_404(request, provider_id)
    name = provider.app.name
    state_id = request.GET.get("state", "")
    state = None
    if state_id:
        state = statekit.unstash_state(request, provider_id=provider.sub_id, state_id=state_id)
    if state is None:
        return _refused(
            request,
            provider,
            LoginRefused(
                "state",
                _("Innloggingen hørte ikke til denne nettleseren, eller den tok for lang tid. Prøv igjen."),
            ),
        )
    if request.GET.get("error"):
        if request.GET["error"] == "access_denied":
            return _refused(request, provider, LoginRefused("cancelled", _("Innloggingen ble avbrutt.")))
        return _refused(
            request,
            provider,
            LoginRefused(
                "provider_error", _("%(provider)s avviste innloggingen. Prøv igjen.") % {"provider": name}
            ),
        )
    if not request.GET.get("code"):
        return _refused(
            request, provider, LoginRefused("no_code", _("Innloggingen mangler svar. Prøv igjen."))
        )
    adapter = provider.get_oauth2_adapter(request)
    try:
        client = adapter.get_client(request, provider.app)
        token_data = adapter.get_access_token_data(
            request, provider.app, client, pkce_code_verifier=state.get("pkce_code_verifier")
        )
        verified = verify_login(provider, adapter, token_data, state)
    except LoginRefused as error:
        return _refused(request, provider, error)
    except OAuth2Error:
        return _refused(
            request,
            provider,
            LoginRefused(
                "token",
                _(
                    "%(provider)s godtok ikke innloggingen (svaret kan være brukt før eller utløpt). Prøv igjen."
                )
                % {"provider": name},
            ),
        )
    except (requests.RequestException, KeyError, ValueError):
        return _refused(request, provider, _provider_down(provider))
    return _complete(request, provider, verified, token_data["id_token"], state)


def _next_url(request: HttpRequest, state: dict[str, Any], default: str) -> str:
    next_url = state.get("next") or ""
    if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return str(next_url)
    return default


def _complete(
    request: HttpRequest,
    provider: IdvOpenIDConnectProvider,
    verified: VerifiedLogin,
    id_token: str,
    state: dict[str, Any],
) -> HttpResponse:
    """A checked provider login: link it, log in, or ask what we still need to know."""
    if request.user.is_authenticated and state.get("process") == "connect":
        try:
            services.oidc_link(user=cast(User, request.user), login=verified)
        except LoginRefused as error:
            return _refused(request, provider, error)
        messages.success(
            request, _("%(provider)s er koblet til kontoen din.") % {"provider": provider.app.name}
        )
        return redirect(reverse("accounts:profile") + "#innlogginger")

    account = services.linked_account(verified.provider_id, verified.uid)
    if provider.kind == "entra":
        try:
            user, created = services.oidc_entra_account(provider=provider, login=verified)
        except LoginRefused as error:
            return _refused(request, provider, error)
    elif account is not None and account.user.email_verified_at is not None:
        user, created = account.user, False
    else:
        # ID-porten gives neither name nor email: ask for them (also when a first attempt was not verified).
        request.session[services.PENDING_KEY] = {
            "login": {
                "provider_id": verified.provider_id,
                "kind": verified.kind,
                "uid": verified.uid,
                "sub": verified.sub,
                "sid": verified.sid,
                "claims": verified.claims,
            },
            "next": state.get("next") or "",
            "at": time.time(),
        }
        return redirect("oidc:first_login")

    if not user.is_active or user.anonymised_at:
        return _refused(request, provider, LoginRefused("inactive", _("Denne kontoen er stengt.")))
    services.oidc_log_in(request=request, user=user, login=verified, id_token=id_token)
    translation.activate(user.language)
    if created and user.unit is None and user.is_municipal:
        response = redirect("oidc:choose_unit")
    else:
        response = redirect(_next_url(request, state, reverse("accounts:profile")))
    remember_language(response, user.language)
    return response


def _pending(request: HttpRequest) -> dict[str, Any] | None:
    pending = request.session.get(services.PENDING_KEY)
    if not isinstance(pending, dict) or time.time() - float(pending.get("at", 0)) > services.PENDING_SECONDS:
        return None
    return pending


@authorize("oidc.log_in", public=True)
def first_login(request: HttpRequest) -> HttpResponse:
    """ID-porten's first login: name and email, then the usual verification link."""
    pending = _pending(request)
    if pending is None:
        messages.info(request, _("Logg inn med ID-porten for å fortsette."))
        return redirect("accounts:login")
    verified = VerifiedLogin(**pending["login"])
    existing = services.linked_account(verified.provider_id, verified.uid)
    initial = {"full_name": existing.user.full_name, "email": existing.user.email} if existing else None
    form = FirstLoginForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.oidc_citizen_account(
                login=verified,
                full_name=form.cleaned_data["full_name"],
                email=form.cleaned_data["email"],
                language=translation.get_language() or "nb",
            )
        except LoginRefused:
            form.add_error(
                "email",
                _(
                    "Det finnes allerede en konto med denne e-postadressen. Logg inn med passordet ditt, og "
                    "koble til ID-porten fra Min side."
                ),
            )
        else:
            del request.session[services.PENDING_KEY]
            return render(request, "oidc/first_login_done.html", {"email": user.email})
    return render(request, "oidc/first_login.html", {"form": form, "unverified": existing is not None})


@authorize("oidc.choose_unit")
def choose_unit(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    form = ChooseUnitForm(request.POST or None, initial={"unit": user.unit_id})
    if request.method == "POST" and form.is_valid():
        user_choose_unit(user=user, unit=form.cleaned_data["unit"])
        messages.success(request, _("Enheten er lagret."))
        return redirect("accounts:profile")
    return render(request, "oidc/choose_unit.html", {"form": form})


@require_POST
@authorize("oidc.manage_links")
def unlink(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        if services.oidc_unlink(user=cast(User, request.user), account_id=pk):
            messages.success(request, _("Innloggingen er fjernet fra kontoen din."))
    except LoginRefused as error:
        messages.error(request, error.message)
    return redirect(reverse("accounts:profile") + "#innlogginger")


def _backchannel_error(description: str) -> JsonResponse:
    response = JsonResponse({"error": "invalid_request", "error_description": description}, status=400)
    response["Cache-Control"] = "no-store"
    return response


@csrf_exempt
@require_POST
@authorize("oidc.backchannel_logout", public=True)
def backchannel_logout(request: HttpRequest, provider_id: str) -> HttpResponse:
    """OpenID Connect Back-Channel Logout 1.0: the provider tells us a session ended; we end ours.

    The logout token is checked as the spec says: signature (the provider's key, an asymmetric algorithm),
    `iss`, `aud`, `iat`, the back-channel event, `sid` or `sub`, and no `nonce`.
    """
    provider = _provider_or_404(request, provider_id)
    token = request.POST.get("logout_token", "")
    if not token:
        return _backchannel_error("logout_token missing")
    try:
        config = provider.get_oauth2_adapter(request).openid_config
        algorithm = jwt.get_unverified_header(token).get("alg")
        if algorithm not in ALLOWED_ALGORITHMS:
            raise jwt.InvalidAlgorithmError(str(algorithm))
        _alg, key = jwtkit.fetch_key(token, config["jwks_uri"], jwtkit.lookup_kid_jwk)
        claims = jwt.decode(
            token,
            key=key,
            algorithms=[algorithm],
            audience=provider.app.client_id,
            issuer=config["issuer"],
            leeway=CLOCK_SKEW_SECONDS,
            options={"require": ["iat", "iss", "aud"]},
        )
        jwtkit.verify_jti(claims)
    except (requests.RequestException, KeyError) as error:
        log.warning(
            "oidc back-channel logout: provider %s unreachable (%s)", provider_id, type(error).__name__
        )
        return _backchannel_error("provider keys unavailable")
    except (jwt.PyJWTError, OAuth2Error, ValueError, TypeError) as error:
        return _backchannel_error(f"invalid logout_token ({type(error).__name__})")
    events = claims.get("events")
    if not isinstance(events, dict) or not isinstance(events.get(BACKCHANNEL_EVENT), dict):
        return _backchannel_error("not a back-channel logout event")
    if "nonce" in claims:
        return _backchannel_error("logout_token must not have a nonce")
    sid, sub = str(claims.get("sid") or ""), str(claims.get("sub") or "")
    if not sid and not sub:
        return _backchannel_error("logout_token names neither sid nor sub")
    ended = services.oidc_backchannel_logout(provider_id=provider.app.provider_id, sid=sid, sub=sub)
    log.info("oidc back-channel logout: provider=%s sessions_ended=%d", provider_id, ended)
    response = HttpResponse(status=200)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@authorize("oidc.log_in", public=True)
def log_out(request: HttpRequest) -> HttpResponse:
    """Our logout (at /konto/logg-ut/): end our session; after a provider login, end the provider's session too.

    Routed in ideverkstedet/urls.py ahead of the accounts app, which sits below this app in the layers.
    """
    from django.conf import settings
    from django.contrib.auth import logout

    provider_logout = services.end_session_url(request)
    logout(request)
    if provider_logout:
        url, provider_name = provider_logout
        return onward(request, url, provider_name=provider_name, logging_out=True)
    messages.info(request, _("Du er logget ut."))
    return redirect(settings.LOGOUT_REDIRECT_URL)
