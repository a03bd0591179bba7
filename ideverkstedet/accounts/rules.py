"""Who may do what with accounts. Role predicates here are reused by every other app's rules."""

from typing import Any

import rules

from ideverkstedet.accounts.models import MUNICIPAL_ROLES, Role


@rules.predicate
def is_verified(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and user.email_verified_at)


@rules.predicate
def is_municipal(user: Any) -> bool:
    return bool(user.is_authenticated and user.role in MUNICIPAL_ROLES)


@rules.predicate
def is_leader(user: Any) -> bool:
    return bool(user.is_authenticated and user.role == Role.LEADER)


@rules.predicate
def is_advisor(user: Any) -> bool:
    """Innovasjonsrådgiver, or an administrator who can do everything an advisor can."""
    return bool(user.is_authenticated and user.role in {Role.ADVISOR, Role.ADMINISTRATOR})


@rules.predicate
def is_administrator(user: Any) -> bool:
    return bool(user.is_authenticated and (user.role == Role.ADMINISTRATOR or user.is_superuser))


rules.add_perm("accounts.sign_up", rules.always_allow)
rules.add_perm("accounts.log_in", rules.always_allow)
rules.add_perm("accounts.verify_email", rules.always_allow)
rules.add_perm("accounts.reset_password", rules.always_allow)
rules.add_perm("accounts.view_profile", rules.is_authenticated)
rules.add_perm("accounts.change_profile", rules.is_authenticated)
rules.add_perm("accounts.change_password", rules.is_authenticated)
rules.add_perm("accounts.export_data", rules.is_authenticated)
rules.add_perm("accounts.delete_account", rules.is_authenticated)
rules.add_perm("accounts.manage_api_tokens", is_verified)
rules.add_perm("core.view_auditlog", is_administrator)
