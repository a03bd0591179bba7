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


def erase_notifications(user: Any) -> None:
    user.notifications.all().delete()
    user.outgoing_emails.all().delete()


privacy.register_exporter("notifications", export_notifications)
privacy.register_exporter("emails", export_emails)
privacy.register_eraser("notifications", erase_notifications)
