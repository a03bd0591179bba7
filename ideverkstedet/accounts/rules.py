"""Who may do what with accounts, and the role predicates every other app's rules build on.

This module and the apps' `rules.py` are the only places that know what a role may do. Services and selectors
ask through `user.has_perm("app.permission", obj)`; a query that must filter by role (the list of advisers)
takes its role group from here.

A Django superuser is no exception to the rules: `User.has_perm` lets the rules decide every permission they
name, for every account, so privacy rules (another person's private plan, facilitator notes included) hold for
administrators too. `is_superuser` only opens Django's admin site; the administrator's powers come from the
role and are named here like anyone else's, and they act through audited services.
"""

from typing import Any

import rules

from ideverkstedet.accounts.models import MUNICIPAL_ROLES, ORGANISATION_ROLES, Role

# The innovation unit's people: innovasjonsrådgivere and administrators (who can do all an adviser can).
ADVISER_ROLES = frozenset({Role.ADVISOR, Role.ADMINISTRATOR})

__all__ = ["ADVISER_ROLES", "MUNICIPAL_ROLES", "ORGANISATION_ROLES"]


@rules.predicate
def is_verified(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and user.email_verified_at)


@rules.predicate
def is_municipal(user: Any) -> bool:
    return bool(user.is_authenticated and user.role in MUNICIPAL_ROLES)


@rules.predicate
def is_in_organisation(user: Any) -> bool:
    """A volunteer or an external actor: someone who works on behalf of an outside organisation."""
    return bool(user.is_authenticated and user.role in ORGANISATION_ROLES)


@rules.predicate
def is_citizen(user: Any) -> bool:
    return bool(user.is_authenticated and user.role == Role.CITIZEN)


@rules.predicate
def is_leader(user: Any) -> bool:
    return bool(user.is_authenticated and user.role == Role.LEADER)


@rules.predicate
def is_advisor(user: Any) -> bool:
    """Innovasjonsrådgiver, or an administrator who can do everything an advisor can."""
    return bool(user.is_authenticated and user.role in ADVISER_ROLES)


@rules.predicate
def is_administrator(user: Any) -> bool:
    """The administrator role. `is_superuser` follows the role (accounts.services.user_change_role) and adds
    nothing here: it only opens Django's admin site."""
    return bool(user.is_authenticated and user.role == Role.ADMINISTRATOR)


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
