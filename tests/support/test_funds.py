"""Funds figures (DESIGN §4) on hand-built measures, each total worked out below."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from baolian.accounts.scoping import scope_of
from baolian.roster.models import CampaignSettings
from baolian.support import selectors
from baolian.support.models import Category as C
from baolian.support.models import MeasureState as M
from baolian.support.money import format_wan
from tests.factories_problems import MeasureFactory

Q2 = (date(2021, 4, 1), date(2021, 6, 30))


@pytest.fixture
def measures(city):
    """unit_a → c11, unit_b → c12, unit_c → c21.

    unit  community  date   category      amount      state
    A     c11        4-10   funds         500,000.00  done         invested
    A     c11        5-02   materials      12,940.50  in progress  invested
    A     c11        6-30   project       250,000.00  planned      pledged
    B     c12        6-01   funds         500,000.00  done         invested (ties with A's?)
    B     c12        7-01   funds         999,999.00  done         after the period
    C     c21        3-31   funds          88,000.00  done         before the period
    C     c21        5-15   coordination         -    done         invested, no amount
    C     c21        6-15   materials       9,999.49  done         invested
    """
    a, b, c = city.unit_a, city.unit_b, city.unit_c
    rows = [
        (a, city.c11, date(2021, 4, 10), C.FUNDS, "500000.00", M.DONE),
        (a, city.c11, date(2021, 5, 2), C.MATERIALS, "12940.50", M.IN_PROGRESS),
        (a, city.c11, date(2021, 6, 30), C.PROJECT, "250000.00", M.PLANNED),
        (b, city.c12, date(2021, 6, 1), C.FUNDS, "500000.00", M.DONE),
        (b, city.c12, date(2021, 7, 1), C.FUNDS, "999999.00", M.DONE),
        (c, city.c21, date(2021, 3, 31), C.FUNDS, "88000.00", M.DONE),
        (c, city.c21, date(2021, 5, 15), C.COORDINATION, None, M.DONE),
        (c, city.c21, date(2021, 6, 15), C.MATERIALS, "9999.49", M.DONE),
    ]
    for unit, community, given_on, category, amount, state in rows:
        MeasureFactory(
            unit=unit,
            community=community,
            given_on=given_on,
            category=category,
            amount_yuan=Decimal(amount) if amount else None,
            state=state,
        )
    return city


def test_invested_is_every_category_not_planned_inside_the_period(measures):
    # 500,000 + 12,940.50 + 500,000 + 9,999.49 = 1,022,939.99
    invested = selectors.funds_invested(start=Q2[0], end=Q2[1])
    assert invested == Decimal("1022939.99")
    assert format_wan(invested) == "102.293999万元"
    assert selectors.funds_pledged(start=Q2[0], end=Q2[1]) == Decimal("250000.00")


def test_totals_per_unit_are_in_roster_order(measures):
    rows = selectors.funds_by_unit(start=Q2[0], end=Q2[1])
    assert [(r.subject, r.invested, r.pledged, r.measures) for r in rows] == [
        (measures.unit_a, Decimal("512940.50"), Decimal("250000.00"), 3),
        (measures.unit_b, Decimal("500000.00"), Decimal("0.00"), 1),
        (measures.unit_c, Decimal("9999.49"), Decimal("0.00"), 2),
    ]


def test_who_gave_most_ranks_by_invested_amount(measures):
    top = selectors.top_fund_units(start=Q2[0], end=Q2[1], limit=2)
    assert [r.subject for r in top] == [measures.unit_a, measures.unit_b]
    july = selectors.top_fund_units(start=date(2021, 7, 1), end=date(2021, 7, 31))
    assert [(r.subject, r.invested) for r in july] == [(measures.unit_b, Decimal("999999.00"))]


def test_totals_per_community(measures):
    rows = selectors.funds_by_community(start=Q2[0], end=Q2[1])
    assert [(r.subject, r.invested) for r in rows] == [
        (measures.c11, Decimal("512940.50")),
        (measures.c12, Decimal("500000.00")),
        (measures.c21, Decimal("9999.49")),
    ]


def test_a_liaison_sees_only_their_units_funds(measures, users):
    scope = scope_of(users["liaison"])  # unit A
    assert selectors.funds_invested(start=Q2[0], end=Q2[1], scope=scope) == Decimal("512940.50")
    assert [r.subject for r in selectors.funds_by_unit(start=Q2[0], end=Q2[1], scope=scope)] == [
        measures.unit_a
    ]


def test_planned_measures_idle_longer_than_the_setting_are_not_followed_up(city):
    settings = CampaignSettings.load()
    settings.support_idle_days = 30
    settings.save()
    today = date(2021, 6, 30)
    idle = MeasureFactory(
        state=M.PLANNED, given_on=date(2021, 5, 1), progressed_on=date(2021, 5, 30)
    )
    MeasureFactory(state=M.PLANNED, given_on=date(2021, 5, 1), progressed_on=date(2021, 5, 31))
    never = MeasureFactory(state=M.PLANNED, given_on=date(2021, 5, 20), progressed_on=None)
    MeasureFactory(state=M.IN_PROGRESS, given_on=date(2021, 1, 1), progressed_on=None)
    # 30 days before 6-30 is 5-31: progress on 5-31 is recent enough, 5-30 is not.
    assert list(selectors.measures_not_followed_up(today=today)) == [idle, never]


def test_who_gave_most_breaks_ties_in_roster_order_and_skips_pledges_and_other_periods(
    city,
):
    """Ranked in the database: equal amounts in roster order, not by id; a unit that only
    pledged, or gave outside the period, is not listed."""
    day = date(2021, 5, 1)
    city.unit_c.sort_order = 0  # first in the roster, last by id
    city.unit_c.save()
    for unit in (city.unit_a, city.unit_b, city.unit_c):
        MeasureFactory(unit=unit, community=city.c11, given_on=day, amount_yuan=Decimal("100"))
    MeasureFactory(unit=city.unit_b, community=city.c12, given_on=day, amount_yuan=Decimal("0.01"))
    top = selectors.top_fund_units(start=Q2[0], end=Q2[1], limit=2)
    assert [(r.subject, r.invested) for r in top] == [
        (city.unit_b, Decimal("100.01")),
        (city.unit_c, Decimal("100.00")),
    ]
    MeasureFactory(
        unit=city.unit_c,
        community=city.c11,
        given_on=day,
        amount_yuan=Decimal("9e6"),
        state=M.PLANNED,
    )
    MeasureFactory(
        unit=city.unit_c, community=city.c11, given_on=date(2021, 7, 1), amount_yuan=Decimal("9e6")
    )
    top = selectors.top_fund_units(start=Q2[0], end=Q2[1])
    assert [r.subject for r in top] == [city.unit_b, city.unit_c, city.unit_a]
    assert top[1].pledged == Decimal("9000000.00")  # the row still shows its pledge


def test_who_gave_most_compares_amounts_to_the_fen_not_as_floats(city):
    """SQLite sums decimals as floats: 0.10 + 0.20 and 0.30 are equal to the fen, a tie the
    roster's order decides (unit A is first)."""
    day = date(2021, 5, 1)
    MeasureFactory(unit=city.unit_a, community=city.c11, given_on=day, amount_yuan=Decimal("0.30"))
    for amount in ("0.10", "0.20"):
        MeasureFactory(
            unit=city.unit_b, community=city.c12, given_on=day, amount_yuan=Decimal(amount)
        )
    top = selectors.top_fund_units(start=Q2[0], end=Q2[1])
    assert [(r.subject, r.invested) for r in top] == [
        (city.unit_a, Decimal("0.30")),
        (city.unit_b, Decimal("0.30")),
    ]
