from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from baolian.roster import selectors
from baolian.web.lists import query_text


@login_required
def search(request: HttpRequest) -> HttpResponse:
    q = query_text(request)
    results = {}
    if q:
        results = {
            "streets": selectors.street_list(user=request.user, q=q)[:20],
            "communities": selectors.community_list(user=request.user, q=q)[:50],
            "units": selectors.unit_list(user=request.user, q=q)[:50],
            "leaders": selectors.leader_list(user=request.user, q=q)[:20],
        }
    return render(request, "web/search.html", {"q": q, "results": results})
