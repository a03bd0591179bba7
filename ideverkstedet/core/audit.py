"""The one helper every staff action calls to leave a trace."""

from typing import Any

from django.db import models

from ideverkstedet.core.models import AuditEntry


def audit_record(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    reason: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Write an audit entry in the caller's transaction, so that it stands or falls with the change.

    `action` is a dotted verb such as "accounts.role_changed"; `reason` is the human explanation that a
    municipality may be asked for. Keep personal data out of `data`: name the object, not the person.
    """
    actor_user = actor if getattr(actor, "is_authenticated", False) else None
    entry = AuditEntry(actor=actor_user, action=action, reason=reason, data=data or {})
    if target is not None:
        entry.target_type = target._meta.label_lower
        entry.target_id = str(target.pk)
        entry.target_repr = str(target)[:200]
    entry.save()
    return entry
