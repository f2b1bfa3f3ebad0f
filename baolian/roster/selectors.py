"""Reads of the roster for pages, always through the scoping helper."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from baolian.accounts.models import User
from baolian.accounts.scoping import SEES_EVERYTHING, role_of, visible
from baolian.lib.text import community_key, name_key
from baolian.roster.models import Community, Leader, Pairing, Street, Unit


def _search(queryset: QuerySet, q: str, keyed: Callable[[str], str] = name_key) -> QuerySet:
    """Rows whose name contains `q`, compared the way imports compare names."""
    q = (q or "").strip()
    if not q:
        return queryset
    return queryset.filter(Q(name__icontains=q) | Q(key__icontains=keyed(q)))


def _pairings(user: User) -> QuerySet[Pairing]:
    return visible(user, Pairing.objects.select_related("unit", "community__street", "leader"))


def street_list(*, user: User, q: str = "") -> QuerySet[Street]:
    communities = visible(user, Community.objects.all())
    return (
        _search(visible(user, Street.objects.all()), q)
        .annotate(
            community_count=Count(
                "communities", filter=Q(communities__in=communities), distinct=True
            )
        )
        .order_by("sort_order", "id")
    )  # an aggregate drops Meta.ordering


def community_list(*, user: User, q: str = "", street: Street | None = None) -> QuerySet[Community]:
    rows = visible(user, Community.objects.select_related("street"))
    if street is not None:
        rows = rows.filter(street=street)
    q = (q or "").strip()
    if q:
        # A community is also found by its street's name: 东城 lists every community of 东城街道.
        rows = rows.filter(
            Q(name__icontains=q)
            | Q(key__icontains=community_key(q))
            | Q(street__name__icontains=q)
            | Q(street__key__icontains=name_key(q))
        )
    return rows.prefetch_related(
        Prefetch("pairings", queryset=_pairings(user), to_attr="visible_pairings")
    )


def unit_list(*, user: User, q: str = "") -> QuerySet[Unit]:
    return _search(visible(user, Unit.objects.all()), q).prefetch_related(
        Prefetch("pairings", queryset=_pairings(user), to_attr="visible_pairings")
    )


def leader_list(*, user: User, q: str = "") -> QuerySet[Leader]:
    return _search(visible(user, Leader.objects.all()), q).prefetch_related(
        Prefetch("pairings", queryset=_pairings(user), to_attr="visible_pairings")
    )


OWN_PAIRINGS_SHOWN = 50


def own_pairings(*, user: User) -> list[Pairing]:
    """The pairings a bound user's work is about (none for roles that see the whole city)."""
    if role_of(user) in SEES_EVERYTHING or role_of(user) is None:
        return []
    return list(_pairings(user)[:OWN_PAIRINGS_SHOWN])


def pairings_of(*, user: User, **filters: object) -> QuerySet[Pairing]:
    return _pairings(user).filter(**filters)


@dataclass
class RosterCounts:
    streets: int
    communities: int
    units: int
    leaders: int
    pairings: int


def roster_counts(*, user: User) -> RosterCounts:
    return RosterCounts(
        streets=visible(user, Street.objects.all()).count(),
        communities=visible(user, Community.objects.all()).count(),
        units=visible(user, Unit.objects.all()).count(),
        leaders=visible(user, Leader.objects.all()).count(),
        pairings=visible(user, Pairing.objects.all()).count(),
    )
