from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from baolian.accounts.scoping import scope_of
from baolian.roster import selectors


@login_required
def home(request: HttpRequest) -> HttpResponse:
    counts = selectors.roster_counts(user=request.user)
    # A liaison, community, street or leader gets their own pairings at once: the answer to
    # "which community is mine and who leads it" without a search.
    mine = selectors.own_pairings(user=request.user)
    context = {
        "counts": counts,
        "own_pairings": mine,
        "partial_view": not scope_of(request.user).sees_everything,
    }
    return render(request, "web/home.html", context)
