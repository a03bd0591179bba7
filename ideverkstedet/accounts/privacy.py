"""What the accounts app gives to "download my data" and how it erases on "delete my account"."""

from typing import Any

from ideverkstedet.core import privacy


def export_account(user: Any) -> dict[str, Any]:
    return {
        "email": user.email,
        "full_name": user.full_name,
        "role": user.role,
        "unit": user.unit.name if user.unit else None,
        "service_area": user.unit.service_area.name if user.unit else None,
        "organisation": user.organisation.name if user.organisation else None,
        "language": user.language,
        "date_joined": user.date_joined.isoformat(),
        "email_verified_at": user.email_verified_at.isoformat() if user.email_verified_at else None,
        "last_login": user.last_login.isoformat() if user.last_login else None,
    }


def export_api_tokens(user: Any) -> list[dict[str, Any]]:
    return [
        {
            "name": token.name,
            "hint": token.hint,
            "created_at": token.created_at.isoformat(),
            "last_used_at": token.last_used_at.isoformat() if token.last_used_at else None,
        }
        for token in user.api_tokens.all()
    ]


def erase_api_tokens(user: Any) -> None:
    user.api_tokens.all().delete()


def erase_login_records(user: Any) -> None:
    from axes.models import AccessAttempt, AccessLog

    AccessAttempt.objects.filter(username__iexact=user.email).delete()
    AccessLog.objects.filter(username__iexact=user.email).delete()


privacy.register_exporter("account", export_account)
privacy.register_exporter("api_tokens", export_api_tokens)
privacy.register_eraser("api_tokens", erase_api_tokens)
privacy.register_eraser("login_records", erase_login_records)
