"""A small rate limiter kept in the database, so it holds across several app servers.

Used for sign-up (and later for posting). Keys are hashed with the secret key: no client address is stored.
"""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from ideverkstedet.core.models import RateLimitHit


def client_key(request: HttpRequest, action: str) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    return hmac.new(settings.SECRET_KEY.encode(), f"{action}:{address}".encode(), hashlib.sha256).hexdigest()


def allow(key: str, *, limit: int, per: timedelta) -> bool:
    """Count one hit for `key` and say whether it is within `limit` hits per `per`. Refused hits do not count."""
    since = timezone.now() - per
    if RateLimitHit.objects.filter(key=key, at__gte=since).count() >= limit:
        return False
    RateLimitHit.objects.create(key=key)
    return True


def prune(older_than: timedelta = timedelta(days=1)) -> int:
    deleted, _ = RateLimitHit.objects.filter(at__lt=timezone.now() - older_than).delete()
    return deleted
