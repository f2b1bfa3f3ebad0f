"""Every figure of every report: the counting rules of DESIGN §4 in one module.

Pages, exports, the API, the dashboard and the bulletin call `period_metrics()` (or
`cutoff_metrics()`), and `metrics_json()` for the JSON of DESIGN §5; the dashboard's charts
`monthly_metrics()` (each month's numbers as `period_metrics` of that month, in three grouped
queries) and `flags_by_kind()`, the dashboard itself `period_and_monthly_metrics()` (both
from one scan of the visits); the problem pages `problem_figures*()`. Nothing else counts.
Counting happens in the database (grouped aggregates): the period's visits are read once,
grouped by unit, community, leader and month, and every visit figure is a sum over those
rows; Python only combines the grouped rows and the pairing dates.

Decisions where DESIGN §4 leaves room (tested in tests/oversight/):

- Rows deleted softly (`deleted_at` set) never count.
- `units_total`: units with at least one pairing active on a day of the period. Per-unit rows
  are these units, in roster order (`Unit.sort_order`).
- Judged part and months: the union of the unit's pairing intervals clipped to the period;
  each calendar month counts overlap_days / days_in_month (exact `Fraction`).
  `average` = visits dated inside the judged part ÷ its months. `visits` = all its visits
  dated inside the period (a visit outside every pairing is still a visit, it only does not
  count towards the average).
- A calendar month *met the quota* when the unit's visits in the judged days of that month
  ≥ quota × the judged fraction of that month (a month judged in full needs the whole quota,
  a half month half of it).
- Docking: a unit has docked when every community of its pairings active in the period has at
  least one visit from it dated on or before the period's end (any earlier date counts).
- `units_total`, `units_docked`: integers. `units_not_docked`, `units_meeting_quota`,
  `units_below_low_line`, `top_fund_units`: names in roster order.
- `top_fund_units`: the units whose invested funds in the period are the largest three amounts
  (ties at the third place all included; none with nothing invested), listed in roster order.
- Streets/communities total: those with a pairing active in the period; visited: those with a
  visit dated in the period.
- Leader-led visits: visits led by a municipal leader (`Visit.leader` set). The unit head
  leading is counted apart (`unit_head_led`).
- Late: the calendar date of `reported_at` in the site's time zone (Asia/Shanghai) minus the
  visit date is more than the allowed days (3 days after: on time; 4: late). A visit imported
  without 上报时间 has the import's time as `reported_at` and `reported_at_known` false: its
  lag is unknown and it is never counted late.
- Flagged: visits dated in the period with an evidence flag an inspector has not accepted.
- Funds: invested = amounts of measures of any category, state not planned, dated in the
  period; pledged = planned ones. Exact decimals in yuan.
- Problems: found = found_on in the period; closed = state closed and closed on a day of the
  period (`closed_on`, the verification date, else `rectified_on` for a closed row without it);
  overdue = found by the period's end, deadline before the period's end and not closed by the
  period's end (a problem closed later was still overdue at that end: a past period's report
  does not change when later work is recorded). Per unit: the problems of the communities of
  its pairings active in the period (the unit helps its communities list and clear them).
- Scope: with a scope, units, communities, streets and leaders are those of the pairings the
  scope sees, and visits, measures and problems those it sees (`visible_to`).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from functools import cached_property, lru_cache
from typing import Any

from django.db import connection
from django.db.models import (
    Count,
    Exists,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import Coalesce

from baolian.accounts.scoping import Scope
from baolian.oversight.periods import (
    MonthSlice,
    clip_union,
    judged_slices,
    month_slices,
    months_between,
    months_of,
)
from baolian.problems.models import Problem, ProblemState
from baolian.roster.models import CampaignSettings, Community, Leader, Pairing, Street, Unit
from baolian.support.models import MeasureState, SupportMeasure
from baolian.visits.models import FlagMonth, FlagReview, Visit, VisitFlag, VisitMonth
from baolian.visits.months import MonthIndex, grouped
from baolian.visits.months import month_index as _month_index

TOP_FUND_PLACES = 3
ZERO = Decimal("0.00")


# --- rows ---------------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _fraction(value: Decimal) -> Fraction:
    return Fraction(value)


def _average_at_least(visits: int, months: Fraction, value: Decimal) -> bool:
    """visits ÷ months ≥ value (months > 0), exactly."""
    v = _fraction(value)
    return visits * months.denominator * v.denominator >= v.numerator * months.numerator


@dataclass
class UnitRow:
    unit_id: int
    name: str
    sort_order: int
    communities: list[str]  # of its pairings active in the period, roster order
    communities_not_docked: list[str]
    leaders: list[str]
    months: Fraction  # judged months
    visits: int = 0  # dated in the period
    visits_judged: int = 0  # dated in the judged part
    months_counted: int = 0  # calendar months overlapped by the judged part
    months_met: int = 0
    leader_led: int = 0
    unit_head_led: int = 0
    activities: int = 0
    late: int = 0
    flagged: int = 0
    invested: Decimal = ZERO
    pledged: Decimal = ZERO
    support_idle: int = 0  # planned measures not followed up
    problems_found: int = 0
    problems_closed: int = 0
    problems_overdue: int = 0
    last_visit_on: date | None = None
    quota: Decimal = Decimal(3)
    low_line: Decimal = Decimal(1)

    @property
    def docked(self) -> bool:
        return not self.communities_not_docked

    @cached_property
    def average(self) -> Fraction | None:
        """Visits per month over the judged part; None when nothing was judged."""
        if not self.months:
            return None
        return Fraction(self.visits_judged) / self.months

    # Cached like `average` (asked once per list a unit appears in: headline, leaders, ranks).
    # Both compare `average` in whole numbers, without building it: a big city's 2,000 units
    # spent 40 ms of every cold dashboard in Fraction arithmetic here.
    @cached_property
    def meets_quota(self) -> bool:
        return bool(self.months) and _average_at_least(self.visits_judged, self.months, self.quota)

    @cached_property
    def below_low_line(self) -> bool:
        return bool(self.months) and not _average_at_least(
            self.visits_judged, self.months, self.low_line
        )

    @property
    def leader_led_share(self) -> Fraction | None:
        return Fraction(self.leader_led, self.visits) if self.visits else None


@dataclass
class StreetRow:
    street_id: int
    name: str
    communities_paired: int = 0
    communities_visited: int = 0
    units: int = 0
    visits: int = 0
    activities: int = 0
    invested: Decimal = ZERO
    pledged: Decimal = ZERO
    problems_found: int = 0
    problems_closed: int = 0
    problems_overdue: int = 0


@dataclass
class CommunityRow:
    community_id: int
    name: str
    street: str
    street_id: int
    units: list[str] = field(default_factory=list)  # paired in the period, roster order
    visits: int = 0
    activities: int = 0
    units_visiting: int = 0
    last_visit_on: date | None = None
    invested: Decimal = ZERO
    pledged: Decimal = ZERO
    problems_found: int = 0
    problems_closed: int = 0
    problems_overdue: int = 0
    problems_open: int = 0  # not closed at the period's end


@dataclass
class LeaderRow:
    leader_id: int
    name: str
    title: str
    units: list[str] = field(default_factory=list)  # led in the period, roster order
    visits_led: int = 0  # visits the leader led personally
    communities_visited: int = 0  # reached on those visits
    units_meeting_quota: list[str] = field(default_factory=list)
    units_below_low_line: list[str] = field(default_factory=list)


@dataclass
class Metrics:
    """The figures of one period. Lists of units are in roster order."""

    start: date
    end: date
    quota: Decimal
    low_line: Decimal
    late_days: int
    units: list[UnitRow]
    streets: list[StreetRow]
    communities: list[CommunityRow]
    leaders: list[LeaderRow]
    streets_total: int
    streets_visited: int
    communities_total: int
    communities_visited: int
    visits_total: int
    activities_total: int
    leader_led_visits: int
    unit_head_led_visits: int
    late_visits: int
    flagged_visits: int
    funds_invested: Decimal
    funds_pledged: Decimal
    support_idle: int
    problems_found: int
    problems_closed: int
    problems_closed_on_time: int
    problems_overdue: int
    problems_open: int
    scoped: bool = False

    @property
    def months(self) -> Fraction:
        return months_between(self.start, self.end)

    @property
    def units_total(self) -> int:
        return len(self.units)

    @property
    def units_docked(self) -> int:
        return sum(1 for u in self.units if u.docked)

    @property
    def units_not_docked(self) -> list[str]:
        return [u.name for u in self.units if not u.docked]

    @property
    def units_meeting_quota(self) -> list[str]:
        return [u.name for u in self.units if u.meets_quota]

    @property
    def units_below_low_line(self) -> list[str]:
        return [u.name for u in self.units if u.below_low_line]

    @property
    def units_below_quota(self) -> list[str]:
        return [u.name for u in self.units if not u.meets_quota]

    @property
    def units_reporting_late(self) -> list[str]:
        return [u.name for u in self.units if u.late]

    @property
    def units_flagged(self) -> list[str]:
        return [u.name for u in self.units if u.flagged]

    @property
    def units_support_idle(self) -> list[str]:
        return [u.name for u in self.units if u.support_idle]

    @property
    def units_without_leader_led(self) -> list[str]:
        return [u.name for u in self.units if not u.leader_led and not u.unit_head_led]

    @property
    def top_fund_units(self) -> list[str]:
        amounts = sorted((u.invested for u in self.units if u.invested > 0), reverse=True)
        if not amounts:
            return []
        floor = amounts[:TOP_FUND_PLACES][-1]
        return [u.name for u in self.units if u.invested > 0 and u.invested >= floor]

    @property
    def leaders_leading(self) -> list[str]:
        return [r.name for r in self.leaders if r.visits_led]

    @property
    def closure_rate(self) -> Fraction | None:
        """结案率: closed in the period ÷ found in the period (urban case management's
        结案数/立案数; may exceed 1 when older problems are cleared)."""
        return Fraction(self.problems_closed, self.problems_found) if self.problems_found else None

    @property
    def on_time_rate(self) -> Fraction | None:
        """按期结案率: closed on or before their deadline ÷ closed."""
        if not self.problems_closed:
            return None
        return Fraction(self.problems_closed_on_time, self.problems_closed)


# --- the entry points ----------------------------------------------------------------------


def campaign_start() -> date | None:
    """The first day of the campaign: the setting, else the first pairing's start."""
    started = CampaignSettings.load().campaign_started_on
    if started is not None:
        return started
    return Pairing.objects.aggregate(first=Min("started_on"))["first"]


