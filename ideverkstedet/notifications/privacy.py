from typing import Any

from ideverkstedet.core import privacy


def export_notifications(user: Any) -> list[dict[str, Any]]:
    return [
        {
            "title": n.title,
            "body": n.body,
            "url": n.url,
            "created_at": n.created_at.isoformat(),
            "read_at": n.read_at.isoformat() if n.read_at else None,
        }
        for n in user.notifications.all()
    ]


def export_emails(user: Any) -> list[dict[str, Any]]:
    return [
        {"subject": e.subject, "status": e.status, "created_at": e.created_at.isoformat()}
        for e in user.outgoing_emails.all()
    ]


def export_email_settings(user: Any) -> dict[str, Any] | None:
    from ideverkstedet.notifications.models import EmailSettings, Kind

    choice = EmailSettings.objects.filter(user=user).first()
    if choice is None:
        return None
    return {
        "email": {kind: getattr(choice, kind) for kind in Kind.values},
        "daily_digest": choice.daily_digest,
        "digest_sent_on": choice.digest_sent_on.isoformat() if choice.digest_sent_on else None,
    }


def erase_notifications(user: Any) -> None:
    from ideverkstedet.notifications.models import EmailSettings

    user.notifications.all().delete()
    user.outgoing_emails.all().delete()
    EmailSettings.objects.filter(user=user).delete()


privacy.register_exporter("notifications", export_notifications)
privacy.register_exporter("emails", export_emails)
privacy.register_exporter("email_settings", export_email_settings)
privacy.register_eraser("notifications", erase_notifications)
