"""Every write for logins through ID-porten and Entra ID: link, create, log in, log out, unlink."""

from __future__ import annotations

import base64
from datetime import datetime, timedelta
from importlib import import_module
from typing import Any
from urllib.parse import urlencode

from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialAccount
from allauth.socialaccount.providers import registry
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.contrib.auth import login as django_login
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from ideverkstedet.accounts import services as account_services
from ideverkstedet.accounts.models import Role, Unit, User
from ideverkstedet.accounts.rules import is_municipal
from ideverkstedet.core.audit import audit_record
from ideverkstedet.oidc.models import ProviderSession
from ideverkstedet.oidc.protocol import IdvOpenIDConnectProvider, LoginRefused, VerifiedLogin

SESSION_KEY = "oidc_login"
PENDING_KEY = "oidc_pending"
PENDING_SECONDS = 30 * 60
# Highest first: a person with several app roles gets the most trusted one that is mapped.
ROLE_TRUST = [Role.ADMINISTRATOR, Role.ADVISOR, Role.LEADER, Role.EMPLOYEE]


def configured_providers(request: HttpRequest | None) -> list[IdvOpenIDConnectProvider]:
    """The providers set up by configuration, in the order the login page shows them."""
    apps = get_adapter().list_apps(request, provider="openid_connect")
    providers = [registry.get_class(app.provider)(request, app=app) for app in apps]
    order = {"idporten": 0, "entra": 1}
    return sorted(
        (p for p in providers if isinstance(p, IdvOpenIDConnectProvider)), key=lambda p: order.get(p.kind, 9)
    )


def get_provider(request: HttpRequest | None, provider_id: str) -> IdvOpenIDConnectProvider | None:
    for provider in configured_providers(request):
        if provider.app.provider_id == provider_id:
            return provider
    return None


# The ID token is needed again only as `id_token_hint` at logout. It carries the pid, so the session keeps it
# encrypted (Fernet, a key derived from SECRET_KEY with HKDF) and never in clear.
def _fernet() -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"ideverkstedet.oidc.id_token").derive(
        settings.SECRET_KEY.encode()
    )
    return Fernet(base64.urlsafe_b64encode(key))


