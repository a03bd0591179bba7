"""Norwegian stemming: inflected forms find each other, on PostgreSQL and SQLite alike."""

import pytest
from django.contrib.auth.models import AnonymousUser

from ideverkstedet.search.text import parse_query, stem_text

anonymous = AnonymousUser()


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("barnehagen", "Ny barnehage på Tveit"),
        ("barnehage", "Barnehagen på Tveit"),
        ("barnehager", "Barnehagen på Tveit"),
        ("skolene", "Skole og SFO"),
        ("skole", "Skolene i sentrum"),
        ("møteplassene", "En møteplass for eldre"),
        ("BARNEHAGEN", "barnehage"),
    ],
)
def test_inflected_forms_find_each_other(index, titles, query, title):
    index(title)
    index("Vann og avløp", "Ledningsnettet trenger fornyelse.")
    assert titles(anonymous, query) == [title]


def test_stemming_works_in_the_body_too(index, titles):
    index("Mer lys om vinteren", "Foreldre ønsker bedre belysning rundt barnehagene.")
    assert titles(anonymous, "barnehage") == ["Mer lys om vinteren"]


def test_the_last_word_also_matches_as_a_prefix(index, titles):
    index("Skolebussen kommer for sent")
    index("Barnehageplasser til alle")
    assert titles(anonymous, "skole") == ["Skolebussen kommer for sent"]
    assert titles(anonymous, "barneh") == ["Barnehageplasser til alle"]


def test_all_words_must_match(index, titles):
    index("Barnehage med uteområde")
    index("Barnehage i sentrum")
    assert titles(anonymous, "barnehagen uteområdet") == ["Barnehage med uteområde"]


def test_stop_words_are_ignored(index, titles):
    index("Barnehage i sentrum")
    assert titles(anonymous, "barnehagen og i") == ["Barnehage i sentrum"]
    assert titles(anonymous, "og i det") == []


def test_words_are_stemmed_and_stop_words_dropped():
    assert stem_text("Barnehagen og skolene i Ålesund") == "barnehag skol ålesund"
    assert parse_query('"barnehagen" OR skolene*').words == ("barnehagen", "or", "skolene")
