from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from ideverkstedet.accounts.models import Role
from ideverkstedet.notifications.models import OutgoingEmail
from ideverkstedet.notifications.services import Attachment, email_send, notify
from ideverkstedet.notifications.tasks import deliver_email

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

ICS = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Ideverkstedet//NO\r\nEND:VCALENDAR\r\n"


def _send(user, **kwargs):
    return email_send(
        to_user=user,
        template="accounts/email/verify",
        context={"user_name": "Kari", "url": "http://x/"},
        **kwargs,
    )


def test_email_is_sent_only_after_the_transaction_commits(make_user, django_capture_on_commit_callbacks):
    user = make_user(Role.CITIZEN)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _send(user)
        assert mail.outbox == []
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    assert OutgoingEmail.objects.get().status == OutgoingEmail.Status.SENT


@pytest.mark.django_db(transaction=True)
def test_email_from_a_rolled_back_transaction_is_never_sent(make_user):
    user = make_user(Role.CITIZEN)
    with pytest.raises(RuntimeError), transaction.atomic():
        _send(user)
        raise RuntimeError("the change failed")
    assert mail.outbox == []
    assert not OutgoingEmail.objects.exists()


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_email_is_written_in_the_recipients_language(make_user, django_capture_on_commit_callbacks, language):
    user = make_user(Role.CITIZEN, language=language)
    with django_capture_on_commit_callbacks(execute=True):
        _send(user)
    with translation.override(language):
        expected = gettext("Bekreft e-postadressen din i Ideverkstedet")
    assert mail.outbox[0].subject == expected
    if language != "nb":
        assert expected != "Bekreft e-postadressen din i Ideverkstedet"  # really translated


def test_email_can_carry_an_ics_attachment(make_user, django_capture_on_commit_callbacks):
    user = make_user(Role.EMPLOYEE)
    with django_capture_on_commit_callbacks(execute=True):
        _send(user, attachments=[Attachment.ics("booking.ics", ICS)])
    name, content, mimetype = mail.outbox[0].attachments[0]
    assert name == "booking.ics"
    assert "BEGIN:VCALENDAR" in content
    assert mimetype.startswith("text/calendar")


def test_anonymised_or_inactive_people_get_no_email(make_user, django_capture_on_commit_callbacks):
    user = make_user(Role.CITIZEN, is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert _send(user) is None
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_a_failing_mail_server_loses_nothing_and_the_mail_is_retried(make_user, settings):
    """With the database task backend (as in production): fail twice, then succeed on the third try."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DB_TASKS
    settings.EMAIL_RETRY_BASE_SECONDS = 60
    user = make_user(Role.CITIZEN)
    with transaction.atomic():
        email = _send(user)
    assert DBTaskResult.objects.ready().count() == 1  # queued at once, for the worker
    DBTaskResult.objects.all().delete()
    with mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages", side_effect=OSError("SMTP")
    ):
        for attempt, wait in ((1, 60), (2, 120)):
            before = timezone.now()
            deliver_email.call(email.pk)
            email.refresh_from_db()
            assert email.status == OutgoingEmail.Status.QUEUED
            assert email.attempts == attempt
            assert "SMTP" in email.last_error
            # The retry is queued for later, with exponential back-off, not for now.
            retry = DBTaskResult.objects.get()
            assert retry.run_after >= before + timedelta(seconds=wait)
            assert retry.args_kwargs["args"] == [email.pk]
            retry.delete()
    deliver_email.call(email.pk)
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert email.attempts == 3
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_db_worker_delivers_queued_email(make_user, settings):
    from django.core.management import call_command

    settings.TASKS = DB_TASKS
    user = make_user(Role.CITIZEN)
    with transaction.atomic():
        email = _send(user)
    assert mail.outbox == []
    call_command("db_worker", "--batch", "--no-startup-delay")
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert len(mail.outbox) == 1


def test_mail_that_keeps_failing_is_marked_failed_after_the_last_attempt(
    make_user, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_MAX_ATTEMPTS = 1
    user = make_user(Role.CITIZEN)
    with (
        mock.patch(
            "django.core.mail.backends.locmem.EmailBackend.send_messages", side_effect=OSError("nede")
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        email = _send(user)
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.FAILED
    assert email.attempts == 1


def test_notify_puts_a_notice_on_the_list_and_can_email_it(make_user, django_capture_on_commit_callbacks):
    user = make_user(Role.EMPLOYEE)
    with django_capture_on_commit_callbacks(execute=True):
        notice = notify(user=user, title="Bookingen er godkjent", url="/om/")
    assert notice.read_at is None
    assert mail.outbox == []
