"""What every list page shares: the filter text, pagination, the table-only htmx answer."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.paginator import Page
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from baolian.accounts.scoping import scope_of
from baolian.lib.paging import Paginator


def query_text(request: HttpRequest) -> str:
    # PostgreSQL refuses NUL in text; nobody types one, so it is dropped rather than an error.
    return request.GET.get("q", "").replace("\x00", "").strip()[:50]


def paginate(request: HttpRequest, rows: QuerySet) -> Page:
    """One page of `rows`; a missing, malformed or too large page number gives a real page."""
    return Paginator(rows, settings.BAOLIAN_PAGE_SIZE).get_page(request.GET.get("page"))


def list_page(
    request: HttpRequest,
    template: str,
    rows: QuerySet,
    decorate: Callable[[list], object] | None = None,
    **extra: object,
) -> HttpResponse:
    # htmx search-as-you-type swaps only the table; when htmx restores a pushed URL missing
    # from its history cache it asks again with both headers and wants the whole page.
    if request.headers.get("HX-Request") == "true" and not request.headers.get(
        "HX-History-Restore-Request"
    ):
        template = template.replace(".html", "_rows.html")
    page = paginate(request, rows)
    shown = list(page.object_list)
    if decorate is not None:
        decorate(shown)  # what the page's rows show beside themselves, loaded for them only
    context = {
        "rows": shown,
        "page": page,
        "q": query_text(request),
        # A leader who sees 1 of 11 communities must not take it for the whole street.
        "partial_view": not scope_of(request.user).sees_everything,
        **extra,
    }
    response = render(request, template, context)
    # One URL answers a page or a table: the browser's cache must not hand one for the other.
    patch_vary_headers(response, ["HX-Request"])
    return response
