"""Email delivery through Django's tasks framework (database-backed worker: `manage.py db_worker`)."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from ideverkstedet.notifications.models import OutgoingEmail

logger = logging.getLogger(__name__)


@task()
def deliver_email(email_id: int) -> str:
    """Send one stored email. On failure, schedule another try with exponential back-off.

    Takes a row lock (SELECT ... FOR UPDATE) on the OutgoingEmail so two workers never send the same mail.
    """
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().filter(pk=email_id).first()
        if email is None or email.status != OutgoingEmail.Status.QUEUED:
            return "skipped"
        message = EmailMultiAlternatives(
            subject=email.subject,
            body=email.body_text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[email.to],
        )
        if email.body_html:
            message.attach_alternative(email.body_html, "text/html")
        for attachment in email.attachments:
            message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
        email.attempts += 1
        try:
            message.send()
        except Exception as exc:  # any transport error: keep the mail and try again later
            email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if email.attempts >= settings.EMAIL_MAX_ATTEMPTS:
                email.status = OutgoingEmail.Status.FAILED
                logger.error("email %s failed for good after %s attempts", email.pk, email.attempts)
            email.save(update_fields=["attempts", "last_error", "status"])
            if email.status == OutgoingEmail.Status.QUEUED:
                delay = settings.EMAIL_RETRY_BASE_SECONDS * 2 ** (email.attempts - 1)
                retry_at = timezone.now() + timedelta(seconds=delay)
                transaction.on_commit(lambda: schedule_delivery(email.pk, run_after=retry_at))
                logger.warning(
                    "email %s failed (attempt %s), retrying in %ss", email.pk, email.attempts, delay
                )
                return "retry"
            return "failed"
        email.status = OutgoingEmail.Status.SENT
        email.sent_at = timezone.now()
        email.save(update_fields=["attempts", "status", "sent_at", "last_error"])
    return "sent"


def schedule_delivery(email_id: int, *, run_after: datetime | None = None) -> None:
    """Enqueue delivery; a backend that cannot defer (the immediate one in tests) runs it now instead."""
    runner = deliver_email
    if run_after is not None and runner.get_backend().supports_defer:
        runner = runner.using(run_after=run_after)
    elif run_after is not None:
        return  # the immediate backend cannot wait; `manage.py retry_emails` or the next send picks it up
    runner.enqueue(email_id)
