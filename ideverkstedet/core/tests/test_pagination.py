"""The one page navigation (`core/_pagination.html`) that every paginated list includes."""

from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.utils import translation


def _render(number: int, **context: object) -> str:
    page = Paginator(list(range(45)), 20).page(number)
    with translation.override("nb"):
        return render_to_string("core/_pagination.html", {"page": page, **context})


def test_a_middle_page_links_both_ways_and_keeps_the_filters():
    html = _render(2, query="fase=tenke&omrade=skole")
    assert 'href="?fase=tenke&amp;omrade=skole&amp;side=1" rel="prev">Forrige side</a>' in html
    assert 'href="?fase=tenke&amp;omrade=skole&amp;side=3" rel="next">Neste side</a>' in html
    assert "Side 2 av 3" in html


def test_without_filters_the_links_carry_only_the_page_and_the_labels_can_be_the_lists_own():
    html = _render(1, query="", previous_label="Nyere", next_label="Eldre")
    assert 'href="?side=2" rel="next">Eldre</a>' in html
    assert "Nyere" not in html  # no link back from the first page


def test_a_single_page_has_no_navigation():
    page = Paginator([1, 2], 20).page(1)
    assert "pagination" not in render_to_string("core/_pagination.html", {"page": page})


def test_every_list_uses_it():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    own = [
        path.relative_to(root).as_posix()
        for path in root.rglob("*.html")
        if 'class="pagination"' in path.read_text() and path.name != "_pagination.html"
    ]
    assert own == [], f"these templates write their own page navigation: {own}"
