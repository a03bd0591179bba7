"""Every write to accounts goes through here: the pages, the API and the management commands alike."""

from __future__ import annotations

import hmac
import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import default_token_generator
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from ideverkstedet.accounts.models import ApiToken, Organisation, Role, Unit, User
from ideverkstedet.accounts.tokens import email_verification_token
from ideverkstedet.core import privacy, ratelimit
from ideverkstedet.core.audit import audit_record
from ideverkstedet.notifications.services import email_send


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


def user_sign_up(
    *,
    email: str,
    full_name: str,
    password: str,
    role: str = Role.CITIZEN,
    unit: Unit | None = None,
    organisation: Organisation | None = None,
    new_organisation_name: str = "",
    language: str = settings.LANGUAGE_CODE,
) -> User | None:
    """Create an unverified account and send the verification email (after commit).

    If the address already has an account, nothing is created and its owner is told by email instead (returns
    None): the page answers the same either way, so sign-up does not tell strangers who has an account.
    """
    existing = User.objects.filter(email__iexact=email.strip(), anonymised_at__isnull=True).first()
    if existing is not None:
        make_password(password)  # the same work as a real sign-up, so the answer takes as long
        _tell_account_exists(existing)
        return None
    with transaction.atomic():
        if role in {Role.VOLUNTEER, Role.EXTERNAL} and organisation is None and new_organisation_name:
            kind = Organisation.Kind.VOLUNTEER if role == Role.VOLUNTEER else Organisation.Kind.EXTERNAL
            organisation, _ = Organisation.objects.get_or_create(
                name=new_organisation_name.strip(), defaults={"kind": kind}
            )
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    email=email,
                    password=password,
                    full_name=full_name.strip(),
                    role=role,
                    unit=unit if role in {Role.EMPLOYEE, Role.LEADER} else None,
                    organisation=organisation if role in {Role.VOLUNTEER, Role.EXTERNAL} else None,
                    language=language,
                )
        except IntegrityError:  # the same address signed up at the same moment
            return None
        user_send_verification(user=user)
    return user


def account_mail_allowed(email: str) -> bool:
    """At most ACCOUNT_MAILS_PER_ADDRESS account emails (verification, reset, "you already have an account")
    per address and hour, so nobody can flood someone's inbox through our forms. Counts one when allowed."""
    return ratelimit.allow(
        ratelimit.value_key("account_mail", email),
        limit=settings.ACCOUNT_MAILS_PER_ADDRESS,
        per=timedelta(hours=1),
    )


def _tell_account_exists(user: User) -> None:
    if not user.is_active or not account_mail_allowed(user.email):
        return
    email_send(
        to_user=user,
        template="accounts/email/account_exists",
        context={
            "user_name": user.full_name,
            "login_url": _absolute(reverse("accounts:login")),
            "reset_url": _absolute(reverse("accounts:password_reset")),
        },
    )


