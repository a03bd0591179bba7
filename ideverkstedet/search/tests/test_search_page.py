"""The search page at /sok/ and the search box in the header."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ideverkstedet.accounts.models import Role

URL = "/sok/"


def test_url_name():
    assert reverse("search:search") == URL


def test_anonymous_visitor_sees_the_empty_search_form(client, db):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="search"' in html
    assert '<label for="search_q">Søk etter</label>' in html
    assert 'id="search_q"' in html and 'type="search"' in html
    assert "treff" not in html


def test_results_show_kind_title_link_and_snippet(client, index):
    index("Ny barnehage i sentrum", "Foreldre ønsker en barnehage nær jobben.", kind="challenge")
    index("Barnehagebuss", "En buss som henter barna.", kind="idea")
    html = client.get(URL, {"q": "barnehagen"}).content.decode()
    assert "2 treff på «barnehagen»" in html
    assert "Utfordring" in html and "Idé" in html
    assert '<a href="/challenge/' in html and ">Ny barnehage i sentrum</a>" in html
    assert "Foreldre ønsker en barnehage nær jobben." in html


def test_type_filter_limits_the_results(client, index):
    index("Ny barnehage", kind="challenge")
    index("Barnehagebuss", kind="idea")
    html = client.get(URL, {"q": "barnehage", "type": "idea"}).content.decode()
    assert "1 treff" in html and "Barnehagebuss" in html and "Ny barnehage" not in html


def test_no_hits_shows_a_friendly_message_with_the_query_escaped(client, index):
    index("Barnehage")
    html = client.get(URL, {"q": "<b>svømmehall</b>"}).content.decode()
    assert "Ingen treff på «&lt;b&gt;svømmehall&lt;/b&gt;». Prøv et annet ord" in html
    assert "<b>svømmehall</b>" not in html


def test_internal_entries_only_for_municipal_people(client, index, make_user):
    index("Intern barnehageplan", visibility="internal")
    assert "Ingen treff" in client.get(URL, {"q": "barnehageplan"}).content.decode()
    client.force_login(make_user(Role.CITIZEN))
    assert "Ingen treff" in client.get(URL, {"q": "barnehageplan"}).content.decode()
    client.force_login(make_user(Role.EMPLOYEE))
    assert "Intern barnehageplan" in client.get(URL, {"q": "barnehageplan"}).content.decode()


def test_pagination_keeps_the_query(client, index):
    for number in range(45):
        index(f"Barnehage nummer {number}")
    first = client.get(URL, {"q": "barnehage", "type": "challenge"}).content.decode()
    assert "45 treff" in first and "Side 1 av 3" in first
    assert 'href="?q=barnehage&amp;type=challenge&amp;side=2"' in first
    assert first.count('class="search-hit"') == 20
    last = client.get(URL, {"q": "barnehage", "type": "challenge", "side": "3"}).content.decode()
    assert last.count('class="search-hit"') == 5 and "Side 3 av 3" in last
    assert 'start="41"' in last
    past_the_end = client.get(URL, {"q": "barnehage", "type": "challenge", "side": "99"}).content.decode()
    assert "Side 3 av 3" in past_the_end


@pytest.mark.parametrize("count", [3, 30])
def test_query_count_is_constant(client, index, django_assert_num_queries, count):
    for number in range(count):
        index(f"Barnehage nummer {number}", "Tekst om barnehagen. " * 20)
    with django_assert_num_queries(2):  # count + one page of hits
        response = client.get(URL, {"q": "barnehage"})
    assert response.status_code == 200


def test_query_count_for_a_logged_in_employee_does_not_grow_with_the_results(client, index, make_user):
    # The header's own queries (session, user, notifications, permissions) belong to base.html; what is
    # pinned here is that the number does not depend on how many hits there are.
    client.force_login(make_user(Role.EMPLOYEE))
    index("Barnehage nummer 0", visibility="internal")
    with CaptureQueriesContext(connection) as few:
        client.get(URL, {"q": "barnehage"})
    for number in range(1, 30):
        index(f"Barnehage nummer {number}", visibility="internal")
    with CaptureQueriesContext(connection) as many:
        html = client.get(URL, {"q": "barnehage"}).content.decode()
    assert "30 treff" in html
    assert len(many.captured_queries) == len(few.captured_queries)


def test_header_has_a_labelled_search_box_on_other_pages(client, db):
    html = client.get(reverse("core:about")).content.decode()
    assert '<form class="site-search" role="search" method="get" action="/sok/"' in html
    assert '<label for="site-search-q" class="visually-hidden">' in html
    assert 'id="site-search-q" name="q"' in html


def test_header_search_box_is_not_repeated_on_the_search_page(client, db):
    html = client.get(URL).content.decode()
    assert "site-search" not in html
    assert html.count('role="search"') == 1
