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
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def make_user(db):  # type: ignore[no-untyped-def]
    from ideverkstedet.accounts.tests.factories import user_with_role

    return user_with_role
