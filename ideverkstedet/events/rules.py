"""Who may see and do what with events and registrations. Object rules take the event (or registration)."""

from typing import Any

import rules

from ideverkstedet.accounts.rules import is_advisor, is_municipal, is_verified


@rules.predicate
def can_see_event(user: Any, event: Any) -> bool:
    """Published public events: everyone. Internal ones: the municipality's people. Drafts: advisors."""
    if event is None:
        return True
    if event.status == "draft":
        return bool(is_advisor(user))
    return bool(event.is_public or is_municipal(user))


@rules.predicate
def can_register(user: Any, event: Any) -> bool:
    """The event is meant for people in this person's role (its audience lists the roles)."""
    if event is None:
        return bool(user.is_authenticated)
    return bool(user.is_authenticated and user.role in (event.audience or []))


@rules.predicate
def is_own_registration(user: Any, registration: Any) -> bool:
    return registration is not None and user.is_authenticated and registration.person_id == user.pk


rules.add_perm("events.view_event", can_see_event)
rules.add_perm("events.in_audience", can_register)
rules.add_perm("events.register", is_verified & can_register)
rules.add_perm("events.view_my_registrations", rules.is_authenticated)
rules.add_perm("events.announce_coming", rules.is_authenticated)
rules.add_perm("events.view_registration", is_own_registration | is_advisor)
rules.add_perm("events.cancel_registration", is_own_registration | is_advisor)
rules.add_perm("events.manage_events", is_advisor)
rules.add_perm("events.view_internal_events", is_municipal)
