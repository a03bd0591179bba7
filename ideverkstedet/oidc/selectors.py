"""What the profile shows about ways to log in."""

from typing import Any

from allauth.socialaccount.models import SocialAccount
from django.http import HttpRequest

from ideverkstedet.accounts.models import User
from ideverkstedet.oidc import services


def linked_logins(user: User) -> list[dict[str, Any]]:
    return login_methods(None, user)["linked_logins"]


def connectable_providers(user: User) -> list[Any]:
    return login_methods(None, user)["connectable_providers"]


def login_methods(request: HttpRequest | None, user: User) -> dict[str, Any]:
    """The person's linked logins (each with whether it may be removed) and the providers not yet linked."""
    providers = services.configured_providers(request)
    names = {p.app.provider_id: p for p in providers}
    accounts = list(SocialAccount.objects.filter(user=user).order_by("date_joined"))
    linked = [
        {
            "account": account,
            "name": names[account.provider].app.name if account.provider in names else account.provider,
            "can_unlink": services.can_unlink(user=user, account=account),
        }
        for account in accounts
    ]
    linked_ids = {account.provider for account in accounts}
    return {
        "linked_logins": linked,
        "connectable_providers": [p for p in providers if p.app.provider_id not in linked_ids],
    }
