"""Reads of the roster for pages, always through the scoping helper."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from baolian.accounts.models import User
from baolian.accounts.scoping import SEES_EVERYTHING, role_of, scope_of, visible
from baolian.lib.queries import ids_in
from baolian.lib.text import community_key, name_key
from baolian.roster.models import (
    Community,
    Leader,
    Pairing,
    PairingState,
    Street,
    Unit,
    pairing_state,
)


def _search(queryset: QuerySet, q: str, keyed: Callable[[str], str] = name_key) -> QuerySet:
    """Rows whose name contains `q`, compared the way imports compare names.

    `contains`, not `icontains`, for text without Latin letters (nearly every search): the
    keys are already case-folded (and `q` is keyed the same way). PostgreSQL's ILIKE upper-cases
    every row's text first, 2-5x slower over a province's roster, and misjudges how many rows
    match (it sorted all 50,000 communities that 社区 matches instead of walking the roster
    order for the first 50)."""
    q = (q or "").strip()
    if not q:
        return queryset
    return queryset.filter(_name_has(q) | Q(key__contains=keyed(q)))


def _name_has(q: str, field: str = "name") -> Q:
    """`field` contains `q`: ignoring case only when `q` has letters with a case (Latin), as
    the key does not always hold a name's text (居委会 is keyed 社区)."""
    cased = q.lower() != q.upper()
    return Q(**{f"{field}__icontains" if cased else f"{field}__contains": q})


def _pairings(user: User) -> QuerySet[Pairing]:
    return visible(user, Pairing.objects.select_related("unit", "community__street", "leader"))


def street_list(*, user: User, q: str = "") -> QuerySet[Street]:
    """Streets; `attach_community_counts` gives each street of a page its count."""
    return _search(visible(user, Street.objects.all()), q)


