"""Recording a measure: a liaison within a pairing in force, exact amounts, nothing partial."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from baolian.support import services
from baolian.support.models import Category, MeasureState, SupportMeasure
from baolian.support.money import AmountInvalid, format_wan, parse_yuan
from baolian.support.services import MeasureForbidden, MeasureRefused
from tests.factories_problems import ProblemFactory, jpeg


def record(by, unit, community, **kw):
    values = {
        "given_on": date(2021, 6, 1),
        "category": Category.FUNDS,
        "content": "垃圾分类亭建设资金",
        "amount_yuan": Decimal("30000.00"),
        "state": MeasureState.DONE,
    }
    values.update(kw)
    return services.support_measure_record(by=by, unit=unit, community=community, **values)


def test_a_liaison_records_their_units_measure_with_photos_and_problems(city, users):
    problem = ProblemFactory(community=city.c11)
    measure = record(
        users["liaison"],
        city.unit_a,
        city.c11,
        problems=[problem],
        photos=[("receipt.jpg", jpeg(1))],
    )
    assert list(measure.problems.all()) == [problem]
    assert measure.photos.count() == 1
    assert measure.created_by == users["liaison"]


@pytest.mark.parametrize("who", ["inspector", "leader", "street", "community"])
def test_other_roles_may_not_record_a_measure(city, users, who):
    with pytest.raises(MeasureForbidden):
        record(users[who], city.unit_a, city.c11)
    assert not SupportMeasure.objects.exists()


def test_a_liaison_may_not_record_for_another_unit_or_an_unpaired_community(city, users):
    with pytest.raises(MeasureForbidden):
        record(users["liaison"], city.unit_b, city.c12)
    with pytest.raises(MeasureForbidden):
        record(users["liaison"], city.unit_a, city.c12)
    assert not SupportMeasure.objects.exists()


def test_a_liaison_may_not_record_outside_the_pairings_dates(city, users):
    pairing = city.pairings[0]  # unit A – c11 from 2021-04-01
    pairing.ended_on = date(2021, 5, 31)
    pairing.save()
    with pytest.raises(MeasureForbidden):
        record(users["liaison"], city.unit_a, city.c11, given_on=date(2021, 3, 31))
    with pytest.raises(MeasureForbidden):
        record(users["liaison"], city.unit_a, city.c11, given_on=date(2021, 6, 1))
    assert record(users["liaison"], city.unit_a, city.c11, given_on=date(2021, 5, 31))


def test_coordination_may_have_no_amount_but_funds_must(city, users):
    record(users["admin"], city.unit_a, city.c11, category=Category.COORDINATION, amount_yuan=None)
    with pytest.raises(MeasureRefused, match="amount"):
        record(users["admin"], city.unit_a, city.c11, amount_yuan=None)


@pytest.mark.parametrize("amount", [Decimal("-1.00"), Decimal("1.005")])
def test_a_negative_or_over_precise_amount_is_refused(city, users, amount):
    with pytest.raises(MeasureRefused):
        record(users["admin"], city.unit_a, city.c11, amount_yuan=amount)
    assert not SupportMeasure.objects.exists()


def test_a_measure_links_only_problems_of_its_community(city, users):
    elsewhere = ProblemFactory(community=city.c12)
    with pytest.raises(MeasureRefused):
        record(users["admin"], city.unit_a, city.c11, problems=[elsewhere])
    assert not SupportMeasure.objects.exists()


def test_a_change_of_state_counts_as_progress(city, users):
    measure = record(
        users["liaison"],
        city.unit_a,
        city.c11,
        state=MeasureState.PLANNED,
        given_on=date(2021, 5, 1),
    )
    assert measure.progressed_on == date(2021, 5, 1)
    services.support_measure_update(
        measure=measure,
        by=users["liaison"],
        given_on=measure.given_on,
        category=measure.category,
        content=measure.content,
        amount_yuan=measure.amount_yuan,
        state=MeasureState.IN_PROGRESS,
    )
    measure.refresh_from_db()
    assert (measure.state, measure.progressed_on) == (MeasureState.IN_PROGRESS, date(2021, 6, 20))


@pytest.mark.parametrize(
    "typed, value",
    [
        ("1,252,940", Decimal("1252940.00")),
        ("12345.6元", Decimal("12345.60")),
        ("￥3,000.00", Decimal("3000.00")),
        ("", None),
        (2500.5, Decimal("2500.50")),
    ],
)
def test_amounts_as_people_type_them(typed, value):
    assert parse_yuan(typed) == value


@pytest.mark.parametrize("typed", ["-100", "12.345", "1,23", "一万", "1e5", "12..3"])
def test_amounts_that_are_refused(typed):
    with pytest.raises(AmountInvalid):
        parse_yuan(typed)


@pytest.mark.parametrize(
    "yuan, shown",
    [("1252940", "125.294万元"), ("10000.00", "1万元"), ("5", "0.0005万元"), ("0", "0万元")],
)
def test_amounts_are_shown_in_wan_without_trailing_zeros(yuan, shown):
    assert format_wan(Decimal(yuan)) == shown