def cutoff_metrics(*, end: date, scope: Scope | None = None) -> Metrics:
    """截至 `end`: from the campaign's start (or `end` itself when nothing has started)."""
    start = campaign_start() or end
    return period_metrics(start=min(start, end), end=end, scope=scope)


def period_metrics(*, start: date, end: date, scope: Scope | None = None) -> Metrics:
    """Every figure of [start, end] (both inclusive), for what `scope` sees (None: all)."""
    if end < start:
        raise ValueError("the period ends before it starts")
    campaign = CampaignSettings.load()
    return _Counter(start, end, _narrowing(scope), campaign).run()


def _narrowing(scope: Scope | None) -> Scope | None:
    """The scope to filter by: None when it sees everything (no filter to apply)."""
    return None if scope is None or scope.sees_everything else scope


# --- how it counts --------------------------------------------------------------------------


def _closed_day() -> Coalesce:
    """The day a problem was closed: the verification date; an imported 已销号 row without
    one was closed by its rectification date at the latest. Querysets using the `Q`s below
    alias it as `closed_day`."""
    return Coalesce("closed_on", "rectified_on")


def _closed_by(end: date) -> Q:
    """Closed on or before `end` (a closed row with no date at all counts as closed)."""
    return Q(state=ProblemState.CLOSED) & (Q(closed_day__isnull=True) | Q(closed_day__lte=end))


def _closed_inside(start: date, end: date) -> Q:
    return Q(state=ProblemState.CLOSED, closed_day__range=(start, end))


_CLOSED_ON_TIME = Q(deadline__isnull=True) | Q(closed_day__lte=F("deadline"))


@lru_cache(maxsize=8192)
def _clipped(
    intervals: tuple[tuple[date, date | None], ...], start: date, end: date
) -> tuple[tuple[date, date], ...]:
    """`clip_union` of a unit's pairings: most units of a city share their pairings' dates."""
    return tuple(clip_union(intervals, start, end))


def _fetch(rows: QuerySet) -> list[tuple]:
    """The rows of a query whose every column is an integer, straight from the cursor,
    without the ORM's per-row conversion (a sizeable part of a big city's scan)."""
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _money(value: Decimal | None) -> Decimal:
    if value is None or value is ZERO:
        return ZERO  # most rows of a big city: nothing given (already two places)
    return value.quantize(Decimal("0.01"))


@dataclass
class _Tally:
    """`_Counter._tally`'s sums, as lists (their order is written where they are summed)."""

    units: dict[int, list[int]] = field(default_factory=dict)
    judged: dict[int, list[int]] = field(default_factory=dict)
    communities: dict[int, list[int]] = field(default_factory=dict)
    pairs: set[tuple[int, int]] = field(default_factory=set)
    leaders: dict[int, list[Any]] = field(default_factory=dict)
    months: dict[int, list[Any]] = field(default_factory=dict)
    judging: bool = True  # False: summed before `_cover`, `judged` holds nothing


