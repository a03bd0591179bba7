"""Finding a method: the list's filters (a plain GET form), pagination, bad input and the query count."""

import pytest
from django.urls import reverse

from ideverkstedet.accounts.models import Role
from ideverkstedet.methods.models import Method
from ideverkstedet.methods.selectors import MethodFilter, filter_methods
from ideverkstedet.methods.tests.factories import MethodFactory
from ideverkstedet.methods.views import METHODS_PER_PAGE

pytestmark = pytest.mark.django_db

URL = reverse("methods:method_list")


def slugs(response) -> set[str]:
    return {method.slug for method in response.context["methods"]}


def test_tenke_within_45_minutes_for_6_to_10_people_finds_the_fitting_cards(client, method_library):
    response = client.get(URL, {"fase": "tenke", "minutter": 45, "personer_fra": 6, "personer_til": 10})
    assert response.status_code == 200
    assert slugs(response) == {"hvordan-kan-vi", "problemdefinisjon", "antakelseskart", "mulighetskart"}
    assert "4 metoder passer" in response.text


def test_every_result_of_a_filter_really_fits(method_library):
    wanted = MethodFilter(phase="skape", max_minutes=30, people_from=4, people_to=12)
    found = list(filter_methods(wanted))
    assert found
    for method in found:
        assert "skape" in method.phases
        assert method.duration_min <= 30
        assert method.group_min <= 4 and method.group_max >= 12


def test_phase_filter_matches_the_phase_not_a_substring(no_methods):
    MethodFactory(slug="tenk", phases=["tenke"])
    MethodFactory(slug="del", phases=["dele", "skape"])
    assert {m.slug for m in filter_methods(MethodFilter(phase="dele"))} == {"del"}
    assert {m.slug for m in filter_methods(MethodFilter(phase="tenke"))} == {"tenk"}


def test_time_available_shows_methods_whose_shortest_version_fits(no_methods):
    MethodFactory(slug="kort", duration_min=15, duration_max=30)
    MethodFactory(slug="akkurat", duration_min=45, duration_max=90)
    MethodFactory(slug="lang", duration_min=46, duration_max=90)
    assert {m.slug for m in filter_methods(MethodFilter(max_minutes=45))} == {"kort", "akkurat"}


def test_group_size_range_needs_a_method_that_works_for_the_whole_range(no_methods):
    MethodFactory(slug="liten", group_min=2, group_max=6)
    MethodFactory(slug="middels", group_min=3, group_max=10)
    MethodFactory(slug="stor", group_min=8, group_max=30)
    assert {m.slug for m in filter_methods(MethodFilter(people_from=6, people_to=10))} == {"middels"}
    # One number is a group of exactly that size; a reversed range is read the right way round.
    assert {m.slug for m in filter_methods(MethodFilter(people_from=6))} == {"liten", "middels"}
    assert {m.slug for m in filter_methods(MethodFilter(people_from=10, people_to=6))} == {"middels"}


def test_difficulty_and_search_in_any_language(no_methods):
    MethodFactory(slug="a", name="Empatikart", name_en="Empathy map", difficulty="easy")
    MethodFactory(slug="b", name="Service blueprint", difficulty="hard")
    assert {m.slug for m in filter_methods(MethodFilter(difficulty="hard"))} == {"b"}
    assert {m.slug for m in filter_methods(MethodFilter(query="empathy"))} == {"a"}


def test_unpublished_methods_are_not_listed(client, no_methods):
    MethodFactory(slug="skjult", is_published=False)
    MethodFactory(slug="synlig")
    assert slugs(client.get(URL)) == {"synlig"}
    assert client.get(reverse("methods:method_detail", args=["skjult"])).status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        {"fase": "sove"},
        {"minutter": "mange"},
        {"minutter": "-5"},
        {"minutter": "99999999999999999999"},
        {"personer_fra": "0"},
        {"personer_til": "1e9"},
        {"niva": "ekspert"},
        {"q": "x" * 500},
        {"side": "abc"},
        {"side": "-1"},
        {"side": "9999"},
        {"q": "\x00"},
    ],
)
def test_bad_filter_input_is_reported_never_a_server_error(client, method_library, query):
    response = client.get(URL, query)
    assert response.status_code == 200
    # The fields that made sense still filter; the page keeps working.
    assert response.context["page"].paginator.count >= 0


def test_bad_filter_value_is_shown_as_an_error_tied_to_its_field(client, method_library):
    response = client.get(URL, {"minutter": "mange", "fase": "tenke"})
    assert 'aria-invalid="true"' in response.text
    assert "filter_minutter_error" in response.text
    # The phase still filtered.
    assert all("tenke" in method.phases for method in response.context["methods"])


def test_list_is_paginated_and_keeps_the_filters_in_the_page_links(client, method_library):
    total = Method.objects.published().count()
    response = client.get(URL, {"niva": ""})
    assert len(response.context["methods"]) == min(METHODS_PER_PAGE, total)
    assert "side=2" in response.text and "niva=" in response.text
    second = client.get(URL, {"side": 2})
    assert slugs(second).isdisjoint(slugs(response))


def test_the_filter_form_works_without_javascript(client, method_library):
    html = client.get(URL).text
    assert f'<form method="get" action="{URL}"' in html
    assert 'name="fase"' in html and 'name="minutter"' in html and 'name="personer_fra"' in html


@pytest.mark.parametrize("how_many", [3, 30])
def test_method_list_query_count_is_constant(
    client, make_user, no_methods, django_assert_max_num_queries, how_many
):
    MethodFactory.create_batch(how_many)
    client.force_login(make_user(Role.EMPLOYEE))
    # session, user, two permission look-ups and unread notifications (base.html), count, one page of cards
    with django_assert_max_num_queries(7):
        response = client.get(URL, {"fase": "tenke", "minutter": 90})
    assert response.status_code == 200


@pytest.mark.parametrize("how_many", [3, 30])
def test_printable_cards_query_count_is_constant(client, no_methods, django_assert_max_num_queries, how_many):
    MethodFactory.create_batch(how_many)
    with django_assert_max_num_queries(2):
        response = client.get(reverse("methods:method_print_all"))
    assert response.text.count('class="print-card"') == how_many


def test_the_method_search_uses_the_sites_norwegian_stemming(client, method_library):
    """ "brukertestene" finds Brukertest through the site's search index, which the migration filled."""
    response = client.get(reverse("methods:method_list"), {"q": "brukertestene"})
    assert response.status_code == 200
    assert reverse("methods:method_detail", args=["brukertest"]) in response.text
    site = client.get(reverse("search:search"), {"q": "brukertestene", "type": "method"})
    assert reverse("methods:method_detail", args=["brukertest"]) in site.text
