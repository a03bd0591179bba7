"""Whatever someone types, search answers without an error; input without a real word finds nothing."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from ideverkstedet.search.selectors import search

HOSTILE = [
    "",
    "   ",
    "x" * 1000,
    "barnehage " * 100,
    "!!!",
    "\"'`´;:--",
    '"',
    "*",
    "OR",
    "AND",
    "NOT",
    "NEAR(",
    "NEAR(a b",
    "-",
    "^",
    "stemmed_title:",
    "{stemmed_title}: x",
    "'; DROP TABLE search_searchentry; --",
    "\x00",
    "barne\x00hage",
    "&|!<->():*",
    "🙂🙂",
    "ø" * 300,
]


@pytest.fixture
def entries(index):
    index("Barnehage i sentrum", "Tekst om barnehagen og NEAR OR AND NOT.")
    index("Lekeplass", "Ved siden av.")


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_query_does_not_fail(entries, query):
    hits, total = search(AnonymousUser(), query)
    assert total == len(hits) <= 2


@pytest.mark.parametrize("query", ["", "   ", "!!!", '"', "*", "-", "(", "\x00", "x" * 1000, "🙂🙂", "og i"])
def test_query_without_a_word_to_find_finds_nothing(entries, query):
    assert search(AnonymousUser(), query) == ([], 0)


def test_search_syntax_is_treated_as_words(entries, titles):
    # "OR" is an ordinary word here, not an operator: both words must be found.
    assert titles(AnonymousUser(), "barnehage OR lekeplass") == []
    assert titles(AnonymousUser(), "barnehage OR") == ["Barnehage i sentrum"]
    assert titles(AnonymousUser(), '"barnehage"*') == ["Barnehage i sentrum"]


def test_strange_limits_are_safe(entries):
    assert search(AnonymousUser(), "barnehage", limit=-5, offset=-5) == ([], 1)
    hits, total = search(AnonymousUser(), "barnehage", limit=10**9, offset=10**9)
    assert (hits, total) == ([], 1)


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_query_on_the_page_is_answered(client, entries, query):
    response = client.get(reverse("search:search"), {"q": query, "type": "idea", "side": "x"})
    assert response.status_code == 200


def test_unknown_type_and_page_on_the_page_are_answered(client, entries):
    response = client.get(reverse("search:search"), {"q": "barnehage", "type": "<script>", "side": "-1"})
    assert response.status_code == 200
