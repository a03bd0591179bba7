"""Linked logins in "download my data", and gone on "delete my account"."""

from typing import Any

from ideverkstedet.core import privacy


def export_linked_logins(user: Any) -> list[dict[str, Any]]:
    from allauth.socialaccount.models import SocialAccount

    return [
        {
            "provider": account.provider,
            "identifier": account.uid,
            "linked_at": account.date_joined.isoformat(),
            "last_login": account.last_login.isoformat() if account.last_login else None,
        }
        for account in SocialAccount.objects.filter(user=user).order_by("date_joined")
    ]


def erase_linked_logins(user: Any) -> None:
    from allauth.account.models import EmailAddress
    from allauth.socialaccount.models import SocialAccount

    from ideverkstedet.oidc.models import ProviderSession

    ProviderSession.objects.filter(user=user).delete()
    SocialAccount.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()


privacy.register_exporter("linked_logins", export_linked_logins)
privacy.register_eraser("linked_logins", erase_linked_logins)
