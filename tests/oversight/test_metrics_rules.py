"""DESIGN §4 on hand-built data; every expected figure is worked out here by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from baolian.oversight.metrics import period_metrics
from baolian.problems.models import ProblemState
from baolian.roster.models import CampaignSettings, Pairing
from baolian.support.models import MeasureState
from baolian.visits.models import VisitKind
from tests.factories import CommunityFactory, PairingFactory, StreetFactory, UnitFactory
from tests.factories_oversight import (
    flag,
    local,
    make_measure,
    make_problem,
    make_visit,
    make_visits,
)

APRIL, JUNE_END = date(2021, 4, 1), date(2021, 6, 30)

pytestmark = pytest.mark.django_db


def row(metrics, unit):
    return next(r for r in metrics.units if r.unit_id == unit.pk)


def test_a_whole_quarter_is_three_months_and_nine_visits_meet_the_quota(city):
    days = [date(2021, m, d) for m in (4, 5, 6) for d in (3, 13, 23)]
    make_visits(city.unit_a, city.c11, days)
    m = period_metrics(start=APRIL, end=JUNE_END)
    a = row(m, city.unit_a)
    assert a.months == 3
    assert a.visits == 9 and a.average == 3
    assert a.meets_quota and not a.below_low_line
    assert (a.months_counted, a.months_met) == (3, 3)
    assert "市卫生健康局" in m.units_meeting_quota


def test_a_pairing_that_starts_inside_the_period_is_judged_from_its_start(city):
    Pairing.objects.filter(unit=city.unit_b).update(started_on=date(2021, 5, 16))
    make_visits(city.unit_b, city.c12, [date(2021, 5, 20), date(2021, 6, 10)])
    b = row(period_metrics(start=APRIL, end=JUNE_END), city.unit_b)
    # 16 of May's 31 days, then all of June
    assert b.months == Fraction(16, 31) + 1
    assert b.average == Fraction(2) / Fraction(47, 31)  # 62/47 ≈ 1.32
    assert not b.meets_quota and not b.below_low_line
    # May needs 3 × 16/31 ≈ 1.55 visits: 1 is short; June needs 3: 1 is short
    assert (b.months_counted, b.months_met) == (2, 0)


def test_a_pairing_that_ends_inside_the_period_is_judged_until_its_end(city):
    Pairing.objects.filter(unit=city.unit_c).update(ended_on=date(2021, 4, 30))
    m = period_metrics(start=APRIL, end=JUNE_END)
    c = row(m, city.unit_c)
    assert c.months == 1 and c.visits == 0 and c.average == 0
    assert c.below_low_line and not c.docked
    # the others have no visit in three months either
    assert m.units_below_low_line == ["市卫生健康局", "市税务局", "市档案馆"]
    assert m.units_not_docked == ["市卫生健康局", "市税务局", "市档案馆"]


def test_a_unit_with_two_pairings_is_judged_on_their_union_only(city):
    Pairing.objects.filter(unit=city.unit_a).update(ended_on=date(2021, 4, 30))
    PairingFactory(unit=city.unit_a, community=city.c12, started_on=date(2021, 6, 1))
    make_visits(city.unit_a, city.c11, [date(2021, 4, d) for d in (2, 12, 22)])
    make_visit(city.unit_a, city.c11, date(2021, 5, 15))  # no pairing active that day
    make_visits(city.unit_a, city.c12, [date(2021, 6, d) for d in (2, 12, 22)])
    a = row(period_metrics(start=APRIL, end=JUNE_END), city.unit_a)
    assert a.months == 2  # April and June; May is not judged
    assert a.visits == 7 and a.visits_judged == 6
    assert a.average == 3 and a.meets_quota
    assert (a.months_counted, a.months_met) == (2, 2)
    assert a.communities == ["桥东社区", "新桥社区"] and a.docked


def test_a_leap_february_has_29_days(db):
    unit, community = UnitFactory(), CommunityFactory()
    PairingFactory(unit=unit, community=community, started_on=date(2024, 2, 15))
    make_visit(unit, community, date(2024, 2, 20))
    r = period_metrics(start=date(2024, 2, 1), end=date(2024, 2, 29)).units[0]
    assert r.months == Fraction(15, 29)
    assert r.average == Fraction(29, 15)


def test_visits_just_outside_the_period_do_not_count_but_dock(city):
    make_visit(city.unit_a, city.c11, date(2021, 3, 31))
    make_visit(city.unit_a, city.c11, date(2021, 7, 1))
    make_visit(city.unit_b, city.c12, date(2021, 7, 1))
    m = period_metrics(start=APRIL, end=JUNE_END)
    assert m.visits_total == 0
    assert m.communities_visited == 0 and m.streets_visited == 0
    # A unit docked with a visit before the period; a visit after its end docks nothing.
    assert m.units_docked == 1
    assert m.units_not_docked == ["市税务局", "市档案馆"]


def test_deleted_visits_count_nowhere(city):
    make_visit(city.unit_a, city.c11, date(2021, 4, 5), deleted=True)
    m = period_metrics(start=APRIL, end=JUNE_END)
    assert m.visits_total == 0 and m.units_docked == 0


def test_reported_three_local_days_after_is_on_time_and_four_is_late(city):
    visited = date(2021, 4, 5)
    # 23:30 on the 8th in Shanghai is still the 8th there (15:30 UTC): 3 days, on time
    make_visit(city.unit_a, city.c11, visited, reported_at=local(date(2021, 4, 8), 23, 30))
    # 00:30 on the 9th in Shanghai is the 8th in UTC, but the 9th that counts: 4 days, late
    make_visit(city.unit_a, city.c11, visited, reported_at=local(date(2021, 4, 9), 0, 30))
    m = period_metrics(start=APRIL, end=JUNE_END)
    assert m.late_visits == 1
    assert row(m, city.unit_a).late == 1
    assert m.units_reporting_late == ["市卫生健康局"]


def test_the_allowed_days_are_a_setting(city):
    CampaignSettings.objects.update_or_create(pk=1, defaults={"late_report_days": 5})
    make_visit(city.unit_a, city.c11, date(2021, 4, 5), reported_at=local(date(2021, 4, 9)))
    assert period_metrics(start=APRIL, end=JUNE_END).late_visits == 0


def test_planned_support_is_pledged_and_the_rest_invested(city):
    make_measure(city.unit_a, city.c11, date(2021, 4, 10), "10000", state=MeasureState.PLANNED)
    make_measure(city.unit_a, city.c11, date(2021, 5, 10), "5000.50", state=MeasureState.DONE)
    make_measure(
        city.unit_a,
        city.c11,
        date(2021, 6, 10),
        "2000",
        state=MeasureState.IN_PROGRESS,
        category="materials",
    )
    make_measure(city.unit_b, city.c12, date(2021, 6, 30), "1252940")
    make_measure(city.unit_b, city.c12, date(2021, 7, 1), "99")  # after the period
    make_measure(city.unit_c, city.c21, date(2021, 5, 1), "777", deleted=True)
    m = period_metrics(start=APRIL, end=JUNE_END)
    assert m.funds_invested == Decimal("1259940.50")
    assert m.funds_pledged == Decimal("10000")
    a = row(m, city.unit_a)
    assert (a.invested, a.pledged) == (Decimal("7000.50"), Decimal("10000"))
    assert m.top_fund_units == ["市卫生健康局", "市税务局"]


def test_top_fund_units_are_the_three_largest_amounts_in_roster_order(db):
    community = CommunityFactory()
    units = [UnitFactory(name=f"单位{i}") for i in range(5)]
    for unit, amount in zip(units, ["100", "500", "300", "500", "200"], strict=True):
        PairingFactory(unit=unit, community=community)
        make_measure(unit, community, date(2021, 5, 1), amount)
    m = period_metrics(start=APRIL, end=JUNE_END)
    # 500, 500 and 300 are the three largest; listed as the roster lists them
    assert m.top_fund_units == ["单位1", "单位2", "单位3"]


def test_problems_found_closed_and_overdue_in_the_period(city):
    make_problem(city.c11, date(2021, 4, 10), deadline=date(2021, 5, 10))  # overdue
    make_problem(
        city.c11,
        date(2021, 4, 20),
        deadline=date(2021, 5, 20),
        state=ProblemState.CLOSED,
        closed_on=date(2021, 5, 15),
    )  # closed on time
    make_problem(
        city.c12,
        date(2021, 3, 1),
        deadline=date(2021, 3, 31),
        state=ProblemState.CLOSED,
        closed_on=date(2021, 7, 10),
    )  # found before; still open at the period's end → overdue; closed after it
    make_problem(
        city.c21,
        date(2021, 3, 1),
        deadline=date(2021, 6, 1),
        state=ProblemState.CLOSED,
        rectified_on=date(2021, 5, 30),
    )  # closed without a verification date: closed (on time) by its rectification date
    make_problem(city.c12, date(2021, 6, 1), deadline=date(2021, 6, 30))  # due on the last day
    make_problem(city.c21, date(2021, 7, 2))  # after the period
    make_problem(city.c21, date(2021, 5, 2), deleted=True)
    m = period_metrics(start=APRIL, end=JUNE_END)
    assert (m.problems_found, m.problems_closed, m.problems_overdue) == (3, 2, 2)
    assert m.problems_closed_on_time == 2
    assert row(m, city.unit_a).problems_found == 2
    assert row(m, city.unit_b).problems_overdue == 1


def test_streets_and_communities_reached_and_activities(city):
    StreetFactory(name="无包联街道")  # neither paired nor visited: not a row of the report
    make_visit(city.unit_a, city.c11, date(2021, 4, 5), kinds=(VisitKind.CLEANUP,))
    make_visit(city.unit_a, city.c11, date(2021, 4, 6), kinds=(VisitKind.SURVEY,))
    make_visit(
        city.unit_c,
        city.c21,
        date(2021, 4, 7),
        kinds=(VisitKind.PUBLICITY, VisitKind.SURVEY),
        leader=city.leader2,
    )
    m = period_metrics(start=APRIL, end=JUNE_END)
    assert (m.streets_total, m.streets_visited) == (2, 2)
    assert (m.communities_total, m.communities_visited) == (3, 2)
    assert (m.visits_total, m.activities_total, m.leader_led_visits) == (3, 2, 1)
    assert [r.name for r in m.leaders if r.visits_led] == ["王芳"]
    assert [s.name for s in m.streets] == ["东城街道", "西湖镇"]
    assert [(s.communities_paired, s.communities_visited, s.visits) for s in m.streets] == [
        (2, 1, 2),
        (1, 1, 1),
    ]


def test_flags_count_unless_an_inspector_accepted_them(city):
    v1 = make_visit(city.unit_a, city.c11, date(2021, 4, 5))
    v2 = make_visit(city.unit_a, city.c11, date(2021, 4, 6))
    flag(v1)
    flag(v1, kind="no_metadata")
    flag(v2, review="accepted")
    assert row(period_metrics(start=APRIL, end=JUNE_END), city.unit_a).flagged == 1


def test_a_month_judged_in_part_needs_its_share_of_the_quota(city):
    Pairing.objects.filter(unit=city.unit_a).update(started_on=date(2021, 4, 16))
    # April: 15 of 30 days → needs 1.5 visits; 2 is enough. May: needs 3; 2 is not.
    make_visits(city.unit_a, city.c11, [date(2021, 4, 20), date(2021, 4, 25)])
    make_visits(city.unit_a, city.c11, [date(2021, 5, 20), date(2021, 5, 25)])
    a = row(period_metrics(start=APRIL, end=date(2021, 5, 31)), city.unit_a)
    assert (a.months_counted, a.months_met) == (2, 1)
    assert a.months == Fraction(3, 2)


def test_the_monthly_series_summed_first_leaves_the_periods_judged_visits_whole(city):
    """One counter sums the visits once for both: when the monthly series asks first (before
    the pairings say which visits are judged), the period's figures are summed again."""
    from datetime import date as day

    from baolian.oversight import metrics
    from baolian.roster.models import CampaignSettings
    from tests.factories_visits import VisitFactory

    for n in range(4):
        VisitFactory(unit=city.unit_a, community=city.c11, visited_on=day(2021, 5, 3 + n))
    start, end = day(2021, 5, 1), day(2021, 5, 31)
    counter = metrics._Counter(start, end, None, CampaignSettings.load())
    counter.monthly_visits({})
    first_series = counter.run()
    fresh = metrics.period_metrics(start=start, end=end)
    assert [(u.name, u.visits_judged, u.months_met) for u in first_series.units] == [
        (u.name, u.visits_judged, u.months_met) for u in fresh.units
    ]
    assert fresh.units[0].visits_judged == 4
