"""The monthly series and flags by kind give, month by month, the numbers `period_metrics`
gives for that month alone: grouped queries cannot drift from the counting rules."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from baolian.accounts.scoping import scope_of
from baolian.demo.city import demo_city_build
from baolian.oversight.metrics import (
    flags_by_kind,
    metrics_json,
    monthly_metrics,
    period_and_monthly_metrics,
    period_metrics,
)
from baolian.problems.models import ProblemState
from baolian.roster.models import Pairing
from baolian.visits.models import FlagKind, Visit, VisitFlag
from tests.factories_oversight import flag, local, make_problem, make_visit

pytestmark = pytest.mark.django_db


def _per_month_metrics(start: date, end: date, scope=None) -> list[dict]:
    """What the dashboard used to do: one `period_metrics` per month."""
    rows = []
    for month in monthly_metrics(start=start, end=end, scope=scope):
        m = period_metrics(start=month.first, end=month.last, scope=scope)
        rows.append(
            {
                "first": month.first,
                "last": month.last,
                "visits": m.visits_total,
                "leader_led": m.leader_led_visits,
                "unit_head_led": m.unit_head_led_visits,
                "late": m.late_visits,
                "problems_found": m.problems_found,
                "problems_closed": m.problems_closed,
                "closure_rate": m.closure_rate,
                "visits_by_street": {s.street_id: s.visits for s in m.streets if s.visits},
            }
        )
    return rows


def _series(start: date, end: date, scope=None) -> list[dict]:
    return [
        {
            "first": m.first,
            "last": m.last,
            "visits": m.visits,
            "leader_led": m.leader_led,
            "unit_head_led": m.unit_head_led,
            "late": m.late,
            "problems_found": m.problems_found,
            "problems_closed": m.problems_closed,
            "closure_rate": m.closure_rate,
            "visits_by_street": {k: v for k, v in m.visits_by_street.items() if v},
        }
        for m in monthly_metrics(start=start, end=end, scope=scope)
    ]


def _flags_per_metrics(start: date, end: date, scope=None) -> int:
    return period_metrics(start=start, end=end, scope=scope).flagged_visits


@pytest.fixture
def edges(city):
    """Hand-built rows on every edge of the counting rules, spread over Apr–Jul 2021."""
    a, b, c = city.unit_a, city.unit_b, city.unit_c
    Pairing.objects.filter(unit=b).update(started_on=date(2021, 5, 16))
    # Visits on the first and last day of months, led, late, deleted, without 上报时间.
    make_visit(a, city.c11, date(2021, 4, 1), leader=city.leader1)
    make_visit(
        a, city.c11, date(2021, 4, 30), unit_head_led=True, reported_at=local(date(2021, 5, 4))
    )
    make_visit(a, city.c11, date(2021, 4, 30), reported_at=local(date(2021, 5, 3), 23, 59))
    make_visit(a, city.c11, date(2021, 5, 1), leader=city.leader1, unit_head_led=True)
    make_visit(a, city.c11, date(2021, 5, 15), deleted=True)
    unknown = make_visit(a, city.c11, date(2021, 5, 20), reported_at=local(date(2021, 6, 30)))
    unknown.reported_at_known = False
    unknown.save(update_fields=["reported_at_known"])
    # Reported 00:30 Shanghai on the 4th day after: still the 4th day, late.
    make_visit(b, city.c12, date(2021, 5, 31), reported_at=local(date(2021, 6, 4), 0, 30))
    make_visit(b, city.c12, date(2021, 6, 10))
    make_visit(c, city.c21, date(2021, 6, 30), leader=city.leader2)
    make_visit(c, city.c22, date(2021, 7, 1))  # a community the unit is not paired with
    v = make_visit(a, city.c11, date(2021, 7, 15))
    flag(v, FlagKind.PHOTO_ONLY)
    flag(v, FlagKind.NO_METADATA)
    flag(make_visit(b, city.c12, date(2021, 6, 12)), FlagKind.NO_METADATA, review="accepted")
    flag(make_visit(b, city.c12, date(2021, 6, 13)), FlagKind.REUSED_PHOTO, review="rejected")
    # Problems: found and closed in various months, closed without a verification date,
    # closed before it was found (bad data), deleted.
    make_problem(city.c11, date(2021, 4, 10))
    make_problem(city.c11, date(2021, 4, 20), state=ProblemState.CLOSED, closed_on=date(2021, 6, 1))
    make_problem(
        city.c12, date(2021, 5, 2), state=ProblemState.CLOSED, rectified_on=date(2021, 5, 30)
    )
    make_problem(city.c12, date(2021, 5, 3), state=ProblemState.CLOSED)  # no date at all
    make_problem(city.c21, date(2021, 6, 20), state=ProblemState.CLOSED, closed_on=date(2021, 6, 5))
    make_problem(city.c21, date(2021, 7, 20), state=ProblemState.CLOSED, closed_on=date(2021, 7, 2))
    make_problem(city.c21, date(2021, 3, 31), state=ProblemState.CLOSED, closed_on=date(2021, 4, 1))
    make_problem(city.c22, date(2021, 6, 6), deleted=True)
    make_problem(city.c22, date(2021, 6, 6), state=ProblemState.RECTIFIED)
    return city


PERIODS = [
    (date(2021, 4, 1), date(2021, 7, 31)),  # whole months
    (date(2021, 4, 15), date(2021, 7, 10)),  # partial first and last months
    (date(2021, 5, 31), date(2021, 6, 1)),  # two one-day months
    (date(2021, 7, 5), date(2021, 7, 25)),  # inside one month: closed 2 Jul, found 20 Jul
    (date(2021, 3, 1), date(2021, 9, 30)),  # months with nothing in them
]


@pytest.mark.parametrize(("start", "end"), PERIODS)
def test_each_month_of_the_series_equals_that_months_metrics(edges, start, end):
    assert _series(start, end) == _per_month_metrics(start, end)


@pytest.mark.parametrize("role", ["admin", "leader", "liaison", "street", "community"])
def test_the_series_of_a_scope_equals_its_monthly_metrics(edges, users, role):
    scope = scope_of(users[role])
    start, end = PERIODS[1]
    assert _series(start, end, scope) == _per_month_metrics(start, end, scope)


@pytest.mark.parametrize(("start", "end"), PERIODS)
@pytest.mark.parametrize("role", ["admin", "leader", "liaison", "street", "community"])
def test_the_dashboards_single_scan_equals_period_and_monthly_metrics(
    edges, users, role, start, end
):
    """The dashboard's entry point (one scan of the visits for both) gives what the two
    functions give on their own, for the whole period's months and for its last month."""
    scope = scope_of(users[role])
    for months_from in (start, end.replace(day=1) if end.replace(day=1) > start else start):
        metrics, series = period_and_monthly_metrics(
            start=start, end=end, months_from=months_from, scope=scope
        )
        assert metrics_json(metrics) == metrics_json(
            period_metrics(start=start, end=end, scope=scope)
        )
        assert series == monthly_metrics(start=months_from, end=end, scope=scope)


