"""The OpenID Connect protocol for ID-porten and Entra ID, on top of allauth's openid_connect provider.

allauth does the protocol's mechanics: the authorization request with `state` and PKCE (S256) kept in the
session, the token request with the code verifier, and finding the provider's signing key in its JWKS.
We add what its provider leaves out and what ID-porten and Entra ID need:

- a `nonce` in every authorization request, kept in allauth's state and checked against the ID token;
- `acr_values` from configuration, refusing a request that asks for a lower level; `ui_locales` from the page;
- the ID token's signature always verified (allauth skips that when the token came straight from the token
  endpoint), with `exp`, `iat`, `iss`, `aud` and `sub` required, by PyJWT;
- `acr` checked against the configured minimum (ID-porten) and `tid` against the tenant (Entra ID);
- discovery fetched when first needed and cached, never at import time;
- only a short list of claims leaves `verify_login`: the national identity number (`pid`) never does.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from typing import Any

import jwt
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from allauth.utils import build_absolute_uri
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

DISCOVERY_CACHE_SECONDS = 60 * 60
# Asymmetric algorithms only: never "none", never a shared-secret HMAC.
ALLOWED_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"]
CLOCK_SKEW_SECONDS = 60
# ID-porten's levels of assurance, lowest first.
ACR_LEVELS = ["idporten-loa-low", "idporten-loa-substantial", "idporten-loa-high"]
# The claims we keep (in SocialAccount.extra_data). Anything else, the pid above all, is dropped on arrival.
KEPT_CLAIMS = {
    "idporten": ("iss", "sub", "acr", "amr", "sid"),
    "entra": ("iss", "sub", "oid", "tid", "roles", "name", "email", "preferred_username", "sid"),
}


class LoginRefused(Exception):
    """A login the provider or we turned down, with a message a person can act on."""

    def __init__(self, code: str, message: str, *, status: int = 400) -> None:
        super().__init__(code)
        self.code = code
        self.message = message
        self.status = status


def acr_rank(value: str | None) -> int:
    return ACR_LEVELS.index(value) if value in ACR_LEVELS else -1


def acr_label(value: str | None) -> str:
    labels = {
        "idporten-loa-low": _("lavt"),
        "idporten-loa-substantial": _("betydelig"),
        "idporten-loa-high": _("høyt"),
    }
    return labels.get(value or "", value or "")


@dataclass(frozen=True)
class VerifiedLogin:
    """What a checked ID token tells us: whom (uid), which provider session (sid) and the kept claims."""

    provider_id: str
    kind: str
    uid: str
    sub: str
    sid: str
    claims: dict[str, Any] = field(default_factory=dict)


class IdvOpenIDConnectAdapter(OpenIDConnectOAuth2Adapter):
    @property
    def openid_config(self) -> dict[str, Any]:
        if not hasattr(self, "_openid_config"):
            provider = self.get_provider()
            self._openid_config = {
                **discovery(provider.server_url),
                **provider.app.settings.get("openid_configuration_overrides", {}),
            }
        return self._openid_config

    def get_callback_url(self, request: HttpRequest, app: Any) -> str:
        path = reverse("oidc:callback", kwargs={"provider_id": self.provider_id})
        return build_absolute_uri(request, path, self.redirect_uri_protocol)


def discovery(url: str) -> dict[str, Any]:
    """The provider's discovery document, cached. Raises requests' errors when the provider is down."""
    key = "oidc:discovery:" + hashlib.sha256(url.encode()).hexdigest()
    config = cache.get(key)
    if config is None:
        with get_adapter().get_requests_session() as session:
            response = session.get(url)
            response.raise_for_status()
            config = response.json()
        if not isinstance(config, dict) or "authorization_endpoint" not in config:
            raise OAuth2Error("Not a discovery document")
        cache.set(key, config, DISCOVERY_CACHE_SECONDS)
    return dict(config)


class IdvOpenIDConnectProvider(OpenIDConnectProvider):
    oauth2_adapter_class = IdvOpenIDConnectAdapter

    @property
    def kind(self) -> str:
        return str(self.app.settings.get("kind", ""))

    @property
    def minimum_acr(self) -> str:
        return str(self.app.settings.get("acr") or ACR_LEVELS[1])

    def get_login_url(self, request: HttpRequest, **kwargs: Any) -> str:
        return reverse("oidc:login", kwargs={"provider_id": self.app.provider_id})

    def get_callback_url(self) -> str:
        return reverse("oidc:callback", kwargs={"provider_id": self.app.provider_id})

    def redirect(
        self,
        request: HttpRequest,
        process: Any,
        next_url: str | None = None,
        data: Any = None,
        **kwargs: Any,
    ) -> HttpResponse:
        auth_params = kwargs.pop("auth_params", None)
        if auth_params is None:
            auth_params = self.get_auth_params()
        nonce = secrets.token_urlsafe(32)
        auth_params["nonce"] = nonce
        auth_params["ui_locales"] = translation.get_language() or settings.LANGUAGE_CODE
        if self.kind == "idporten":
            asked = str(auth_params.get("acr_values") or "").split()
            if any(acr_rank(value) < acr_rank(self.minimum_acr) for value in asked):
                raise LoginRefused(
                    "acr_too_low_requested",
                    _("Innlogging på et lavere sikkerhetsnivå enn «%(level)s» er ikke tillatt.")
                    % {"level": acr_label(self.minimum_acr)},
                )
            auth_params["acr_values"] = " ".join(asked) or self.minimum_acr
        return super().redirect(
            request, process, next_url=next_url, data=data, auth_params=auth_params, nonce=nonce, **kwargs
        )


def verify_login(
    provider: IdvOpenIDConnectProvider, adapter: Any, token_data: dict[str, Any], state: dict[str, Any]
) -> VerifiedLogin:
    """Check the ID token from the token endpoint and keep only the claims we need.

    Raises LoginRefused with a code per failure (tests check them) and a message for the person.
    """
    name = provider.app.name
    id_token = token_data.get("id_token")
    if not isinstance(id_token, str) or not id_token:
        raise LoginRefused(
            "no_id_token", _("%(provider)s sendte ikke noe ID-bevis. Prøv igjen.") % {"provider": name}
        )
    config = adapter.openid_config
    try:
        algorithm = jwt.get_unverified_header(id_token).get("alg")
        if algorithm not in ALLOWED_ALGORITHMS:
            raise jwt.InvalidAlgorithmError(str(algorithm))
        _alg, key = jwtkit.fetch_key(id_token, config["jwks_uri"], jwtkit.lookup_kid_jwk)
        claims: dict[str, Any] = jwt.decode(
            id_token,
            key=key,
            algorithms=[algorithm],
            audience=provider.app.client_id,
            issuer=config["issuer"],
            leeway=CLOCK_SKEW_SECONDS,
            options={"require": ["exp", "iat", "iss", "aud", "sub"]},
        )
    except jwt.ExpiredSignatureError as error:
        raise LoginRefused(
            "expired", _("Svaret fra %(provider)s var utløpt. Prøv igjen.") % {"provider": name}
        ) from error
    except jwt.InvalidAudienceError as error:
        raise LoginRefused(
            "wrong_audience",
            _("Svaret fra %(provider)s var ikke laget for Ideverkstedet.") % {"provider": name},
        ) from error
    except (jwt.PyJWTError, OAuth2Error, KeyError, ValueError, TypeError) as error:
        raise LoginRefused(
            "invalid_id_token",
            _("Vi kunne ikke bekrefte svaret fra %(provider)s. Prøv igjen.") % {"provider": name},
        ) from error

    expected_nonce = str(state.get("nonce") or "")
    if not expected_nonce or not hmac.compare_digest(str(claims.get("nonce", "")), expected_nonce):
        raise LoginRefused(
            "wrong_nonce",
            _("Svaret fra %(provider)s hørte ikke til denne innloggingen. Prøv igjen.") % {"provider": name},
        )
    if provider.kind == "idporten" and acr_rank(claims.get("acr")) < acr_rank(provider.minimum_acr):
        raise LoginRefused(
            "acr_too_low",
            _(
                "Innloggingen hadde for lavt sikkerhetsnivå. Velg en innloggingsmetode på nivå «%(level)s» eller høyere."
            )
            % {"level": acr_label(provider.minimum_acr)},
        )
    if provider.kind == "entra":
        tenant = str(provider.app.settings.get("tenant_id") or "")
        if not tenant or claims.get("tid") != tenant:
            raise LoginRefused("wrong_tenant", _("Jobbkontoen hører til en annen organisasjon enn kommunen."))
    uid_field = str(provider.app.settings.get("uid_field", "sub"))
    uid = claims.get(uid_field)
    if not isinstance(uid, str) or not uid:
        raise LoginRefused(
            "no_subject",
            _("Vi kunne ikke bekrefte svaret fra %(provider)s. Prøv igjen.") % {"provider": name},
        )
    kept = {key: claims[key] for key in KEPT_CLAIMS.get(provider.kind, ("iss", "sub")) if key in claims}
    unit_claim = str(provider.app.settings.get("unit_claim") or "")
    if provider.kind == "entra" and unit_claim and isinstance(claims.get(unit_claim), str):
        kept["unit"] = claims[unit_claim]
    return VerifiedLogin(
        provider_id=provider.app.provider_id,
        kind=provider.kind,
        uid=uid,
        sub=str(claims["sub"]),
        sid=str(claims.get("sid") or ""),
        claims=kept,
    )
