"""Roster pages: thin views over the selectors; every object is loaded through scoping."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from baolian.accounts.scoping import get_for_user, scope_of
from baolian.dashboard.cache import cached
from baolian.dashboard.selectors import scope_key
from baolian.roster import selectors
from baolian.roster.models import Community, Leader, Street, Unit
from baolian.roster.rules import can_see_phone_of_unit, unit_phone_for
from baolian.web.lists import list_page, paginate, query_text


@login_required
def street_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.street_list(user=request.user, q=query_text(request))

    def community_counts(streets: list[Street]) -> None:
        selectors.attach_community_counts(streets, user=request.user)

    return list_page(request, "web/street_list.html", rows, decorate=community_counts)


@login_required
def street_detail(request: HttpRequest, pk: int) -> HttpResponse:
    street = get_for_user(request.user, Street.objects.all(), pk)
    page = paginate(request, selectors.community_list(user=request.user, street=street))
    context = {
        "street": street,
        "communities": page.object_list,
        "page": page,
        "partial_view": not scope_of(request.user).sees_everything,
    }
    return render(request, "web/street_detail.html", context)


@login_required
def community_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.community_list(user=request.user, q=query_text(request))
    return list_page(request, "web/community_list.html", rows)


@login_required
def community_detail(request: HttpRequest, pk: int) -> HttpResponse:
    community = get_for_user(request.user, Community.objects.select_related("street"), pk)
    pairings = selectors.pairings_of(user=request.user, community=community)
    return render(
        request, "web/community_detail.html", {"community": community, "pairings": pairings}
    )


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.unit_list(user=request.user, q=query_text(request))

    def pairing_counts(units: list[Unit]) -> None:
        selectors.attach_shown_pairings(units, user=request.user)

    return list_page(request, "web/unit_list.html", rows, decorate=pairing_counts)


@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_for_user(request.user, Unit.objects.all(), pk)
    pairings = selectors.pairings_of(user=request.user, unit=unit)
    context = {
        "unit": unit,
        "pairings": pairings,
        "phone": unit_phone_for(request.user, unit),
        "phone_whole": can_see_phone_of_unit(request.user, unit),
    }
    return render(request, "web/unit_detail.html", context)


@login_required
def leader_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.leader_list(user=request.user, q=query_text(request))

    def led_units(leaders: list[Leader]) -> None:
        # Which units a leader leads is read from every pairing of the page's leaders (a
        # province's 50,000): kept between writes, as the dashboard keeps its figures.
        ids = [leader.pk for leader in leaders]
        scope = scope_key(scope_of(request.user))
        found = cached(
            f"led-units:{scope}:{timezone.localdate()}:{ids}",
            lambda: selectors.led_units_of(ids, user=request.user),
        )
        selectors.attach_led_units(leaders, user=request.user, found=found)

    return list_page(request, "web/leader_list.html", rows, decorate=led_units)


@login_required
def leader_detail(request: HttpRequest, pk: int) -> HttpResponse:
    leader = get_for_user(request.user, Leader.objects.all(), pk)
    pairings = selectors.pairings_of(user=request.user, leader=leader)
    return render(request, "web/leader_detail.html", {"leader": leader, "pairings": pairings})
