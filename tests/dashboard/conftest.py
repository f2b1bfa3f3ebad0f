from __future__ import annotations

from datetime import date

import pytest
from django.core.cache import cache

from baolian.problems.models import ProblemState
from baolian.visits.models import FlagKind, VisitFlag
from tests.factories_dashboard import make_measure, make_problem, make_visit


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def june(city):
    """Hand-built June 2021 (and May) for the `city` units; the scores are worked out in
    tests/dashboard/test_rankings.py."""
    a, b, c = city.unit_a, city.unit_b, city.unit_c
    # A: 3 visits in June, one led by a municipal leader, all on time; 20,000 yuan given.
    make_visit(a, city.c11, date(2021, 6, 3), leader=city.leader1)
    make_visit(a, city.c11, date(2021, 6, 12))
    make_visit(a, city.c11, date(2021, 6, 24))
    make_measure(a, city.c11, given_on=date(2021, 6, 10), amount="20000")
    # B: 2 visits, one reported 5 days late, one with an open evidence flag; 5,000 yuan;
    # two problems found in c12, one of them closed.
    make_visit(b, city.c12, date(2021, 6, 4), lag=5)
    flagged = make_visit(b, city.c12, date(2021, 6, 15))
    VisitFlag.objects.create(visit=flagged, kind=FlagKind.REUSED_PHOTO, reason="同一照片")
    make_measure(b, city.c12, given_on=date(2021, 6, 16), amount="5000")
    make_problem(
        city.c12,
        found_on=date(2021, 6, 2),
        deadline=date(2021, 6, 30),
        state=ProblemState.CLOSED,
        closed_on=date(2021, 6, 20),
    )
    make_problem(city.c12, found_on=date(2021, 6, 5), deadline=date(2021, 7, 30))
    # C: nothing in June, but 3 visits in May (first place in May).
    for day in (5, 15, 25):
        make_visit(c, city.c21, date(2021, 5, day))
    return city
