from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.paginator import Page, Paginator

if TYPE_CHECKING:
    from ideverkstedet.accounts.models import User
from ideverkstedet.notifications.models import EmailSettings, Notification


def notifications_page_for_user(*, user: User, page: str | int | None, per_page: int = 25) -> Page:
    """One page of the person's notices, newest first; a bad page number gives the nearest valid page."""
    qs = Notification.objects.filter(user=user).order_by("-created_at", "-id")
    return Paginator(qs, per_page).get_page(page)


def email_settings_for(user: User) -> EmailSettings:
    """The person's email choices; the defaults (unsaved) when they have chosen nothing."""
    found = EmailSettings.objects.filter(user=user).first()
    return found if found is not None else EmailSettings(user=user)
