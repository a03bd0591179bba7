"""Min side: invitations to a team, and the challenges the person is on."""

from typing import Any

from ideverkstedet.challenges.models import Membership
from ideverkstedet.core.mypage import Section, register


def _challenges(user: Any) -> dict[str, Any] | None:
    memberships = list(
        Membership.objects.filter(user=user, status__in=[Membership.Status.INVITED, Membership.Status.ACTIVE])
        .select_related("challenge")
        .order_by("-challenge__updated_at", "-id")[:12]
    )
    return {
        "invitations": [m for m in memberships if m.status == Membership.Status.INVITED],
        "memberships": [m for m in memberships if m.status == Membership.Status.ACTIVE][:6],
    }


register(Section("challenges.mine", 40, "challenges/_mypage_challenges.html", _challenges))
