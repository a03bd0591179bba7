import itertools
from collections.abc import Callable

import pytest

from ideverkstedet.search.services import search_index

_ids = itertools.count(1)


@pytest.fixture(autouse=True)
def _empty_index(db):  # type: ignore[no-untyped-def]
    """These tests count and order exactly what they index: start without the method cards the migration adds."""
    from ideverkstedet.search.models import SearchEntry

    SearchEntry.objects.all().delete()


@pytest.fixture
def index(db) -> Callable[..., tuple[str, int]]:  # type: ignore[no-untyped-def]
    """Index one entry with sensible defaults; returns its (kind, object_id)."""

    def add(
        title: str,
        body: str = "",
        *,
        kind: str = "challenge",
        visibility: str = "public",
        object_id: int | None = None,
    ) -> tuple[str, int]:
        object_id = object_id or next(_ids)
        search_index(
            kind=kind,
            object_id=object_id,
            title=title,
            body=body,
            url=f"/{kind}/{object_id}/",
            visibility=visibility,
        )
        return kind, object_id

    return add


@pytest.fixture
def titles() -> Callable[..., list[str]]:
    """The titles found for a query, in order, as `user` sees them."""
    from ideverkstedet.search.selectors import search

    def found(user: object, query: str, **kwargs: object) -> list[str]:
        hits, _total = search(user, query, **kwargs)  # type: ignore[arg-type]
        return [hit.title for hit in hits]

    return found
