"""search_index and search_remove keep the entry and the full-text index in step."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connection

from ideverkstedet.search import fts
from ideverkstedet.search.models import SearchEntry
from ideverkstedet.search.services import search_index, search_remove

anonymous = AnonymousUser()


def test_reindexing_an_object_replaces_what_is_found(index, titles):
    kind, object_id = index("Barnehage i sentrum", "Flere plasser.")
    index("Skolevei", "Trygg vei.", kind=kind, object_id=object_id)
    assert SearchEntry.objects.count() == 1
    assert titles(anonymous, "barnehage") == []
    assert titles(anonymous, "plasser") == []
    assert titles(anonymous, "skolevei") == ["Skolevei"]
    assert titles(anonymous, "trygg") == ["Skolevei"]


def test_making_an_entry_internal_hides_it_from_the_public(index, titles):
    kind, object_id = index("Barnehage i sentrum")
    index("Barnehage i sentrum", kind=kind, object_id=object_id, visibility="internal")
    assert titles(anonymous, "barnehage") == []


def test_same_object_id_in_two_kinds_are_two_entries(index, titles):
    index("Barnehage", kind="challenge", object_id=7)
    index("Barnehage", kind="idea", object_id=7)
    assert SearchEntry.objects.count() == 2
    assert len(titles(anonymous, "barnehage")) == 2


def test_removed_entry_is_no_longer_found(index, titles):
    kind, object_id = index("Barnehage i sentrum")
    index("Barnehage på Tveit")
    search_remove(kind=kind, object_id=object_id)
    assert titles(anonymous, "barnehage") == ["Barnehage på Tveit"]
    search_remove(kind=kind, object_id=object_id)  # removing twice is harmless


def test_deleting_rows_directly_keeps_the_index_in_step(index, titles):
    index("Barnehage i sentrum")
    SearchEntry.objects.all().delete()
    index("Barnehage på Tveit")
    assert titles(anonymous, "barnehage") == ["Barnehage på Tveit"]


@pytest.mark.parametrize(("field", "value"), [("kind", "unicorn"), ("visibility", "secret")])
def test_unknown_kind_or_visibility_is_refused(db, field, value):
    arguments = {
        "kind": "idea",
        "object_id": 1,
        "title": "T",
        "body": "",
        "url": "/",
        "visibility": "public",
        field: value,
    }
    with pytest.raises(ValueError):
        search_index(**arguments)
    assert not SearchEntry.objects.exists()


def test_nul_characters_in_indexed_text_are_dropped(index, titles):
    index("Barne\x00hage", "Tekst med \x00 NUL")
    assert titles(anonymous, "barnehage") == ["Barnehage"]


def test_reindex_command_restores_a_lost_index(index, titles):
    index("Barnehage i sentrum", "Flere plasser.")
    index("Skole", "Ingenting her.")
    # As if a table rebuild had dropped the triggers and the index had drifted.
    fts.remove(connection)
    SearchEntry.objects.update(stemmed_title="", stemmed_body="", search_vector=None)
    call_command("search_reindex", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert titles(anonymous, "barnehagen") == ["Barnehage i sentrum"]
    assert titles(anonymous, "plass") == ["Barnehage i sentrum"]
    # The triggers are back: later writes are indexed again.
    index("Barnehage på Tveit")
    assert sorted(titles(anonymous, "barnehage")) == ["Barnehage i sentrum", "Barnehage på Tveit"]
