"""Roster pages: thin views over the selectors; every object is loaded through scoping."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import content_disposition_header

from baolian.accounts.scoping import can_export_roster, get_for_user
from baolian.lib.xlsx import write_xlsx
from baolian.roster import selectors
from baolian.roster.exporters import workbook_sheets
from baolian.roster.models import Community, Leader, Street, Unit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _q(request: HttpRequest) -> str:
    # PostgreSQL refuses NUL in text; nobody types one, so it is dropped rather than an error.
    return request.GET.get("q", "").replace("\x00", "").strip()[:50]


def _list_page(request: HttpRequest, template: str, rows: object, **extra: object) -> HttpResponse:
    # htmx search-as-you-type swaps only the table; when htmx restores a pushed URL missing
    # from its history cache it asks again with both headers and wants the whole page.
    if request.headers.get("HX-Request") == "true" and not request.headers.get(
        "HX-History-Restore-Request"
    ):
        template = template.replace(".html", "_rows.html")
    response = render(request, template, {"rows": rows, "q": _q(request), **extra})
    # One URL answers a page or a table: the browser's cache must not hand one for the other.
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
def home(request: HttpRequest) -> HttpResponse:
    counts = selectors.roster_counts(user=request.user)
    # A liaison, community, street or leader gets their own pairings at once: the answer to
    # "which community is mine and who leads it" without a search.
    mine = selectors.own_pairings(user=request.user)
    return render(request, "web/home.html", {"counts": counts, "own_pairings": mine})


@login_required
def street_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.street_list(user=request.user, q=_q(request))
    return _list_page(request, "web/street_list.html", rows)


@login_required
def street_detail(request: HttpRequest, pk: int) -> HttpResponse:
    street = get_for_user(request.user, Street.objects.all(), pk)
    communities = selectors.community_list(user=request.user, street=street)
    return render(request, "web/street_detail.html", {"street": street, "communities": communities})


@login_required
def community_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.community_list(user=request.user, q=_q(request))
    return _list_page(request, "web/community_list.html", rows)


@login_required
def community_detail(request: HttpRequest, pk: int) -> HttpResponse:
    community = get_for_user(request.user, Community.objects.select_related("street"), pk)
    pairings = selectors.pairings_of(user=request.user, community=community)
    return render(
        request, "web/community_detail.html", {"community": community, "pairings": pairings}
    )


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.unit_list(user=request.user, q=_q(request))
    return _list_page(request, "web/unit_list.html", rows)


@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_for_user(request.user, Unit.objects.all(), pk)
    pairings = selectors.pairings_of(user=request.user, unit=unit)
    return render(request, "web/unit_detail.html", {"unit": unit, "pairings": pairings})


@login_required
def leader_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.leader_list(user=request.user, q=_q(request))
    return _list_page(request, "web/leader_list.html", rows)


@login_required
def leader_detail(request: HttpRequest, pk: int) -> HttpResponse:
    leader = get_for_user(request.user, Leader.objects.all(), pk)
    pairings = selectors.pairings_of(user=request.user, leader=leader)
    return render(request, "web/leader_detail.html", {"leader": leader, "pairings": pairings})


@login_required
def search(request: HttpRequest) -> HttpResponse:
    q = _q(request)
    results = {}
    if q:
        results = {
            "streets": selectors.street_list(user=request.user, q=q)[:20],
            "communities": selectors.community_list(user=request.user, q=q)[:50],
            "units": selectors.unit_list(user=request.user, q=q)[:50],
            "leaders": selectors.leader_list(user=request.user, q=q)[:20],
        }
    return render(request, "web/search.html", {"q": q, "results": results})


@login_required
def roster_export(request: HttpRequest) -> HttpResponse:
    if not can_export_roster(request.user):
        raise PermissionDenied
    content = write_xlsx(workbook_sheets(request.user))
    stamp = timezone.localdate().strftime("%Y%m%d")
    return xlsx_response(content, f"包联名册_{stamp}.xlsx")