def test_the_series_worked_out_by_hand(edges):
    april, may, june, july = monthly_metrics(start=date(2021, 4, 1), end=date(2021, 7, 31))
    assert (april.visits, april.leader_led, april.unit_head_led, april.late) == (3, 1, 1, 1)
    assert (may.visits, may.leader_led, may.late) == (3, 1, 1)  # the deleted one is gone
    assert june.visits_by_street == {edges.street1.pk: 3, edges.street2.pk: 1}
    # Closed in April (found 31 March); closed in May by its rectification date.
    assert (april.problems_found, april.problems_closed) == (2, 1)
    assert (may.problems_found, may.problems_closed) == (2, 1)
    # 5 June's closing was found on 20 June: by June's end it is known, so it counts.
    assert (june.problems_found, june.problems_closed) == (2, 2)
    # 2 July's closing was found on 20 July: also counted within July.
    assert (july.problems_found, july.problems_closed) == (1, 1)


def test_flags_by_kind_counts_flags_not_accepted_on_the_periods_visits(edges, users):
    start, end = date(2021, 6, 1), date(2021, 7, 31)
    assert flags_by_kind(start=start, end=end) == {
        FlagKind.PHOTO_ONLY: 1,
        FlagKind.NO_METADATA: 1,
        FlagKind.REUSED_PHOTO: 1,
    }
    assert flags_by_kind(start=start, end=date(2021, 6, 30)) == {FlagKind.REUSED_PHOTO: 1}
    # The street officer of 西湖镇 sees none of these visits.
    assert flags_by_kind(start=start, end=end, scope=scope_of(users["street"])) == {}
    # Flagged visits of the metrics are the same flags, each visit once.
    flagged = VisitFlag.objects.exclude(review="accepted").values("visit").distinct().count()
    assert _flags_per_metrics(start, end) == flagged == 2


def test_the_series_takes_the_same_few_queries_whatever_the_number_of_months(edges):
    with CaptureQueriesContext(connection) as one_month:
        monthly_metrics(start=date(2021, 4, 1), end=date(2021, 4, 30))
    with CaptureQueriesContext(connection) as five_years:
        monthly_metrics(start=date(2017, 1, 1), end=date(2021, 12, 31))
    # Pairings, the counted months (and whether they were counted by today's days allowed
    # to report), the visits of the units only some days are paired, problems by month.
    assert len(one_month) == len(five_years) <= 5


def test_the_demo_citys_series_equals_its_monthly_metrics(settings):
    settings.DEMO_ACTIVITY_SCALE = 0.3
    demo_city_build(seed=2021)
    last = Visit.objects.order_by("-visited_on").values_list("visited_on", flat=True).first()
    start = (last - timedelta(days=200)).replace(day=10)
    assert sum(m.visits for m in monthly_metrics(start=start, end=last)) > 50
    assert _series(start, last) == _per_month_metrics(start, last)
