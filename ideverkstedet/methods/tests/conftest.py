import pytest

from ideverkstedet.methods.content import load_methods
from ideverkstedet.methods.models import Method


@pytest.fixture
def method_library(db):  # type: ignore[no-untyped-def]
    """The shipped method cards. Loaded by migration 0002, but a transactional test elsewhere may have
    flushed them; loading again only adds what is missing."""
    load_methods(Method)
    from ideverkstedet.methods.services import method_search_index

    for method in Method.objects.all():
        method_search_index(method)
    return Method.objects.all()


@pytest.fixture
def no_methods(db):  # type: ignore[no-untyped-def]
    """An empty library, for tests that count exactly what they made."""
    Method.objects.all().delete()
