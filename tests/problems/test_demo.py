"""The demo city's problems and measures: every state and category, the bulletin's funds."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from baolian.demo.city import demo_city_build
from baolian.problems.models import Problem, ProblemState
from baolian.support import selectors
from baolian.support.models import Category, MeasureState, SupportMeasure


@pytest.mark.django_db
def test_the_demo_has_every_state_and_category_and_the_bulletins_funds():
    demo_city_build(seed=2021)
    assert set(Problem.objects.values_list("state", flat=True)) == set(ProblemState.values)
    assert Problem.objects.filter(sent_back__gt=0).exists()
    assert Problem.objects.filter(extensions__gt=0).exists()
    assert Problem.objects.overdue_at(date(2021, 6, 30)).exists()
    pairs = set(SupportMeasure.objects.values_list("category", "state"))
    assert {c for c, _s in pairs} == set(Category.values)
    assert {s for _c, s in pairs} == set(MeasureState.values)
    june = (date(2021, 4, 1), date(2021, 6, 30))
    assert selectors.funds_invested(start=june[0], end=june[1]) == Decimal("1252940.00")
    assert selectors.measures_not_followed_up(today=june[1]).exists()

    before = (
        list(Problem.objects.values_list("code", "state", "deadline", "closed_on")),
        list(SupportMeasure.objects.values_list("code", "amount_yuan", "state")),
    )
    demo_city_build(seed=2021)
    after = (
        list(Problem.objects.values_list("code", "state", "deadline", "closed_on")),
        list(SupportMeasure.objects.values_list("code", "amount_yuan", "state")),
    )
    assert after == before
