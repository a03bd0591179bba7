"""Min side: the newest unread notifications."""

from typing import Any

from ideverkstedet.core.mypage import Section, register


def _unread(user: Any) -> dict[str, Any] | None:
    unread = list(user.notifications.filter(read_at__isnull=True).order_by("-created_at")[:5])
    return {"unread": unread} if unread else None


register(Section("notifications.unread", 10, "notifications/_mypage_unread.html", _unread))