def seal(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode()


def unseal(value: str) -> str | None:
    try:
        return _fernet().decrypt(value.encode()).decode()
    except (InvalidToken, ValueError):
        return None


def linked_account(provider_id: str, uid: str) -> SocialAccount | None:
    return SocialAccount.objects.select_related("user").filter(provider=provider_id, uid=uid).first()


def oidc_link(*, user: User, login: VerifiedLogin) -> SocialAccount:
    """Tie a provider identity to a person who is logged in (so has proved the account). Audited."""
    with transaction.atomic():
        existing = linked_account(login.provider_id, login.uid)
        if existing is not None:
            if existing.user_id != user.pk:
                raise LoginRefused(
                    "linked_elsewhere", _("Denne innloggingen er allerede koblet til en annen konto.")
                )
            return existing
        try:
            with transaction.atomic():
                account = SocialAccount.objects.create(
                    user=user, provider=login.provider_id, uid=login.uid, extra_data=login.claims
                )
        except IntegrityError as error:
            raise LoginRefused(
                "linked_elsewhere", _("Denne innloggingen er allerede koblet til en annen konto.")
            ) from error
        audit_record(actor=user, action="oidc.linked", target=user, data={"method": login.provider_id})
    return account


def _entra_role(provider: IdvOpenIDConnectProvider, login: VerifiedLogin) -> str | None:
    role_map: dict[str, str] = provider.app.settings.get("role_map") or {}
    roles = login.claims.get("roles") or []
    mapped = {role_map[r] for r in roles if isinstance(r, str) and r in role_map}
    for role in ROLE_TRUST:
        if role in mapped:
            return role
    return None


def _entra_unit(login: VerifiedLogin) -> Unit | None:
    """The unit named in the configured claim (ENTRA_UNIT_CLAIM), if it matches one of ours by name."""
    name = login.claims.get("unit")
    if not isinstance(name, str) or not name.strip():
        return None
    return Unit.objects.filter(name__iexact=name.strip()).first()


def oidc_entra_account(*, provider: IdvOpenIDConnectProvider, login: VerifiedLogin) -> tuple[User, bool]:
    """The employee behind an Entra ID login: linked, found by verified municipal email, or created.

    Returns (user, created). The role follows the app roles in `roles` when one is mapped (ENTRA_ROLE_MAP);
    a new person without a mapped role becomes ansatt. Changes of role are audited.
    """
    role = _entra_role(provider, login)
    with transaction.atomic():
        account = linked_account(login.provider_id, login.uid)
        created = False
        if account is not None:
            user = account.user
        else:
            email = (
                str(login.claims.get("email") or login.claims.get("preferred_username") or "").strip().lower()
            )
            if "@" not in email:
                raise LoginRefused(
                    "no_email", _("Jobbkontoen har ingen e-postadresse. Kontakt IT-avdelingen.")
                )
            user_or_none = User.objects.filter(email__iexact=email).first()
            if user_or_none is not None:
                domain = email.rsplit("@", 1)[-1]
                municipal = domain in {d.lower() for d in settings.MUNICIPAL_EMAIL_DOMAINS}
                if not (municipal and user_or_none.email_verified_at and user_or_none.is_active):
                    raise LoginRefused(
                        "email_taken",
                        _(
                            "Det finnes allerede en konto med denne e-postadressen. Logg inn med passordet, "
                            "og koble til jobbkontoen fra Min side."
                        ),
                    )
                user = user_or_none
            else:
                user = User.objects.create_user(
                    email=email,
                    password=None,
                    full_name=str(login.claims.get("name") or email.split("@")[0])[:150],
                    role=role or Role.EMPLOYEE,
                    unit=_entra_unit(login),
                    email_verified_at=timezone.now(),
                )
                created = True
            SocialAccount.objects.create(
                user=user, provider=login.provider_id, uid=login.uid, extra_data=login.claims
            )
            audit_record(actor=user, action="oidc.linked", target=user, data={"method": login.provider_id})
        if role and role != user.role and not created:
            old = user.role
            user.role = role
            user.is_staff = user.is_superuser = role == Role.ADMINISTRATOR
            user.save(update_fields=["role", "is_staff", "is_superuser"])
            audit_record(
                actor=None,
                action="accounts.role_changed",
                target=user,
                reason=_("Approlle fra Entra ID"),
                data={"from": old, "to": role},
            )
    return user, created


def oidc_citizen_account(*, login: VerifiedLogin, full_name: str, email: str, language: str) -> User:
    """First ID-porten login: an innbygger account with the name and email the person gave, linked to the
    pairwise `sub`. The address is verified by the usual link before the person can log in.

    A person who has not verified yet may correct the address: the same unverified account is updated and a
    new link sent. An address that belongs to another account is refused (the caller's form says how to link).
    """
    email = email.strip().lower()
    with transaction.atomic():
        account = linked_account(login.provider_id, login.uid)
        if account is not None and account.user.email_verified_at is not None:
            return account.user
        taken = User.objects.filter(email__iexact=email)
        if account is not None:
            taken = taken.exclude(pk=account.user_id)
        if taken.exists():
            raise LoginRefused("email_taken", _("Det finnes allerede en konto med denne e-postadressen."))
        if account is None:
            user = User.objects.create_user(
                email=email, password=None, full_name=full_name.strip(), role=Role.CITIZEN, language=language
            )
            SocialAccount.objects.create(
                user=user, provider=login.provider_id, uid=login.uid, extra_data=login.claims
            )
        else:
            user = account.user
            user.email = email
            user.full_name = full_name.strip()
            user.save(update_fields=["email", "full_name"])
        account_services.user_send_verification(user=user)
    return user


def oidc_log_in(*, request: HttpRequest, user: User, login: VerifiedLogin, id_token: str) -> None:
    """Log the person in, remember the provider session for logout, and audit the method (never a token)."""
    django_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session[SESSION_KEY] = {
        "provider": login.provider_id,
        "id_token": seal(id_token),
        "sid": login.sid,
    }
    request.session.save()
    now = timezone.now()
    with transaction.atomic():
        ProviderSession.objects.create(
            user=user,
            provider=login.provider_id,
            sid=login.sid,
            subject=login.sub,
            session_key=request.session.session_key or "",
        )
        SocialAccount.objects.filter(provider=login.provider_id, uid=login.uid).update(
            last_login=now, extra_data=login.claims
        )
        data: dict[str, Any] = {"method": login.provider_id}
        if login.claims.get("acr"):
            data["acr"] = login.claims["acr"]
        audit_record(actor=user, action="accounts.logged_in", target=user, data=data)


def end_session_url(request: HttpRequest) -> tuple[str, str] | None:
    """Where to send the browser after our logout so the provider's session ends too (RP-initiated logout).

    Call before the session is flushed. Returns (url, provider name), or None when the login was not through
    a provider, or the provider does not say where its end-session endpoint is, or cannot be reached (our own
    logout still happens).
    """
    stored = request.session.get(SESSION_KEY)
    if not isinstance(stored, dict):
        return None
    ProviderSession.objects.filter(session_key=request.session.session_key or "").delete()
    provider = get_provider(request, str(stored.get("provider", "")))
    id_token = unseal(str(stored.get("id_token", "")))
    if provider is None or id_token is None:
        return None
    try:
        endpoint = provider.get_oauth2_adapter(request).openid_config.get("end_session_endpoint")
    except Exception:  # the provider is down: our session still ends
        return None
    if not endpoint:
        return None
    query = urlencode(
        {
            "id_token_hint": id_token,
            "post_logout_redirect_uri": request.build_absolute_uri("/"),
            "ui_locales": request.LANGUAGE_CODE
            if hasattr(request, "LANGUAGE_CODE")
            else settings.LANGUAGE_CODE,
        }
    )
    return f"{endpoint}?{query}", provider.app.name


def oidc_backchannel_logout(*, provider_id: str, sid: str, sub: str) -> int:
    """End every session of ours that the provider's session (`sid`, else every one of `sub`) covers.

    Returns how many sessions ended.
    """
    sessions = ProviderSession.objects.filter(provider=provider_id)
    sessions = sessions.filter(sid=sid) if sid else sessions.filter(subject=sub)
    keys = list(sessions.values_list("session_key", flat=True))
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for key in keys:
        store(session_key=key).delete()
    sessions.delete()
    return len(keys)


def can_unlink(*, user: User, account: SocialAccount) -> bool:
    """A login may go only when another way to log in remains: a password that may be used, or another link."""
    password_counts = user.has_usable_password() and (
        settings.LOCAL_LOGIN_FOR_EMPLOYEES or not is_municipal(user)
    )
    others = SocialAccount.objects.filter(user=user).exclude(pk=account.pk).exists()
    return bool(password_counts or others)


def oidc_unlink(*, user: User, account_id: int) -> bool:
    """Remove one of the person's linked logins, if another way to log in remains. Audited."""
    with transaction.atomic():
        account = SocialAccount.objects.select_for_update().filter(user=user, pk=account_id).first()
        if account is None:
            return False
        if not can_unlink(user=user, account=account):
            raise LoginRefused(
                "last_login_method",
                _("Du kan ikke fjerne den eneste måten du kan logge inn på."),
            )
        provider = account.provider
        ProviderSession.objects.filter(user=user, provider=provider).delete()
        account.delete()
        audit_record(actor=user, action="oidc.unlinked", target=user, data={"method": provider})
    return True


def provider_sessions_sweep(now: datetime) -> dict[str, int]:
    """Forget provider sessions whose session of ours has ended (expired, or removed without a logout).

    Logout removes its row at once; this catches the rest. With database sessions the sweep knows exactly which
    of ours are still live; with any other session engine a row goes once it is older than the longest session
    (SESSION_COOKIE_AGE). Registered with core.housekeeping.
    """
    from django.contrib.sessions.models import Session

    if settings.SESSION_ENGINE == "django.contrib.sessions.backends.db":
        live = Session.objects.filter(expire_date__gt=now).values("session_key")
        stale = ProviderSession.objects.exclude(session_key__in=live)
    else:
        stale = ProviderSession.objects.filter(
            created_at__lt=now - timedelta(seconds=settings.SESSION_COOKIE_AGE)
        )
    count, _deleted = stale.delete()
    return {"provider_sessions_forgotten": count}
