"""A small rate limiter kept in the database, so it holds across several app servers.

Used for sign-up, password reset, verification mails and posting. Keys are hashed with the secret key: no
client address or email address is stored.

Behind a load balancer every request comes from the balancer's address, so `client_address` takes the
client's address from X-Forwarded-For when BEHIND_PROXY is on: the entry added by the first of our
TRUSTED_PROXY_COUNT proxies, counting from the right. Entries to the left of it were written by the client and
are never trusted. django-axes uses the same function (AXES_CLIENT_IP_CALLABLE), so login lock-out and our
limits agree on who a client is.
"""

import hashlib
import hmac
import ipaddress
from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from ideverkstedet.core.models import RateLimitHit


def client_address(request: HttpRequest) -> str:
    """The client's IP address: REMOTE_ADDR, or the one our trusted proxies put in X-Forwarded-For."""
    remote = str(request.META.get("REMOTE_ADDR", ""))
    if not getattr(settings, "BEHIND_PROXY", False):
        return remote
    proxies = max(1, int(getattr(settings, "TRUSTED_PROXY_COUNT", 1)))
    forwarded = [part.strip() for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        return remote  # not (fully) through our proxies: the direct peer is all we know
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def client_key(request: HttpRequest, action: str) -> str:
    address = client_address(request)
    return hmac.new(settings.SECRET_KEY.encode(), f"{action}:{address}".encode(), hashlib.sha256).hexdigest()


def value_key(action: str, value: str) -> str:
    """A key for something other than the client, such as an email address (case-insensitive)."""
    value = value.strip().lower()
    return hmac.new(settings.SECRET_KEY.encode(), f"{action}:{value}".encode(), hashlib.sha256).hexdigest()


def allow(key: str, *, limit: int, per: timedelta) -> bool:
    """Count one hit for `key` and say whether it is within `limit` hits per `per`. Refused hits do not count."""
    since = timezone.now() - per
    if RateLimitHit.objects.filter(key=key, at__gte=since).count() >= limit:
        return False
    RateLimitHit.objects.create(key=key)
    return True


def would_allow(key: str, *, limit: int, per: timedelta) -> bool:
    """Whether one more hit for `key` would be within the limit, without counting it."""
    since = timezone.now() - per
    return RateLimitHit.objects.filter(key=key, at__gte=since).count() < limit


def prune(older_than: timedelta = timedelta(days=1)) -> int:
    deleted, _ = RateLimitHit.objects.filter(at__lt=timezone.now() - older_than).delete()
    return deleted
