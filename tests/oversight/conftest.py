"""Shared hand-built data for the oversight tests."""

from __future__ import annotations

from datetime import date

import pytest

from baolian.roster.models import Pairing
from baolian.support.models import MeasureState
from baolian.visits.models import VisitKind
from tests.factories_oversight import local, make_measure, make_problem, make_visit, make_visits


@pytest.fixture
def quarter(city):
    """Q2 2021. 卫健局 visits 桥东 9 times (3 a month, one clean-up led by 李明, one reported
    late); 税务局 twice, from 16 May; 档案馆 never, pairing ends 30 April."""
    Pairing.objects.filter(unit=city.unit_b).update(started_on=date(2021, 5, 16))
    Pairing.objects.filter(unit=city.unit_c).update(ended_on=date(2021, 4, 30))
    days = [date(2021, m, d) for m in (4, 5, 6) for d in (3, 13, 23)]
    make_visits(city.unit_a, city.c11, days[1:-1])
    make_visit(city.unit_a, city.c11, days[0], kinds=(VisitKind.CLEANUP,), leader=city.leader1)
    make_visit(city.unit_a, city.c11, days[-1], reported_at=local(date(2021, 6, 27)))
    make_visits(city.unit_b, city.c12, [date(2021, 5, 20), date(2021, 6, 10)])
    make_measure(city.unit_a, city.c11, date(2021, 5, 1), "1252940")
    make_measure(city.unit_b, city.c12, date(2021, 5, 1), "3000", state=MeasureState.PLANNED)
    make_problem(city.c11, date(2021, 4, 10), deadline=date(2021, 5, 10))
    return city
