"""The method list's visitors' fragment never lies (core/fragments.py, methods/views.py): right after a method is
added, edited, unpublished or deleted the list shows it; logged-in people never get the visitors' fragment; a
language never gets another's. Each test first loads the list as a visitor, so that what it checks afterwards
would come from the cache if the cache could lie."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ideverkstedet.accounts.models import Role
from ideverkstedet.accounts.tests.factories import user_with_role
from ideverkstedet.methods.models import Method
from ideverkstedet.methods.tests.factories import MethodFactory

pytestmark = pytest.mark.django_db

URL = reverse("methods:method_list")
FILTERED = URL + "?fase=tenke&minutter=45&personer_fra=6&personer_til=10"


def visitor(language: str = "nb") -> Client:
    client = Client()
    if language != "nb":
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def logged_in(role: str = Role.EMPLOYEE) -> Client:
    client = Client()
    client.force_login(user_with_role(role))
    return client


def cached_fragments() -> int:
    return sum(1 for key in cache._cache if ":fragment:methods:" in key)  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def only_these(no_methods):  # type: ignore[no-untyped-def]
    cache.clear()


def test_a_visitor_s_list_is_cached_and_an_edit_shows_at_once():
    method = MethodFactory(name="Lynskisser", phases=["tenke"], duration_min=30, group_min=2, group_max=12)
    assert "Lynskisser" in visitor().get(FILTERED).text
    assert cached_fragments() == 1
    visitor().get(FILTERED)
    assert cached_fragments() == 1  # the second visitor got the same fragment

    method.name, method.duration_min = "Raske skisser", 20
    method.save()
    page = visitor().get(FILTERED).text
    assert "Raske skisser" in page and "Lynskisser" not in page and "20–60 min" in page

    method.duration_min = 50  # no longer fits in 45 minutes
    method.save()
    assert "0 metoder passer" in visitor().get(FILTERED).text


def test_a_new_unpublished_and_deleted_method_show_at_once():
    MethodFactory(name="Først")
    assert "1 metode passer" in visitor().get(URL).text
    second = MethodFactory(name="Andre")
    page = visitor().get(URL).text
    assert "2 metoder passer" in page and "Andre" in page
    second.is_published = False
    second.save()
    page = visitor().get(URL).text
    assert "1 metode passer" in page and "Andre" not in page
    Method.objects.filter(name="Først").delete()
    assert "0 metoder passer" in visitor().get(URL).text


def test_each_page_and_each_filter_has_its_own_fragment():
    for n in range(13):
        MethodFactory(name=f"Metode {n:02d}", phases=["tenke"] if n % 2 else ["skape"])
    first, second = visitor().get(URL).text, visitor().get(URL + "?side=2").text
    assert "Metode 00" in first and "Metode 12" not in first
    assert "Metode 12" in second and "Metode 00" not in second
    skape = visitor().get(URL + "?fase=skape").text
    assert "7 metoder passer" in skape and "Metode 01" not in skape
    assert 'value="skape" selected' in skape  # the form keeps the visitor's choice
    assert 'value="skape" selected' not in visitor().get(URL).text
    assert cached_fragments() == 3


def test_nobody_gets_a_fragment_made_for_another_language_or_a_visitor_s_fragment_when_logged_in():
    MethodFactory(name="Kartlegging", name_nn="Kartlegging (nn)", name_en="Mapping")
    assert "Kartlegging" in visitor().get(URL).text
    english = visitor("en").get(URL).text
    assert "Mapping" in english and "1 method matches" in english and "1 metode passer" not in english
    nynorsk = visitor("nn").get(URL).text
    assert "Kartlegging (nn)" in nynorsk and "Mapping" not in nynorsk
    assert "Mapping" not in visitor().get(URL).text
    assert cached_fragments() == 3

    employee = logged_in().get(URL).text
    assert "Mine opplegg" in employee and "Kartlegging" in employee  # their link, outside the fragment
    assert "Mine opplegg" not in visitor().get(URL).text
    assert cached_fragments() == 3  # nothing stored for the logged-in person


def test_a_search_text_is_never_cached():
    MethodFactory(name="Intervju")
    assert "Intervju" in visitor().get(URL + "?q=intervju").text
    assert cached_fragments() == 0


def test_a_visitor_s_list_from_the_cache_is_one_query_whatever_the_number_of_methods(
    django_assert_num_queries,
):
    employee = logged_in()
    employee.get(URL)  # the session and the page chrome's first reads
    logged_in_counts = []
    for total in (2, 12):
        MethodFactory.create_batch(total - Method.objects.count())
        with django_assert_num_queries(3):  # the versions, the count and the page
            assert f"{total} metoder passer" in visitor().get(URL).text
        with django_assert_num_queries(1):  # the versions
            assert f"{total} metoder passer" in visitor().get(URL).text
        with CaptureQueriesContext(connection) as queries:
            assert f"{total} metoder passer" in employee.get(URL).text
        logged_in_counts.append(len(queries))
    assert logged_in_counts[0] == logged_in_counts[1]


def filter_field_entries() -> int:
    return sum(1 for key in cache._cache if ":filter-fields:" in key)  # type: ignore[attr-defined]


def test_the_cached_filter_fields_keep_the_query_and_language_and_never_store_errors():
    """The filter fields' HTML (methods/list_html.py) is keyed on the language and the query: a logged-in person
    (who gets no fragment) sees their own choices, and a form with errors is rendered afresh."""
    employee = logged_in()
    assert 'value="tenke" selected' in employee.get(URL + "?fase=tenke").text
    assert 'value="tenke" selected' not in employee.get(URL).text
    assert (
        'value="tenke" selected' in employee.get(URL + "?fase=tenke&side=2").text
    )  # the page is not a filter
    assert filter_field_entries() == 2
    english = Client()
    english.force_login(user_with_role(Role.EMPLOYEE, language="en"))
    assert "All phases" in english.get(URL).text and "Alle faser" in employee.get(URL).text
    assert filter_field_entries() == 3
    bad = employee.get(URL + "?minutter=abc").text
    assert 'aria-invalid="true"' in bad
    assert filter_field_entries() == 3 and 'aria-invalid="true"' not in employee.get(URL).text
