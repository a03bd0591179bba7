"""Min side: the person's workshop plans."""

from typing import Any

from ideverkstedet.core.mypage import Section, register
from ideverkstedet.methods.models import Plan


def _plans(user: Any) -> dict[str, Any] | None:
    if not user.has_perm("methods.add_plan"):
        return None
    return {"plans": list(Plan.objects.filter(owner=user).order_by("-updated_at", "-id")[:5])}


register(Section("methods.plans", 50, "methods/_mypage_plans.html", _plans))
