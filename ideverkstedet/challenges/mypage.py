"""Min side: invitations to a team, and the challenges the person is on."""

from typing import Any

from ideverkstedet.challenges.models import Membership
from ideverkstedet.challenges.selectors import invitations_for
from ideverkstedet.core.mypage import Section, register


def _challenges(user: Any) -> dict[str, Any] | None:
    return {
        "invitations": list(invitations_for(user).order_by("-created_at")[:12]),
        "memberships": list(
            Membership.objects.filter(user=user, status=Membership.Status.ACTIVE)
            .select_related("challenge")
            .order_by("-challenge__updated_at", "-id")[:6]
        ),
    }


register(Section("challenges.mine", 40, "challenges/_mypage_challenges.html", _challenges))