class _Counter:
    def __init__(
        self, start: date, end: date, scope: Scope | None, campaign: CampaignSettings
    ) -> None:
        self.start, self.end, self.scope, self.campaign = start, end, scope, campaign
        self.slices: list[MonthSlice] = month_slices(start, end)

    # scoped base querysets
    def _scoped(self, qs: QuerySet) -> QuerySet:
        return qs if self.scope is None else qs.visible_to(self.scope)

    def _among(self, qs: QuerySet, ids: set[int]) -> QuerySet:
        """The rows named by `ids`; for the whole city simply every row, which is as cheap
        and never runs into the database's limit on query parameters."""
        return qs if self.scope is None else qs.filter(pk__in=ids)

    def visits(self) -> QuerySet:
        return self._scoped(Visit.objects.alive().between(self.start, self.end))

    def run(self) -> Metrics:
        pairings = list(
            self._scoped(Pairing.objects.active_between(self.start, self.end)).values(
                "id",
                "unit_id",
                "community_id",
                "community__street_id",
                "leader_id",
                "started_on",
                "ended_on",
            )
        )
        unit_ids = {p["unit_id"] for p in pairings}
        community_ids = {p["community_id"] for p in pairings}
        street_ids = {p["community__street_id"] for p in pairings}
        leader_ids = {p["leader_id"] for p in pairings if p["leader_id"] is not None}

        self._cover(None if self.scope is not None else pairings)
        per_unit_visits = self._visits_per_unit()
        per_community_visits, visited_pairs = self._visits_per_community()
        per_leader_visits = self._visits_per_leader()
        undocked = self._undocked_pairings(pairings, visited_pairs)
        support = self._support_per_unit_community()
        idle = self._support_idle_per_unit()
        problems = self._problems_per_community()

        community_ids |= set(per_community_visits) | {c for _u, c in support} | set(problems)
        # Amounts per unit and per community, summed once (not once per row of the table).
        unit_funds: dict[int, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
        community_funds: dict[int, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
        for (u, c), amounts in support.items():
            for funds in (unit_funds[u], community_funds[c]):
                funds[0] += amounts["invested"]
                funds[1] += amounts["pledged"]
        communities = {
            c["id"]: c
            for c in self._among(Community.objects.all(), community_ids).values(
                "id", "name", "street_id", "street__name", "street__sort_order", "sort_order"
            )
        }
        leader_ids |= set(per_leader_visits)
        units = {
            u["id"]: u
            for u in self._among(Unit.objects.all(), unit_ids).values("id", "name", "sort_order")
        }
        leaders = {
            le["id"]: le
            for le in self._among(Leader.objects.all(), leader_ids).values(
                "id", "name", "title", "sort_order"
            )
        }

        def unit_order(unit_id: int) -> tuple[int, int]:
            return (units[unit_id]["sort_order"], unit_id)

        def community_order(community_id: int) -> tuple[int, int, int]:
            c = communities[community_id]
            return (c["street__sort_order"], c["sort_order"], community_id)

        # --- units
        by_unit: dict[int, list[dict]] = defaultdict(list)
        for p in pairings:
            by_unit[p["unit_id"]].append(p)
        unit_rows: list[UnitRow] = []
        judged_parts: dict[tuple, tuple[Fraction, dict[tuple[int, int], Fraction]]] = {}
        quota, low_line = self.campaign.monthly_quota, self.campaign.low_line
        quota_fraction = Fraction(quota)
        thresholds: dict[tuple, list[int | None]] = {}
        no_visits = [0] * len(self.slices)
        for unit_id in sorted(unit_ids, key=unit_order):
            own = by_unit[unit_id]
            intervals = _clipped(
                tuple((p["started_on"], p["ended_on"]) for p in own), self.start, self.end
            )
            # Most units share their judged part (the whole period): compute each once.
            if intervals not in judged_parts:
                judged_parts[intervals] = (months_of(intervals), judged_slices(intervals))
                # Per month slice, the visits that meet the quota there (None: not judged);
                # visits are whole, so "at least the fraction" is "at least its ceiling".
                thresholds[intervals] = [
                    math.ceil(quota_fraction * judged[piece.key]) if judged.get(piece.key) else None
                    for piece in self.slices
                    for judged in (judged_parts[intervals][1],)
                ]
            months, judged = judged_parts[intervals]
            own_communities = sorted({p["community_id"] for p in own}, key=community_order)
            own_leaders = sorted(
                {p["leader_id"] for p in own if p["leader_id"] is not None},
                key=lambda i: (leaders[i]["sort_order"], i),
            )
            v = per_unit_visits.get(unit_id, {})
            judged_visits = v.get("months", no_visits)
            row = UnitRow(
                unit_id=unit_id,
                name=units[unit_id]["name"],
                sort_order=units[unit_id]["sort_order"],
                communities=[communities[c]["name"] for c in own_communities],
                communities_not_docked=[
                    communities[c]["name"] for c in own_communities if (unit_id, c) in undocked
                ],
                leaders=[leaders[i]["name"] for i in own_leaders],
                months=months,
                visits=v.get("visits", 0),
                visits_judged=sum(judged_visits),
                months_counted=len(judged),
                leader_led=v.get("leader_led", 0),
                unit_head_led=v.get("unit_head_led", 0),
                activities=v.get("activities", 0),
                late=v.get("late", 0),
                flagged=v.get("flagged", 0),
                support_idle=idle.get(unit_id, 0),
                last_visit_on=v.get("last"),
                quota=quota,
                low_line=low_line,
            )
            for needed, count in zip(thresholds[intervals], judged_visits, strict=True):
                if needed is not None and count >= needed:
                    row.months_met += 1
            for c in own_communities:
                pr = problems.get(c)
                if pr:
                    row.problems_found += pr["found"]
                    row.problems_closed += pr["closed"]
                    row.problems_overdue += pr["overdue"]
            invested, pledged = unit_funds.get(unit_id, (ZERO, ZERO))
            row.invested, row.pledged = _money(invested), _money(pledged)
            unit_rows.append(row)
        unit_by_id = {r.unit_id: r for r in unit_rows}

        # --- communities
        paired_units: dict[int, set[int]] = defaultdict(set)
        for p in pairings:
            paired_units[p["community_id"]].add(p["unit_id"])
        community_rows: dict[int, CommunityRow] = {}
        for c_id in sorted(community_ids, key=community_order):
            c = communities[c_id]
            v = per_community_visits.get(c_id, {})
            pr = problems.get(c_id, {})
            row = CommunityRow(
                community_id=c_id,
                name=c["name"],
                street=c["street__name"],
                street_id=c["street_id"],
                units=[units[u]["name"] for u in sorted(paired_units[c_id], key=unit_order)],
                visits=v.get("visits", 0),
                activities=v.get("activities", 0),
                units_visiting=v.get("units", 0),
                last_visit_on=v.get("last"),
                problems_found=pr.get("found", 0),
                problems_closed=pr.get("closed", 0),
                problems_overdue=pr.get("overdue", 0),
                problems_open=pr.get("open", 0),
            )
            invested, pledged = community_funds.get(c_id, (ZERO, ZERO))
            row.invested, row.pledged = _money(invested), _money(pledged)
            community_rows[c_id] = row
        paired_communities = {p["community_id"] for p in pairings}

        # --- streets: those with a pairing in the period, or visited in it
        visited_streets = {
            communities[c]["street_id"] for c, v in per_community_visits.items() if v["visits"]
        }
        shown_streets = street_ids | visited_streets
        street_names = (
            self._among(Street.objects.all(), shown_streets)
            .order_by("sort_order", "id")
            .values_list("id", "name")
        )
        street_rows = {
            s: StreetRow(street_id=s, name=n) for s, n in street_names if s in shown_streets
        }
        street_units: dict[int, set[int]] = defaultdict(set)
        for p in pairings:
            street_units[p["community__street_id"]].add(p["unit_id"])
        for c_id, crow in community_rows.items():
            srow = street_rows.get(crow.street_id)
            if srow is None:
                continue  # a problem or measure in a street neither paired nor visited
            srow.communities_paired += c_id in paired_communities
            srow.communities_visited += crow.visits > 0
            srow.visits += crow.visits
            srow.activities += crow.activities
            srow.invested += crow.invested
            srow.pledged += crow.pledged
            srow.problems_found += crow.problems_found
            srow.problems_closed += crow.problems_closed
            srow.problems_overdue += crow.problems_overdue
        for s, srow in street_rows.items():
            srow.units = len(street_units.get(s, ()))

        # --- leaders
        leader_units: dict[int, set[int]] = defaultdict(set)
        for p in pairings:
            if p["leader_id"] is not None:
                leader_units[p["leader_id"]].add(p["unit_id"])
        leader_rows = []
        for l_id in sorted(leader_ids, key=lambda i: (leaders[i]["sort_order"], i)):
            led = [unit_by_id[u] for u in sorted(leader_units.get(l_id, ()), key=unit_order)]
            v = per_leader_visits.get(l_id, {})
            leader_rows.append(
                LeaderRow(
                    leader_id=l_id,
                    name=leaders[l_id]["name"],
                    title=leaders[l_id]["title"],
                    units=[u.name for u in led],
                    visits_led=v.get("visits", 0),
                    communities_visited=v.get("communities", 0),
                    units_meeting_quota=[u.name for u in led if u.meets_quota],
                    units_below_low_line=[u.name for u in led if u.below_low_line],
                )
            )

        totals = self._problem_totals(problems)
        visited_communities = {c for c, v in per_community_visits.items() if v["visits"]}
        return Metrics(
            start=self.start,
            end=self.end,
            quota=quota,
            low_line=low_line,
            late_days=self.campaign.late_report_days,
            units=unit_rows,
            streets=list(street_rows.values()),
            communities=list(community_rows.values()),
            leaders=leader_rows,
            streets_total=len(street_ids),
            streets_visited=len(visited_streets),
            communities_total=len(paired_communities),
            communities_visited=len(visited_communities),
            visits_total=sum(v["visits"] for v in per_unit_visits.values()),
            activities_total=sum(v["activities"] for v in per_unit_visits.values()),
            leader_led_visits=sum(v["leader_led"] for v in per_unit_visits.values()),
            unit_head_led_visits=sum(v["unit_head_led"] for v in per_unit_visits.values()),
            late_visits=sum(v["late"] for v in per_unit_visits.values()),
            flagged_visits=sum(v["flagged"] for v in per_unit_visits.values()),
            funds_invested=_money(sum((s["invested"] for s in support.values()), ZERO)),
            funds_pledged=_money(sum((s["pledged"] for s in support.values()), ZERO)),
            support_idle=sum(idle.values()),
            scoped=self.scope is not None,
            **totals,
        )

    # --- grouped queries -----------------------------------------------------------------

    @cached_property
    def _visit_groups(self) -> list[tuple]:
        """The period's visits grouped by unit, community, leader and calendar month:
        (unit, community, leader, month, street, visits, unit-head-led, activities, late,
        flagged, last day of the month visited[, judged]). Every visit figure of the period
        (per unit, community, leader, street and month) is a sum over these rows.

        The period's whole months are read from their counted rows (`VisitMonth`), the
        visits themselves only for the days of a month the period cuts. In a month a pairing
        of a unit begins or ends in, which of its visits are judged is counted apart
        (`_judged_in_cut_months`); those rows say 0."""
        partial = getattr(self, "partial", None) or set()
        self.judged_apart: dict[tuple[int, int], int] = {}
        whole = [s for s in self.slices if s.days == s.days_in_month]
        if whole:
            months = (_month_index(whole[0].first), _month_index(whole[-1].first))
            counted = VisitMonth.objects.filter(month__range=months)
            if not counted.exclude(late_days=self.campaign.late_report_days).exists():
                covered, cut = self._judging(partial, whole)
                rows = self._counted_groups(self._scoped(counted), partial, covered)
                self.judged_apart = self._judged_in_cut_months(cut)
                # The days of a month the period cuts, in parts that each read an index
                # range (one query, UNION ALL).
                parts = []
                if self.start < whole[0].first:
                    parts.append(Q(visited_on__lt=whole[0].first))
                if whole[-1].last < self.end:
                    parts.append(Q(visited_on__gt=whole[-1].last))
                if parts:
                    rows += self._scanned_groups([self.visits().filter(q) for q in parts], partial)
                return rows
        return self._scanned_groups([self.visits()], partial)

    def _judging(
        self, partial: set[int], whole: list[MonthSlice]
    ) -> tuple[set[tuple[int, int]], dict[tuple[date, date], set[int]]]:
        """For the units whose pairings cover the period in part: the (unit, whole month)
        their pairings cover every day of, and the stretches of days of the other whole
        months their pairings cover, each with the units it is of. In the remaining whole
        months none of the unit's visits is judged."""
        covered: set[tuple[int, int]] = set()
        cut: dict[tuple[date, date], set[int]] = defaultdict(set)
        for unit in partial:
            spans = self.spans[unit]
            for s in whole:
                if any(a <= s.first and s.last <= b for a, b in spans):
                    covered.add((unit, _month_index(s.first)))
                    continue
                for a, b in spans:
                    if a <= s.last and s.first <= b:
                        cut[(max(a, s.first), min(b, s.last))].add(unit)
        return covered, cut

    def _judged_in_cut_months(
        self, cut: dict[tuple[date, date], set[int]]
    ) -> dict[tuple[int, int], int]:
        """(unit, month) → its visits that scope sees dated inside its pairings, for the
        stretches of `_judging` (one count over an index: units share their pairings' dates,
        so there are few stretches)."""
        if not cut:
            return {}
        inside = Q()
        for (a, b), units in cut.items():
            inside |= Q(visited_on__range=(a, b), unit_id__in=sorted(units))
        rows = (
            self.visits()
            .filter(inside)
            .annotate(month=MonthIndex("visited_on"))
            .order_by()
            .values_list("unit_id", "month")
            .annotate(n=Count("id"))
        )
        return {(unit, month): n for unit, month, n in rows}

    @staticmethod
    def _counted_groups(
        counted: QuerySet, partial: set[int], covered: set[tuple[int, int]]
    ) -> list[tuple]:
        """`_visit_groups` rows of whole months, from their counted rows."""
        rows = _fetch(
            counted.order_by().values_list(
                "unit_id",
                "community_id",
                "leader_id",
                "month",
                "community__street_id",
                "visits",
                "unit_head_led",
                "activities",
                "late",
                "flagged",
                "last_day",
            )
        )
        if not partial:
            return rows
        return [
            (*row, row[5] if row[0] not in partial or (row[0], row[3]) in covered else 0)
            for row in rows
        ]

    def _scanned_groups(self, parts: list[QuerySet], partial: set[int]) -> list[tuple]:
        """`_visit_groups` rows counted from the visits themselves, of each of `parts` (sets
        of visits that share no group)."""
        judged = {}
        if partial:
            # Is the visit's day inside a pairing of its unit: asked only for the units
            # whose pairings cover part of the period (for many, of every visit).
            in_pairing = Q(
                Exists(
                    Pairing.objects.filter(
                        unit_id=OuterRef("unit_id"), started_on__lte=OuterRef("visited_on")
                    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=OuterRef("visited_on")))
                )
            )
            if len(partial) <= 2000:  # well inside every database's limit on parameters
                in_pairing = Q(unit_id__in=sorted(partial)) & in_pairing
            judged["judged"] = Count("id", filter=in_pairing)
        groups = [
            grouped(
                visits,
                ("unit_id", "community_id", "leader_id", "month", "community__street_id"),
                late_days=self.campaign.late_report_days,
                start=self.start,
                end=self.end,
                **judged,
            )
            for visits in parts
        ]
        return _fetch(groups[0].union(*groups[1:], all=True) if len(groups) > 1 else groups[0])

    def _cover(self, pairings: list[dict[str, Any]] | None) -> None:
        """Which units have every day of the period covered by a pairing (all their visits
        are judged) and which only some days (`self.partial`: those visits are checked one
        by one in the scan). A visit is judged when any pairing of its unit covers its day,
        whoever sees the pairing: `pairings` are the period's pairings when nothing is
        scoped, else they are read here for the units the scope's visits are of."""
        if pairings is None:
            rows = (
                Pairing.objects.active_between(self.start, self.end)
                .filter(unit_id__in=self.visits().order_by().values("unit_id"))
                .order_by()
                .values_list("unit_id", "started_on", "ended_on")
            )
        else:
            rows = ((p["unit_id"], p["started_on"], p["ended_on"]) for p in pairings)
        intervals: dict[int, list] = defaultdict(list)
        for unit, started, ended in rows:
            intervals[unit].append((started, ended))
        whole = [(self.start, self.end)]
        self.covered: set[int] = set()
        self.partial: set[int] = set()
        self.spans: dict[int, list[tuple[date, date]]] = {}  # of the partial units
        for unit, own in intervals.items():
            union = list(_clipped(tuple(own), self.start, self.end))
            if union == whole:
                self.covered.add(unit)
            elif union:
                self.partial.add(unit)
                self.spans[unit] = union

    @cached_property
    def _tally(self) -> _Tally:
        """Every visit figure per unit, community, leader and month, summed in one pass over
        `_visit_groups` (a big city's period has tens of thousands of them: five passes, one
        per figure, were a sixth of a cold dashboard)."""
        month_of = {_month_index(s.first): i for i, s in enumerate(self.slices)}
        n_slices = len(self.slices)
        # Units covered by their pairings, wholly or in part (`_cover`, which `run` calls
        # first; the monthly series alone judges nothing).
        covered = getattr(self, "covered", set())
        partial = getattr(self, "partial", set())
        t = _Tally(judging=hasattr(self, "covered"))
        units, judged, communities = t.units, t.judged, t.communities
        pairs, leaders, months = t.pairs, t.leaders, t.months
        for row in self._visit_groups:
            unit, community, leader, month, street, visits, head, activities, late, flagged, day = (
                row[:11]
            )
            last = month * 32 + day
            led = visits if leader is not None else 0
            # unit: visits, leader-led, unit-head-led, activities, late, flagged, last day
            u = units.get(unit)
            if u is None:
                u = units[unit] = [0, 0, 0, 0, 0, 0, last]
                judged[unit] = [0] * n_slices
            u[0] += visits
            u[1] += led
            u[2] += head
            u[3] += activities
            u[4] += late
            u[5] += flagged
            if last > u[6]:
                u[6] = last
            # Per month slice, the unit's visits dated inside one of its pairings.
            if unit in covered:
                judged[unit][month_of[month]] += visits
            elif unit in partial:
                judged[unit][month_of[month]] += row[-1]
            # community: visits, activities, units visiting, last day
            c = communities.get(community)
            if c is None:
                c = communities[community] = [0, 0, 0, last]
            c[0] += visits
            c[1] += activities
            if (unit, community) not in pairs:
                pairs.add((unit, community))
                c[2] += 1
            if last > c[3]:
                c[3] = last
            if leader is not None:
                le = leaders.get(leader)
                if le is None:
                    le = leaders[leader] = [0, set()]
                le[0] += visits
                le[1].add(community)
            # month: visits, leader-led, unit-head-led, late, visits by street
            mo = months.get(month)
            if mo is None:
                mo = months[month] = [0, 0, 0, 0, {}]
            mo[0] += visits
            mo[1] += led
            mo[2] += head
            mo[3] += late
            mo[4][street] = mo[4].get(street, 0) + visits
        for (unit, month), visits in self.judged_apart.items():
            # A unit with visits has its counted rows, unless someone changed visits in the
            # database directly: then its figures are stale, never a failed page.
            if unit in judged:
                judged[unit][month_of[month]] += visits
        return t

    def _visits_per_unit(self) -> dict[int, dict[str, Any]]:
        if not self._tally.judging:
            # Summed by the monthly series before `_cover` ran: sum again, now judging.
            del self._tally
        judged = self._tally.judged
        return {
            unit: {
                "visits": visits,
                "leader_led": leader_led,
                "unit_head_led": head,
                "activities": activities,
                "late": late,
                "flagged": flagged,
                "last": _day_of(last),
                "months": judged[unit],
            }
            for unit, (visits, leader_led, head, activities, late, flagged, last) in (
                self._tally.units.items()
            )
        }

    def _visits_per_community(self) -> tuple[dict[int, dict[str, Any]], set[tuple[int, int]]]:
        """Per community, and the (unit, community) pairs visited in the period (which
        spares most of the docking check its lookups)."""
        per_community = {
            community: {
                "visits": visits,
                "activities": activities,
                "units": units,
                "last": _day_of(last),
            }
            for community, (visits, activities, units, last) in self._tally.communities.items()
        }
        return per_community, self._tally.pairs

    def _visits_per_leader(self) -> dict[int, dict[str, Any]]:
        return {
            leader: {"visits": visits, "communities": len(communities)}
            for leader, (visits, communities) in self._tally.leaders.items()
        }

    def monthly_visits(self, months: dict[int, MonthFigures]) -> None:
        """Adds the visit figures of each month of `months` (keyed by month index)."""
        for month, (visits, leader_led, head, late, by_street) in self._tally.months.items():
            figures = months.get(month)
            if figures is None:
                continue
            figures.visits += visits
            figures.leader_led += leader_led
            figures.unit_head_led += head
            figures.late += late
            for street, n in by_street.items():
                figures.visits_by_street[street] = figures.visits_by_street.get(street, 0) + n

    def _undocked_pairings(
        self, pairings: list[dict[str, Any]], visited: set[tuple[int, int]]
    ) -> set[tuple[int, int]]:
        """(unit, community) of pairings active in the period with no visit by the end.
        A pair visited in the period has docked; only the others are looked up."""
        unknown = [p["id"] for p in pairings if (p["unit_id"], p["community_id"]) not in visited]
        if not unknown:
            return set()
        earlier = Visit.objects.alive().filter(
            unit_id=OuterRef("unit_id"),
            community_id=OuterRef("community_id"),
            visited_on__lte=self.end,
        )
        rows = self._scoped(Pairing.objects.active_between(self.start, self.end))
        if len(unknown) <= 2000:  # well inside every database's limit on parameters
            rows = Pairing.objects.filter(pk__in=unknown)
        return set(rows.exclude(Exists(earlier)).order_by().values_list("unit_id", "community_id"))

    def _support_per_unit_community(self) -> dict[tuple[int, int], dict[str, Decimal]]:
        rows = (
            self._scoped(SupportMeasure.objects.alive().between(self.start, self.end))
            .order_by()
            .values("unit_id", "community_id")
            .annotate(
                invested=Sum("amount_yuan", filter=~Q(state=MeasureState.PLANNED)),
                pledged=Sum("amount_yuan", filter=Q(state=MeasureState.PLANNED)),
            )
        )
        return {
            (row["unit_id"], row["community_id"]): {
                "invested": row["invested"] or ZERO,
                "pledged": row["pledged"] or ZERO,
            }
            for row in rows
        }

    def _support_idle_per_unit(self) -> dict[int, int]:
        """Planned measures with no progress for `support_idle_days` at the period's end
        (缺乏连贯性): dated by the end, last progress (or the date given) too long before."""
        limit = self.end - timedelta(days=self.campaign.support_idle_days)
        rows = (
            self._scoped(SupportMeasure.objects.alive().pledged())
            .filter(given_on__lte=self.end)
            .filter(
                Q(progressed_on__isnull=True, given_on__lt=limit)
                | Q(progressed_on__isnull=False, progressed_on__lt=limit)
            )
            .order_by()
            .values("unit_id")
            .annotate(n=Count("id"))
        )
        return {row["unit_id"]: row["n"] for row in rows}

    def _problems_per_community(self) -> dict[int, dict[str, int]]:
        start, end = self.start, self.end
        closed_by_end = _closed_by(end)
        closed_inside = _closed_inside(start, end)
        rows = (
            self._scoped(Problem.objects.alive())
            .filter(found_on__lte=end)
            .alias(closed_day=_closed_day())
            .order_by()
            .values("community_id")
            .annotate(
                found=Count("id", filter=Q(found_on__gte=start)),
                closed=Count("id", filter=closed_inside),
                closed_on_time=Count("id", filter=closed_inside & _CLOSED_ON_TIME),
                overdue=Count("id", filter=Q(deadline__lt=end) & ~closed_by_end),
                open=Count("id", filter=~closed_by_end),
            )
        )
        # Problems closed in the period but found after its end cannot exist in sane data;
        # the filter on found_on keeps every count about problems known by the end.
        return {row["community_id"]: row for row in rows}

    @staticmethod
    def _problem_totals(problems: dict[int, dict[str, int]]) -> dict[str, int]:
        return {
            "problems_found": sum(p["found"] for p in problems.values()),
            "problems_closed": sum(p["closed"] for p in problems.values()),
            "problems_closed_on_time": sum(p["closed_on_time"] for p in problems.values()),
            "problems_overdue": sum(p["overdue"] for p in problems.values()),
            "problems_open": sum(p["open"] for p in problems.values()),
        }


# --- monthly series and flags by kind (the dashboard's charts) -----------------------------


def _day_of(month_and_day: int) -> date:
    """The date of `month index × 32 + day of the month`."""
    month, day = divmod(month_and_day, 32)
    year, month = divmod(month, 12)
    return date(year, month + 1, day)


@dataclass
class MonthFigures:
    """The figures of one calendar month of a period (clipped to it), the same numbers
    `period_metrics(start=first, end=last)` gives for that month."""

    first: date
    last: date
    visits: int = 0
    leader_led: int = 0
    unit_head_led: int = 0
    late: int = 0
    problems_found: int = 0
    problems_closed: int = 0
    visits_by_street: dict[int, int] = field(default_factory=dict)  # street id → visits

    @property
    def closure_rate(self) -> Fraction | None:
        """结案率 of the month, as `Metrics.closure_rate`."""
        if not self.problems_found:
            return None
        return Fraction(self.problems_closed, self.problems_found)


def monthly_metrics(*, start: date, end: date, scope: Scope | None = None) -> list[MonthFigures]:
    """Visits (by street, leader-led, unit-head-led, late) and problems found and closed,
    for each calendar month [start, end] overlaps (the first and last clipped to it).

    A few grouped queries whatever the number of months, streets or units; each month's
    numbers are those of `period_metrics` over that month (tests/oversight/test_series.py).
    """
    if end < start:
        raise ValueError("the period ends before it starts")
    campaign = CampaignSettings.load()
    counter = _Counter(start, end, _narrowing(scope), campaign)
    return _monthly(counter, start)


def period_and_monthly_metrics(
    *, start: date, end: date, months_from: date, scope: Scope | None = None
) -> tuple[Metrics, list[MonthFigures]]:
    """`period_metrics(start, end)` and `monthly_metrics(months_from, end)` (a later start
    inside the period: the dashboard's last months) from the same scan of the visits."""
    if end < start:
        raise ValueError("the period ends before it starts")
    if not start <= months_from <= end:
        raise ValueError("the months start outside the period")
    campaign = CampaignSettings.load()
    counter = _Counter(start, end, _narrowing(scope), campaign)
    metrics = counter.run()
    return metrics, _monthly(counter, months_from)


def _monthly(counter: _Counter, start: date) -> list[MonthFigures]:
    """The months of [start, counter.end] (start: inside the counter's period)."""
    end = counter.end
    months = {
        _month_index(s.first): MonthFigures(s.first, s.last) for s in month_slices(start, end)
    }
    counter.monthly_visits(months)

    problems = counter._scoped(Problem.objects.alive())
    found = (
        problems.filter(found_on__range=(start, end))
        .annotate(month=MonthIndex("found_on"))
        .order_by()
        .values("month")
        .annotate(n=Count("id"))
    )
    for row in found:
        months[row["month"]].problems_found = row["n"]
    # As in a month's own count: closed inside the month and found by the month's end (the
    # end of a whole month is reached by any day of an earlier or the same month).
    closed = (
        problems.filter(state=ProblemState.CLOSED, found_on__lte=end)
        .alias(closed_day=_closed_day())
        .filter(closed_day__range=(start, end))
        .alias(found_month=MonthIndex("found_on"))
        .annotate(month=MonthIndex("closed_day"))
        .filter(found_month__lte=F("month"))
        .order_by()
        .values("month")
        .annotate(n=Count("id"))
    )
    for row in closed:
        months[row["month"]].problems_closed = row["n"]
    return list(months.values())


def flags_by_kind(*, start: date, end: date, scope: Scope | None = None) -> dict[str, int]:
    """Evidence flags not accepted by an inspector, by kind, on the visits dated in
    [start, end] that `scope` sees; kinds without any are left out. The flagged visits of
    `period_metrics` are these visits counted once each. Whole months are read from their
    counted rows (`FlagMonth`), the days of a month the period cuts from the flags."""
    scope = _narrowing(scope)
    whole = [s for s in month_slices(start, end) if s.days == s.days_in_month]
    counts: dict[str, int] = defaultdict(int)
    scanned = [(start, end)]
    if whole:
        counted = FlagMonth.objects.filter(
            month__range=(_month_index(whole[0].first), _month_index(whole[-1].first))
        )
        if scope is not None:
            counted = counted.visible_to(scope)
        for kind, n in counted.order_by().values_list("kind").annotate(n=Sum("flags")):
            counts[kind] += n
        scanned = [
            (a, b)
            for a, b in (
                (start, whole[0].first - timedelta(days=1)),
                (whole[-1].last + timedelta(days=1), end),
            )
            if a <= b
        ]
    for a, b in scanned:
        for kind, n in flags_scanned(start=a, end=b, scope=scope).items():
            counts[kind] += n
    return {kind: n for kind, n in counts.items() if n}


def flags_scanned(*, start: date, end: date, scope: Scope | None = None) -> dict[str, int]:
    """`flags_by_kind` counted from the flags and their visits themselves."""
    flags = VisitFlag.objects.filter(
        visit__deleted_at__isnull=True, visit__visited_on__gte=start, visit__visited_on__lte=end
    )
    scope = _narrowing(scope)
    if scope is not None:
        flags = flags.visible_to(scope)
    rows = (
        flags.exclude(review=FlagReview.ACCEPTED)
        .order_by()
        .values_list("kind")
        .annotate(n=Count("id"))
    )
    return {kind: n for kind, n in rows if n}


# --- problems: the rectification loop's figures (the problem pages) ------------------------


def _rate(part: int, whole: int) -> Fraction | None:
    return Fraction(part, whole) if whole else None


@dataclass
class ProblemFigures:
    """The loop's figures for one community, one street or the whole scope, in a period.

    found, closed, open and overdue are those of `period_metrics` (the same rules: a problem
    is closed on its verification date, else its rectification date). The rates here are of
    the problems found in the period: closure rate = the share of them closed by the end,
    on-time = closed by the end and on or before the deadline in force (none: on time),
    rework rate (返工率) = of those ever marked rectified, the share sent back at least once.
    A rate is None when there is nothing to divide by (shown as “—”). `cleared` (清零): a
    community with nothing open at the end.
    """

    found: int = 0
    closed: int = 0
    open: int = 0
    overdue: int = 0
    extended: int = 0  # problems found in the period whose deadline was extended (延期)
    found_closed: int = 0  # of `found`, closed by the period's end
    found_closed_on_time: int = 0
    found_submitted: int = 0  # of `found`, ever marked rectified
    found_sent_back: int = 0

    @property
    def closure_rate(self) -> Fraction | None:
        return _rate(self.found_closed, self.found)

    @property
    def on_time_closure_rate(self) -> Fraction | None:
        return _rate(self.found_closed_on_time, self.found)

    @property
    def rework_rate(self) -> Fraction | None:
        return _rate(self.found_sent_back, self.found_submitted)

    @property
    def cleared(self) -> bool:
        return self.open == 0

    def add(self, other: ProblemFigures) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


def _problem_aggregates(start: date, end: date) -> dict[str, Count]:
    in_period = Q(found_on__gte=start, found_on__lte=end)
    closed_by_end = _closed_by(end)
    open_at_end = Q(found_on__lte=end) & ~closed_by_end
    submitted = Q(rectified_on__isnull=False) | Q(sent_back__gt=0) | Q(state=ProblemState.CLOSED)
    return {
        "found": Count("id", filter=in_period),
        "closed": Count("id", filter=Q(found_on__lte=end) & _closed_inside(start, end)),
        "open": Count("id", filter=open_at_end),
        "overdue": Count("id", filter=open_at_end & Q(deadline__lt=end)),
        "extended": Count("id", filter=in_period & Q(extensions__gt=0)),
        "found_closed": Count("id", filter=in_period & closed_by_end),
        "found_closed_on_time": Count("id", filter=in_period & closed_by_end & _CLOSED_ON_TIME),
        "found_submitted": Count("id", filter=in_period & submitted),
        "found_sent_back": Count("id", filter=in_period & Q(sent_back__gt=0)),
    }


def _problems_seen(scope: Scope | None) -> QuerySet[Problem]:
    rows = Problem.objects.alive()
    scope = _narrowing(scope)
    rows = rows.visible_to(scope) if scope is not None else rows
    return rows.alias(closed_day=_closed_day())


def problem_figures(
    *,
    start: date,
    end: date,
    scope: Scope | None = None,
    street: Street | None = None,
    community: Community | None = None,
) -> ProblemFigures:
    """The figures of every problem `scope` may see (all when None), narrowed to a street or
    a community, for the period [start, end] (both inclusive)."""
    rows = _problems_seen(scope)
    if street is not None:
        rows = rows.filter(community__street=street)
    if community is not None:
        rows = rows.filter(community=community)
    return ProblemFigures(**rows.aggregate(**_problem_aggregates(start, end)))


@dataclass
class CommunityFigures:
    community: Community
    figures: ProblemFigures


@dataclass
class StreetFigures:
    street: Street
    figures: ProblemFigures
    communities: int = 0
    cleared: int = 0  # communities with nothing open at the period's end
    rows: list[CommunityFigures] = field(default_factory=list)


def _communities_in(scope: Scope | None, street: Street | None) -> QuerySet[Community]:
    rows = Community.objects.select_related("street").order_by(
        "street__sort_order", "street__id", "sort_order", "id"
    )
    if scope is not None:
        rows = rows.visible_to(scope)
    if street is not None:
        rows = rows.filter(street=street)
    return rows


def problem_figures_by_community(
    *, start: date, end: date, scope: Scope | None = None, street: Street | None = None
) -> list[CommunityFigures]:
    """One row per community `scope` may see (in roster order), with or without problems."""
    per = {
        row.pop("community_id"): ProblemFigures(**row)
        for row in _problems_seen(scope)
        .order_by()
        .values("community_id")
        .annotate(**_problem_aggregates(start, end))
    }
    return [
        CommunityFigures(community, per.get(community.pk, ProblemFigures()))
        for community in _communities_in(scope, street)
    ]


def problem_figures_by_street(
    *, start: date, end: date, scope: Scope | None = None
) -> list[StreetFigures]:
    """One row per street, summing its communities; `cleared` counts 清零 communities."""
    streets: dict[int, StreetFigures] = {}
    for row in problem_figures_by_community(start=start, end=end, scope=scope):
        street = row.community.street
        entry = streets.setdefault(street.pk, StreetFigures(street, ProblemFigures()))
        entry.figures.add(row.figures)
        entry.communities += 1
        entry.cleared += row.figures.cleared
        entry.rows.append(row)
    return list(streets.values())


def communities_cleared(
    *, start: date, end: date, scope: Scope | None = None, street: Street | None = None
) -> list[Community]:
    """清零: the communities with nothing open at `end`, in roster order. `start` is there for
    the uniform signature; clearing is a state at the period's end."""
    return [
        row.community
        for row in problem_figures_by_community(start=start, end=end, scope=scope, street=street)
        if row.figures.cleared
    ]


# --- JSON (DESIGN §5) ------------------------------------------------------------------------


def _ratio(value: Fraction | None, places: int = 4) -> float | None:
    return None if value is None else round(float(value), places)


def _yuan(value: Decimal) -> str:
    return str(_money(value))


def unit_json(row: UnitRow) -> dict[str, Any]:
    return {
        "name": row.name,
        "sort_order": row.sort_order,
        "communities": row.communities,
        "leaders": row.leaders,
        "docked": row.docked,
        "communities_not_docked": row.communities_not_docked,
        "months_judged": _ratio(row.months),
        "visits": row.visits,
        "visits_judged": row.visits_judged,
        "average_per_month": _ratio(row.average),
        "meets_quota": row.meets_quota,
        "below_low_line": row.below_low_line,
        "months_counted": row.months_counted,
        "months_met_quota": row.months_met,
        "leader_led_visits": row.leader_led,
        "leader_led_share": _ratio(row.leader_led_share),
        "unit_head_led_visits": row.unit_head_led,
        "activities": row.activities,
        "late_visits": row.late,
        "flagged_visits": row.flagged,
        "funds_invested_yuan": _yuan(row.invested),
        "funds_pledged_yuan": _yuan(row.pledged),
        "support_not_followed_up": row.support_idle,
        "problems_found": row.problems_found,
        "problems_closed": row.problems_closed,
        "problems_overdue": row.problems_overdue,
        "last_visit_on": row.last_visit_on.isoformat() if row.last_visit_on else None,
    }


def metrics_json(metrics: Metrics) -> dict[str, Any]:
    """The JSON object of DESIGN §5 (its keys keep their meaning), then more keys."""
    m = metrics
    return {
        "from": m.start.isoformat(),
        "to": m.end.isoformat(),
        "units_total": m.units_total,
        "units_docked": m.units_docked,
        "units_not_docked": m.units_not_docked,
        "units_meeting_quota": m.units_meeting_quota,
        "units_below_low_line": m.units_below_low_line,
        "streets_total": m.streets_total,
        "streets_visited": m.streets_visited,
        "communities_total": m.communities_total,
        "communities_visited": m.communities_visited,
        "visits_total": m.visits_total,
        "activities_total": m.activities_total,
        "leader_led_visits": m.leader_led_visits,
        "late_visits": m.late_visits,
        "funds_invested_yuan": _yuan(m.funds_invested),
        "funds_pledged_yuan": _yuan(m.funds_pledged),
        "top_fund_units": m.top_fund_units,
        "problems_found": m.problems_found,
        "problems_closed": m.problems_closed,
        "problems_overdue": m.problems_overdue,
        # more keys
        "months": _ratio(m.months),
        "monthly_quota": str(m.quota),
        "low_line": str(m.low_line),
        "late_report_days": m.late_days,
        "unit_head_led_visits": m.unit_head_led_visits,
        "flagged_visits": m.flagged_visits,
        "support_not_followed_up": m.support_idle,
        "problems_closed_on_time": m.problems_closed_on_time,
        "problems_open": m.problems_open,
        "closure_rate": _ratio(m.closure_rate),
        "on_time_closure_rate": _ratio(m.on_time_rate),
        "units": [unit_json(u) for u in m.units],
        "streets": [
            {
                "name": s.name,
                "communities_paired": s.communities_paired,
                "communities_visited": s.communities_visited,
                "units": s.units,
                "visits": s.visits,
                "activities": s.activities,
                "funds_invested_yuan": _yuan(s.invested),
                "funds_pledged_yuan": _yuan(s.pledged),
                "problems_found": s.problems_found,
                "problems_closed": s.problems_closed,
                "problems_overdue": s.problems_overdue,
            }
            for s in m.streets
        ],
        "communities": [
            {
                "name": c.name,
                "street": c.street,
                "units": c.units,
                "visits": c.visits,
                "activities": c.activities,
                "units_visiting": c.units_visiting,
                "last_visit_on": c.last_visit_on.isoformat() if c.last_visit_on else None,
                "funds_invested_yuan": _yuan(c.invested),
                "funds_pledged_yuan": _yuan(c.pledged),
                "problems_found": c.problems_found,
                "problems_closed": c.problems_closed,
                "problems_overdue": c.problems_overdue,
                "problems_open": c.problems_open,
            }
            for c in m.communities
        ],
        "leaders": [
            {
                "name": r.name,
                "title": r.title,
                "units": r.units,
                "visits_led": r.visits_led,
                "communities_visited": r.communities_visited,
                "units_meeting_quota": r.units_meeting_quota,
                "units_below_low_line": r.units_below_low_line,
            }
            for r in m.leaders
        ],
    }
