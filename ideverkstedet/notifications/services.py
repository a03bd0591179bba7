"""Telling people things: in-app notifications and email, always after the change has been committed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from ideverkstedet.notifications.models import EmailSettings, Kind, Notification, OutgoingEmail
from ideverkstedet.notifications.selectors import email_settings_for
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


def _render(template: str, context: dict[str, Any], *, footer: bool) -> tuple[str, str, str]:
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    text: str = render_to_string(f"{template}.txt", context)
    try:
        html = get_template(f"{template}.html").render(context)
    except TemplateDoesNotExist:
        html = ""
    if footer:
        # Every email to an account says where to choose what comes by email (one footer, not one per template).
        footer_context = {"settings_url": settings.SITE_URL + reverse("notifications:settings"), **context}
        text = text.rstrip("\n") + "\n\n" + render_to_string("notifications/email/footer.txt", footer_context)
        if html:
            html += render_to_string("notifications/email/footer.html", footer_context)
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
        subject, text, html = _render(template, full_context, footer=to_user is not None)
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
    kind: str = "",
    urgent: bool = False,
    email_template: str | None = None,
    email_context: dict[str, Any] | None = None,
    attachments: list[Attachment] | None = None,
) -> Notification:
    """Put a notice on the person's list and, with `email_template`, send it by email too, as they chose.

    `kind` (a `Kind`) decides by the person's email settings: no email for a kind they turned off, and with
    a daily digest the notice waits for that one email instead (`urgent` ones, such as an offered place
    with a deadline, still go at once). A notice without a kind is always emailed. In-app, it always comes.
    `title` and `body` should be rendered in the recipient's language by the caller
    (use `translation.override(user.language)`).
    """
    digest_due = False
    send_now = bool(email_template)
    if email_template and kind:
        choice = email_settings_for(user)
        if not choice.wants_email(kind):
            send_now = False
        elif choice.daily_digest and not urgent:
            send_now, digest_due = False, True
    notification = Notification.objects.create(
        user=user, title=title[:200], body=body, url=url, kind=kind, digest_due=digest_due
    )
    if send_now and email_template:
        email_send(
            to_user=user,
            template=email_template,
            context={"title": title, "body": body, "url": url, **(email_context or {})},
            attachments=attachments,
        )
    return notification


@transaction.atomic
def email_settings_update(*, user: User, email_kinds: set[str], daily_digest: bool) -> EmailSettings:
    """Save which kinds of notice come by email (the rest only in-app) and whether as one email a day.

    Turning the digest off leaves notices already waiting for it to the next digest round, which sends them.
    """
    choice, _created = EmailSettings.objects.get_or_create(user=user)
    for kind in Kind.values:
        setattr(choice, kind, kind in email_kinds)
    choice.daily_digest = daily_digest
    choice.save()
    return choice


def digest_send(*, user_id: int, today: date) -> bool:
    """Send one person today's digest: one email with every notice waiting for it. False if nothing to send.

    Locks the person's EmailSettings row (SELECT ... FOR UPDATE) so two housekeeping rounds never send two
    digests; a digest already sent today waits for tomorrow. Notices of a kind turned off since are dropped.
    """
    with transaction.atomic():
        choice, _created = EmailSettings.objects.get_or_create(user_id=user_id)
        choice = EmailSettings.objects.select_for_update().select_related("user").get(pk=choice.pk)
        if choice.digest_sent_on == today:
            return False
        waiting = list(
            Notification.objects.filter(user_id=user_id, digest_due=True).order_by("created_at", "id")
        )
        if not waiting:
            return False
        Notification.objects.filter(pk__in=[n.pk for n in waiting]).update(digest_due=False)
        items = [n for n in waiting if choice.wants_email(n.kind)]
        if not items:
            return False
        choice.digest_sent_on = today
        choice.save(update_fields=["digest_sent_on"])
        email_send(to_user=choice.user, template="notifications/email/digest", context={"items": items})
    return True


DIGEST_HOUR = 7  # local time: the digest comes with the working day, however often housekeeping runs


def digest_sweep(now: datetime) -> dict[str, int]:
    """The housekeeping hook (core.housekeeping): from 07:00 in Oslo, one digest a day to each who has news."""
    local = timezone.localtime(now)
    if local.hour < DIGEST_HOUR:
        return {}
    people = (
        Notification.objects.filter(digest_due=True).order_by().values_list("user_id", flat=True).distinct()
    )
    sent = sum(digest_send(user_id=user_id, today=local.date()) for user_id in list(people))
    return {"notification_digests": sent}


def notifications_mark_read(*, user: User, notification_ids: list[int] | None = None) -> int:
    """Mark the given notices (or all) as read. Returns how many changed."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=notification_ids)
    return qs.update(read_at=timezone.now())
