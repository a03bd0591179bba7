"""Housekeeping forgets provider sessions whose session of ours has ended; live ones stay for back-channel
logout."""

from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone

from ideverkstedet.accounts.models import Role
from ideverkstedet.core import housekeeping
from ideverkstedet.oidc.models import ProviderSession

pytestmark = pytest.mark.django_db


def _provider_session(user, *, session_key: str) -> ProviderSession:
    return ProviderSession.objects.create(
        user=user, provider="idporten", sid="sid-" + session_key[:8], subject="sub", session_key=session_key
    )


def test_only_provider_sessions_of_ended_sessions_are_forgotten(make_user):
    person = make_user(Role.CITIZEN)
    live = SessionStore()
    live["x"] = 1
    live.create()
    expired = SessionStore()
    expired.set_expiry(1)
    expired.create()
    kept = _provider_session(person, session_key=live.session_key)
    _provider_session(person, session_key=expired.session_key)  # its session ran out
    _provider_session(person, session_key="f" * 32)  # its session is gone (cleared without a logout)

    counts = housekeeping.run(now=timezone.now() + timedelta(seconds=5))

    assert counts["provider_sessions_forgotten"] == 2
    assert list(ProviderSession.objects.all()) == [kept]
    assert housekeeping.run(now=timezone.now() + timedelta(seconds=5))["provider_sessions_forgotten"] == 0
