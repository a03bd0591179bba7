"""The order of results is the same on PostgreSQL and SQLite: title hits first, then more matches, then newest."""

import pytest
from django.contrib.auth.models import AnonymousUser

from ideverkstedet.search.selectors import search

anonymous = AnonymousUser()


@pytest.fixture
def case_set(index):
    # Created oldest first; "Lekeplass" and "Sykkelvei" have the same text, so only age separates them.
    index("Vann og avløp", "Ledningsnettet trenger fornyelse.")
    index("Ny barnehage i sentrum", "Barnehagen trenger flere plasser. Foreldre vil ha barnehage nær jobben.")
    index("Mat i barnehagen", "Lunsj hver dag for alle barna.")
    index("Lekeplass", "En barnehage ved parken trenger gjerde.", kind="idea")
    index("Uteområder", "Barnehage, barnehage og barnehagen: tre ganger samme ord her.")
    index("Sykkelvei", "En barnehage ved parken trenger gjerde.", kind="idea")
    index("Skole", "Ingenting om små barn her.")
    index("Biblioteket", "Lengre åpningstider om kvelden.")
    index("Bredbånd", "Fiber til hele kommunen.")


EXPECTED = ["Ny barnehage i sentrum", "Mat i barnehagen", "Uteområder", "Sykkelvei", "Lekeplass"]


def test_title_hits_first_then_more_matches_then_newest(case_set, titles):
    assert titles(anonymous, "barnehage") == EXPECTED


def test_the_order_is_the_same_for_every_form_of_the_word(case_set, titles):
    assert titles(anonymous, "barnehagen") == EXPECTED


def test_kinds_filter(case_set, titles):
    assert titles(anonymous, "barnehage", kinds=["idea"]) == ["Sykkelvei", "Lekeplass"]
    assert titles(anonymous, "barnehage", kinds=["challenge", "idea"]) == EXPECTED
    assert titles(anonymous, "barnehage", kinds=[]) == []


def test_limit_and_offset_page_through_the_same_order(case_set):
    pages = [search(anonymous, "barnehage", limit=2, offset=offset) for offset in (0, 2, 4, 6)]
    assert [hit.title for hits, _total in pages for hit in hits] == EXPECTED
    assert {total for _hits, total in pages} == {5}


def test_rank_falls_down_the_list_within_title_hits_and_body_hits(case_set):
    hits, _total = search(anonymous, "barnehage")
    assert hits[0].rank > hits[1].rank
    assert hits[2].rank > hits[3].rank == hits[4].rank


def test_hit_carries_what_the_result_list_shows(case_set):
    hits, _total = search(anonymous, "uteområde")
    (hit,) = hits
    assert (hit.kind, hit.title, hit.kind_label) == ("challenge", "Uteområder", "Utfordring")
    assert hit.url == f"/challenge/{hit.object_id}/"
    assert hit.snippet == "Barnehage, barnehage og barnehagen: tre ganger samme ord her."
