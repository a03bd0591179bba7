from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ideverkstedet.core.bounds import page_number
from ideverkstedet.core.permissions import authorize
from ideverkstedet.search.forms import SearchForm
from ideverkstedet.search.selectors import search

RESULTS_PER_PAGE = 20


def _page_number(raw: str | None) -> int:
    return page_number(raw)


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("side", None)
    return query.urlencode()


@authorize("search.search", public=True)
def search_page(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    form.is_valid()  # a query with NUL characters is reported and not searched
    query = form.query()
    page: Page | None = None
    if query:
        number = _page_number(request.GET.get("side"))
        hits, total = search(
            request.user,
            query,
            kinds=form.kinds(),
            limit=RESULTS_PER_PAGE,
            offset=(number - 1) * RESULTS_PER_PAGE,
        )
        # Like Paginator.get_page: a page past the end shows the last one.
        last = max(1, -(-total // RESULTS_PER_PAGE))
        if number > last:
            number = last
            hits, total = search(
                request.user,
                query,
                kinds=form.kinds(),
                limit=RESULTS_PER_PAGE,
                offset=(number - 1) * RESULTS_PER_PAGE,
            )
        # The selector already counted and sliced; the Paginator only does the page arithmetic for the template.
        page = Page(hits, number, Paginator(range(total), RESULTS_PER_PAGE))
    return render(
        request,
        "search/search.html",
        {"form": form, "query": query, "page": page, "pagination_query": _query_without_page(request)},
    )
