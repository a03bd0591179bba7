"""Telling people things: in-app notifications and email, always after the change has been committed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation

from ideverkstedet.notifications.models import Notification, OutgoingEmail
from ideverkstedet.notifications.tasks import schedule_delivery

if TYPE_CHECKING:
    from ideverkstedet.accounts.models import User


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: str
    mimetype: str

    @classmethod
    def ics(cls, filename: str, calendar: bytes | str) -> Attachment:
        content = calendar.decode() if isinstance(calendar, bytes) else calendar
        return cls(
            filename=filename, content=content, mimetype="text/calendar; charset=utf-8; method=PUBLISH"
        )


def _render(template: str, context: dict[str, Any]) -> tuple[str, str, str]:
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    text = render_to_string(f"{template}.txt", context)
    try:
        html = get_template(f"{template}.html").render(context)
    except TemplateDoesNotExist:
        html = ""
    return subject, text, html


def email_send(
    *,
    template: str,
    context: dict[str, Any],
    to_user: User | None = None,
    to_address: str = "",
    attachments: list[Attachment] | None = None,
) -> OutgoingEmail | None:
    """Store an email rendered in the recipient's language and deliver it after the transaction commits.

    `template` names three templates: `<template>_subject.txt`, `<template>.txt` and optionally
    `<template>.html`. Inactive or anonymised accounts get nothing.
    """
    if to_user is not None:
        if not to_user.is_active or to_user.anonymised_at:
            return None
        address = to_user.email
        language = to_user.language
    else:
        address = to_address
        language = translation.get_language() or settings.LANGUAGE_CODE
    full_context = {"site_url": settings.SITE_URL, **context}
    with translation.override(language):
        subject, text, html = _render(template, full_context)
    email = OutgoingEmail.objects.create(
        user=to_user,
        to=address,
        subject=subject[:255],
        body_text=text,
        body_html=html,
        attachments=[a.__dict__ for a in attachments or []],
    )
    transaction.on_commit(lambda: schedule_delivery(email.pk))
    return email


def notify(
    *,
    user: User,
    title: str,
    body: str = "",
    url: str = "",
    email_template: str | None = None,
    email_context: dict[str, Any] | None = None,
    attachments: list[Attachment] | None = None,
) -> Notification:
    """Put a notice on the person's list and, with `email_template`, send it by email too.

    `title` and `body` should be rendered in the recipient's language by the caller
    (use `translation.override(user.language)`).
    """
    notification = Notification.objects.create(user=user, title=title[:200], body=body, url=url)
    if email_template:
        email_send(
            to_user=user,
            template=email_template,
            context={"title": title, "body": body, "url": url, **(email_context or {})},
            attachments=attachments,
        )
    return notification


def notifications_mark_read(*, user: User, notification_ids: list[int] | None = None) -> int:
    """Mark the given notices (or all) as read. Returns how many changed."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=notification_ids)
    return qs.update(read_at=timezone.now())
