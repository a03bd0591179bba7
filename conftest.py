"""Shared fixtures. Browser-test fixtures live in tests_browser/conftest.py."""

import pytest


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):  # type: ignore[no-untyped-def]
    # Fast hashing keeps the suite quick; production uses Django's default PBKDF2.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.AXES_ENABLED = True
    # Uploaded files go to a temporary folder, never into the working tree.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():  # type: ignore[no-untyped-def]
    # Each test starts with an empty cache, as the database starts empty: nothing cached by one test shows up
    # in another (primary keys are reused after a rollback).
    from django.core.cache import caches

    from ideverkstedet.core import chrome

    for cache in caches.all():  # the pages' cache and the PDFs'
        cache.clear()
    chrome.clear()  # the header and footer kept in memory (settings such as CONTACT_EMAIL may differ per test)
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def _default_language():  # type: ignore[no-untyped-def]
    # A request through the test client leaves its language active in the thread (the middleware activates it
    # and nothing deactivates it): each test starts in bokmål whatever the one before asked for.
    from django.utils import translation

    translation.activate("nb")
    yield
    translation.activate("nb")


@pytest.fixture
def make_user(db):  # type: ignore[no-untyped-def]
    from ideverkstedet.accounts.tests.factories import user_with_role

    return user_with_role


# OpenID Connect test providers (npm's oidc-provider under node), one per shape and site address per worker.
@pytest.fixture(scope="session")
def oidc_providers(tmp_path_factory):  # type: ignore[no-untyped-def]
    import os

    from ideverkstedet.oidc.testing import ProviderUnavailable, start_provider

    started: dict[tuple[str, str], object] = {}
    log_dir = tmp_path_factory.mktemp("oidc")

    def get(shape: str, rp: str):  # type: ignore[no-untyped-def]
        key = (shape, rp)
        if key not in started:
            try:
                started[key] = start_provider(
                    shape=shape, rp=rp, client_id=f"ideverkstedet-{shape}", log_dir=log_dir
                )
            except ProviderUnavailable as error:
                if os.environ.get("CI") == "true":
                    pytest.fail(f"{error}. CI=true: the OpenID Connect tests must run in CI.", pytrace=False)
                pytest.skip(str(error))
        return started[key]

    yield get
    for provider in started.values():
        provider.stop()  # type: ignore[attr-defined]


def _configure_oidc(settings, **kwargs):  # type: ignore[no-untyped-def]
    from ideverkstedet.settings import oidc_apps

    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {**settings.SOCIALACCOUNT_PROVIDERS["openid_connect"], "APPS": oidc_apps(**kwargs)}
    }


@pytest.fixture
def oidc_configure(settings):  # type: ignore[no-untyped-def]
    """Point our settings at test providers: oidc_configure(idporten=provider, entra=provider, acr=...)."""
    from ideverkstedet.oidc.testing import CLIENT_SECRET, TENANT_ID

    def configure(idporten=None, entra=None, acr="idporten-loa-substantial", tenant_id=TENANT_ID, **extra):  # type: ignore[no-untyped-def]
        _configure_oidc(
            settings,
            idporten_issuer=idporten.issuer if idporten else "",
            idporten_client_id=idporten.client_id if idporten else "",
            idporten_client_secret=CLIENT_SECRET,
            idporten_acr=acr,
            entra_issuer=entra.issuer if entra else "",
            entra_tenant_id=tenant_id,
            entra_client_id=entra.client_id if entra else "",
            entra_client_secret=CLIENT_SECRET,
            **extra,
        )

    return configure


@pytest.fixture
def idporten(oidc_providers, oidc_configure):  # type: ignore[no-untyped-def]
    """An ID-porten-shaped provider for Django's test client (site address http://testserver)."""
    provider = oidc_providers("idporten", "http://testserver")
    oidc_configure(idporten=provider)
    return provider


@pytest.fixture
def entra(oidc_providers, oidc_configure):  # type: ignore[no-untyped-def]
    """An Entra-shaped provider for Django's test client (site address http://testserver)."""
    provider = oidc_providers("entra", "http://testserver")
    oidc_configure(entra=provider)
    return provider
