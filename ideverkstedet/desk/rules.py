"""Who may do what at the desk.

The requester sees their own request and its conversation (never the internal notes), writes to the unit and
evaluates it when it is closed. Every adviser (innovasjonsrådgiver, administrator) sees the queue and every
request, writes messages and internal notes and assigns people. Changing a request (status, priority, what was
agreed, making a booking, event or plan from it) is for the advisers on it — or any adviser while nobody is on
it yet, so new requests can be triaged — and always for administrators. Everyone else sees nothing.
"""

from typing import Any

import rules

from ideverkstedet.accounts.rules import is_administrator, is_advisor
from ideverkstedet.desk.models import FINAL_STATUSES, Status


@rules.predicate
def is_requester(user: Any, request: Any) -> bool:
    return request is not None and user.is_authenticated and request.requester_id == user.pk


@rules.predicate
def is_assigned(user: Any, request: Any) -> bool:
    if request is None or not user.is_authenticated:
        return False
    ids = getattr(request, "assignee_ids", None)
    if ids is None:
        ids = {u.pk for u in request.assignees.all()}
    return user.pk in ids


@rules.predicate
def is_unassigned(user: Any, request: Any) -> bool:
    if request is None:
        return False
    ids = getattr(request, "assignee_ids", None)
    return not ids if ids is not None else not request.assignees.exists()


@rules.predicate
def is_open(user: Any, request: Any) -> bool:
    return request is not None and request.status not in FINAL_STATUSES


@rules.predicate
def awaits_evaluation(user: Any, request: Any) -> bool:
    return request is not None and request.status == Status.CLOSED and request.rated_at is None


@rules.predicate
def is_active_person(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active)


can_manage = is_administrator | (is_advisor & (is_assigned | is_unassigned))

rules.add_perm("desk.ask", is_active_person)
rules.add_perm("desk.view_own_requests", is_active_person)
rules.add_perm("desk.view_request", is_requester | is_advisor)
rules.add_perm("desk.view_queue", is_advisor)
rules.add_perm("desk.view_internal_notes", is_advisor)
rules.add_perm("desk.write_message", (is_requester & is_open) | is_advisor)
rules.add_perm("desk.write_internal_note", is_advisor)
rules.add_perm("desk.assign", is_advisor)
rules.add_perm("desk.be_assigned", is_advisor & is_active_person)
rules.add_perm("desk.change_status", can_manage)
rules.add_perm("desk.make_from_request", can_manage & is_open)
rules.add_perm("desk.evaluate", is_requester & awaits_evaluation)
rules.add_perm("desk.view_statistics", is_advisor)