def verification_url(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = email_verification_token.make_token(user)
    return _absolute(reverse("accounts:verify_email", kwargs={"uidb64": uid, "token": token}))


def user_send_verification(*, user: User) -> None:
    """Email a link that verifies the address. Harmless to call again: a new link is sent."""
    if user.email_verified_at or not account_mail_allowed(user.email):
        return
    email_send(
        to_user=user,
        template="accounts/email/verify",
        context={"user_name": user.full_name, "url": verification_url(user)},
    )


def user_verify_email(*, user: User) -> User:
    with transaction.atomic():
        if user.email_verified_at is None:
            user.email_verified_at = timezone.now()
            user.save(update_fields=["email_verified_at"])
    return user


def user_record_login(*, user: User, method: str, detail: dict[str, Any] | None = None) -> None:
    """Audit a login and how it was made ("password", "idporten", "entra"); never a token or a secret."""
    audit_record(
        actor=user, action="accounts.logged_in", target=user, data={"method": method, **(detail or {})}
    )


def password_reset_url(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return _absolute(reverse("accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token}))


def user_request_password_reset(*, email: str) -> None:
    """Send a reset link if an active account has this address. Says nothing either way (no enumeration)."""
    user = User.objects.filter(
        email__iexact=email.strip(), is_active=True, anonymised_at__isnull=True
    ).first()
    if user is None or not user.has_usable_password() or not account_mail_allowed(user.email):
        return
    email_send(
        to_user=user,
        template="accounts/email/password_reset",
        context={"user_name": user.full_name, "url": password_reset_url(user)},
    )


def user_update_profile(*, user: User, full_name: str, language: str) -> User:
    user.full_name = full_name.strip()
    user.language = language
    user.save(update_fields=["full_name", "language"])
    return user


def user_choose_unit(*, user: User, unit: Unit | None) -> User:
    """A municipal employee says which unit they work in (after a login that did not tell us)."""
    if unit is not None and not user.is_municipal:
        raise ValueError("Only the municipality's people belong to a unit")
    user.unit = unit
    user.save(update_fields=["unit"])
    return user


def user_set_language(*, user: User, language: str) -> None:
    if user.is_authenticated and language in dict(settings.LANGUAGES) and user.language != language:
        user.language = language
        user.save(update_fields=["language"])


def user_change_role(
    *,
    actor: User,
    user: User,
    role: str,
    unit: Unit | None = None,
    organisation: Organisation | None = None,
    reason: str,
) -> User:
    """Staff give a person a role (e.g. leder, innovasjonsrådgiver). Audited; the reason is required."""
    if not reason.strip():
        raise ValueError("A role change needs a reason")
    with transaction.atomic():
        old = user.role
        user.role = role
        user.unit = unit if role in {Role.EMPLOYEE, Role.LEADER, Role.ADVISOR, Role.ADMINISTRATOR} else None
        user.organisation = organisation if role in {Role.VOLUNTEER, Role.EXTERNAL} else None
        user.is_staff = user.is_superuser = role == Role.ADMINISTRATOR
        user.save(update_fields=["role", "unit", "organisation", "is_staff", "is_superuser"])
        audit_record(
            actor=actor,
            action="accounts.role_changed",
            target=user,
            reason=reason,
            data={"from": old, "to": role},
        )
    return user


def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Make a personal API token. Returns the row and the key, which is never stored and never shown again."""
    key = ApiToken.generate_key()
    token = ApiToken.objects.create(
        user=user,
        name=name.strip() or "API",
        key_hash=ApiToken.hash_key(key),
        hint=key[: len(ApiToken.PREFIX) + 4],
        password_stamp=ApiToken.stamp_for(user),
    )
    return token, key


def user_password_changed(*, user: User) -> int:
    """Call after a person's password was changed or reset: their API tokens are deleted.

    (Tokens also stop working on their own when the password hash changes; this clears them from the list.)
    """
    deleted, _ = ApiToken.objects.filter(user=user).delete()
    if deleted:
        audit_record(actor=user, action="accounts.api_tokens_revoked", target=user, data={"count": deleted})
    return deleted


def api_token_revoke(*, user: User, token_id: int) -> bool:
    deleted, _ = ApiToken.objects.filter(user=user, pk=token_id).delete()
    return deleted > 0


def api_token_authenticate(key: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash_key(key), user__is_active=True)
        .first()
    )
    if token is None or not hmac.compare_digest(token.password_stamp, ApiToken.stamp_for(token.user)):
        return None
    now = timezone.now()
    # Touch at most once a minute so that a busy client does not write on every request.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def user_export_data(*, user: User) -> dict[str, Any]:
    """Everything the platform holds about the person, for "download my data" (GDPR art. 15 and 20)."""
    data: dict[str, Any] = {
        "exported_at": timezone.now().isoformat(),
        "format": "ideverkstedet-personal-data/1",
    }
    for section, exporter in privacy.exporters().items():
        data[section] = exporter(user)
    return data


def user_delete_account(*, user: User) -> None:
    """Delete the account: personal data goes, content others depend on stays with an anonymous author.

    The row is kept (anonymised) because later content (ideas, comments, bookings in statistics) points at it.
    """
    with transaction.atomic():
        for eraser in privacy.erasers().values():
            eraser(user)
        user.email = f"slettet-{uuid.uuid4().hex}@invalid.example"
        user.full_name = ""
        user.unit = None
        user.organisation = None
        user.is_active = False
        user.is_staff = False
        user.is_superuser = False
        user.email_verified_at = None
        user.anonymised_at = timezone.now()
        user.set_unusable_password()
        user.save()
        audit_record(actor=None, action="accounts.account_deleted", target=user)