def attach_community_counts(streets: list[Street], *, user: User) -> None:
    """Set `community_count` (the communities the user may see) on each street of a page:
    counted for these streets only, not for every street before the page is cut."""
    counts = dict(
        visible(user, Community.objects.filter(street__in=[s.pk for s in streets]))
        .values_list("street_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for street in streets:
        street.community_count = counts.get(street.pk, 0)  # type: ignore[attr-defined]


# Lists show a few fields of each row's pairings; loading whole rows (and the rows they
# point to) for every pairing of a page is what made the lists slow on a big roster.
PAIRING_DATES = ("id", "unit_id", "community_id", "leader_id", "started_on", "ended_on")


def community_list(*, user: User, q: str = "", street: Street | None = None) -> QuerySet[Community]:
    q = (q or "").strip()
    scope = scope_of(user)
    rows: QuerySet[Community]
    if q and not scope.sees_everything and scope.street_id is None:
        # A searched text's matches cannot be counted in advance (社区 matches every
        # community): PostgreSQL guessed few and tested each of a province's communities
        # against the user's pairings (110 ms for a leader). The user's own are known: start
        # from them. The same rows as `visible`.
        rows = Community.objects.select_related("street").filter(ids_in("pk", scope.community_ids))
    else:
        rows = visible(user, Community.objects.select_related("street"))
    if street is not None:
        rows = rows.filter(street=street)
    if q:
        # A community is also found by its street's name: 东城 lists every community of 东城街道.
        rows = rows.filter(  # `contains` on names and case-folded keys: see _search
            _name_has(q)
            | Q(key__contains=community_key(q))
            | _name_has(q, "street__name")
            | Q(street__key__contains=name_key(q))
        )
    pairings = visible(user, Pairing.objects.select_related("unit", "leader")).only(
        *PAIRING_DATES, "unit__name", "leader__name"
    )
    return rows.prefetch_related(
        Prefetch("pairings", queryset=pairings, to_attr="visible_pairings")
    )


# A list's cell names this many communities of a unit; the unit's own page lists them all.
UNIT_COMMUNITIES_SHOWN = 10


def unit_list(*, user: User, q: str = "") -> QuerySet[Unit]:
    """Units; `attach_shown_pairings` gives each unit of a page its first communities."""
    return _search(visible(user, Unit.objects.all()), q)


@dataclass
class PairedCommunity:
    community_id: int
    name: str
    state: PairingState


def attach_shown_pairings(units: list[Unit], *, user: User) -> None:
    """Set `shown_pairings` (the first UNIT_COMMUNITIES_SHOWN communities of each unit of a
    page, in roster order) and `pairing_count` (all the pairings the user may see), for
    these units only. One query of plain values: a page is 50 units × 10 communities, and
    building 1,000 model instances for it took longer than the rest of the page."""
    today = timezone.localdate()
    by_unit = F("unit_id")
    rows = (
        visible(user, Pairing.objects.filter(unit__in=[unit.pk for unit in units]))
        .annotate(
            place=Window(
                RowNumber(),
                partition_by=by_unit,
                order_by=[F("community__street__sort_order"), F("community__sort_order")],
            ),
            total=Window(Count("pk"), partition_by=by_unit),
        )
        .filter(place__lte=UNIT_COMMUNITIES_SHOWN)
        .order_by("unit_id", "place")
        .values_list(
            "unit_id", "community_id", "community__name", "started_on", "ended_on", "total"
        )
    )
    shown: dict[int, list[PairedCommunity]] = {unit.pk: [] for unit in units}
    totals: dict[int, int] = {}
    for unit_id, community_id, name, started_on, ended_on, total in rows:
        state = pairing_state(started_on, ended_on, today)
        shown[unit_id].append(PairedCommunity(community_id, name, state))
        totals[unit_id] = total
    for unit in units:
        unit.shown_pairings = shown[unit.pk]  # type: ignore[attr-defined]
        unit.pairing_count = totals.get(unit.pk, 0)  # type: ignore[attr-defined]


def leader_list(*, user: User, q: str = "") -> QuerySet[Leader]:
    """Leaders; `attach_led_units` gives each leader of a page its units."""
    return _search(visible(user, Leader.objects.all()), q)


# A list's cell names this many units; the leader's own page lists them all.
LED_UNITS_SHOWN = 10


@dataclass
class LedUnit:
    unit_id: int
    name: str
    state: PairingState  # ACTIVE if any of its pairings under the leader is in force


# Plain tuples (unit id, name, state value): they are cached, and unpickling 500 dataclasses
# holding enums took longer than the rest of the page.
LedUnits = dict[int, tuple[list[tuple[int, str, str]], int]]


def led_units_of(leader_ids: list[int], *, user: User) -> LedUnits:
    """For each leader: the first LED_UNITS_SHOWN units they lead that the user may see, in
    roster order, each with one state, and how many more there are. One grouped query,
    whatever the number of pairings (it reads them all: callers cache it between writes)."""
    today = timezone.localdate()
    in_force = Q(started_on__lte=today) & (Q(ended_on__isnull=True) | Q(ended_on__gte=today))
    rows = (
        visible(user, Pairing.objects.filter(leader__in=leader_ids))
        .values("leader_id", "unit_id", "unit__name", "unit__sort_order")
        .annotate(
            active=Count("pk", filter=in_force),
            upcoming=Count("pk", filter=Q(started_on__gt=today)),
        )
        .order_by("unit__sort_order", "unit_id")
    )
    led: dict[int, list[tuple[int, str, str]]] = {pk: [] for pk in leader_ids}
    counts: dict[int, int] = dict.fromkeys(led, 0)
    for row in rows:
        counts[row["leader_id"]] += 1
        if counts[row["leader_id"]] > LED_UNITS_SHOWN:
            continue
        state = (
            PairingState.ACTIVE
            if row["active"]
            else PairingState.UPCOMING
            if row["upcoming"]
            else PairingState.ENDED
        )
        led[row["leader_id"]].append((row["unit_id"], row["unit__name"], state.value))
    return {pk: (shown, counts[pk] - len(shown)) for pk, shown in led.items()}


_STATES = {state.value: state for state in PairingState}  # PairingState(v) is slow, 500 a page


def attach_led_units(leaders: list[Leader], *, user: User, found: LedUnits | None = None) -> None:
    """Set `led_units` and `led_units_more` on each leader of a page (`led_units_of`, or
    `found` when the caller kept it)."""
    if found is None:
        found = led_units_of([leader.pk for leader in leaders], user=user)
    for leader in leaders:
        units, more = found[leader.pk]
        leader.led_units = [LedUnit(pk, name, _STATES[state]) for pk, name, state in units]  # type: ignore[attr-defined]
        leader.led_units_more = more  # type: ignore[attr-defined]


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
