"""Who may do what with method cards and workshop plans.

Method cards are public. Plans belong to their owner; anyone logged in may make their own. A plan marked as
shared can be read (and copied) by the municipality's employees; a template, published by the innovation
unit, by everyone who is logged in. Only advisors publish templates, and they may also tend each other's.
"""

from typing import Any

import rules

from ideverkstedet.accounts.rules import is_advisor, is_municipal


@rules.predicate
def is_plan_owner(user: Any, plan: Any) -> bool:
    return plan is not None and user.is_authenticated and plan.owner_id == user.pk


@rules.predicate
def is_template(user: Any, plan: Any) -> bool:
    return plan is not None and plan.is_template


@rules.predicate
def is_shared(user: Any, plan: Any) -> bool:
    return plan is not None and plan.is_shared


# Advisors see templates and shared plans like everyone else, not people's private plans.
can_view_plan = is_plan_owner | (is_template & rules.is_authenticated) | (is_shared & is_municipal)
can_change_plan = is_plan_owner | (is_template & is_advisor)

rules.add_perm("methods.view_method", rules.always_allow)
rules.add_perm("methods.view_plans", rules.is_authenticated)
rules.add_perm("methods.add_plan", rules.is_authenticated)
rules.add_perm("methods.view_plan", can_view_plan)
rules.add_perm("methods.change_plan", can_change_plan)
rules.add_perm("methods.delete_plan", can_change_plan)
rules.add_perm("methods.copy_plan", can_view_plan & rules.is_authenticated)
rules.add_perm("methods.publish_template", is_advisor)
