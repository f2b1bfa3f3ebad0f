"""`baolian import` of a whole other city in one workbook, then `baolian report --json`:
every key of DESIGN §5 against figures worked out by hand from the rows in conftest.py."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from baolian.problems.models import Problem
from baolian.roster.models import Community, Pairing, Street, Unit
from baolian.support.models import SupportMeasure
from baolian.visits.models import Visit
from tests.acceptance.conftest import U1, U2, U3, U4, U5, baolian, report_json

pytestmark = pytest.mark.django_db

APRIL_TO_JUNE = ("2021-04-01", "2021-06-30")


def test_the_whole_city_imports_from_one_workbook_with_every_sheet(imported_city):
    assert list(Unit.objects.order_by("sort_order").values_list("name", flat=True)) == [
        U1,
        U2,
        U3,
        U4,
        U5,
    ]
    assert Street.objects.count() == 4
    # 幸福社区 twice, one in each street.
    assert sorted(
        Community.objects.filter(name="幸福社区").values_list("street__name", flat=True)
    ) == ["东关街道", "红旗街道"]
    assert Community.objects.get(name="柳河村").kind == "village"
    assert Street.objects.get(name="柳河镇").kind == "town"
    assert Pairing.objects.count() == 6
    assert Visit.objects.count() == 20
    assert SupportMeasure.objects.count() == 6
    assert Problem.objects.count() == 6


def test_dates_typed_every_way_read_as_the_same_days(imported_city):
    days = dict(Visit.objects.values_list("code", "visited_on"))
    assert str(days["QS-001"]) == "2021-04-03"  # a real date cell
    assert str(days["QS-002"]) == "2021-04-10"  # 2021-04-10
    assert str(days["QS-003"]) == "2021-04-20"  # 2021/4/20
    assert str(days["QS-004"]) == "2021-05-02"  # 2021.5.2
    assert str(days["QS-005"]) == "2021-05-12"  # 2021年5月12日
    assert str(days["QS-006"]) == "2021-05-22"  # 2021-5-22
    assert str(days["QS-007"]) == "2021-06-01"  # a date-time cell
    u2 = Pairing.objects.get(unit__name=U2)
    u3 = Pairing.objects.get(unit__name=U3)
    assert (str(u2.started_on), u2.ended_on) == ("2021-05-16", None)
    assert (str(u3.started_on), str(u3.ended_on)) == ("2021-01-01", "2021-05-15")


def test_yes_no_accepts_y_n_and_1_0(imported_city):
    led = dict(Visit.objects.values_list("code", "unit_head_led"))
    assert [led[f"QS-00{i}"] for i in range(1, 10)] == [
        True,  # 是
        False,  # 否
        True,  # Y
        False,  # N
        True,  # the number 1
        False,  # the number 0
        True,  # "1"
        False,  # "0"
        False,  # 否
    ]


def test_amounts_with_thousands_separators_are_exact(imported_city):
    amounts = dict(SupportMeasure.objects.values_list("code", "amount_yuan"))
    assert amounts["QF-1"] == Decimal("1000000.00")
    assert amounts["QF-2"] == Decimal("172940.00")
    assert amounts["QF-5"] == Decimal("30000.00")


def test_report_json_has_every_key_of_design_5_computed_by_the_rules(imported_city):
    got = report_json(*APRIL_TO_JUNE)
    expected = {
        "from": "2021-04-01",
        "to": "2021-06-30",
        # U5's only pairing ended on 2021-03-31.
        "units_total": 4,
        # U4 never visited 湖滨社区, paired from 2021-06-01.
        "units_docked": 3,
        "units_not_docked": [U4],
        # U1: 9 ÷ 3.0 = 3.0; U2: 5 ÷ (16/31 + 1) = 3.3. U3: 2 ÷ (1 + 15/31) = 1.35.
        "units_meeting_quota": [U1, U2],
        # U4: 2 ÷ 3.0 = 0.67.
        "units_below_low_line": [U4],
        # 红旗街道, 东关街道, 柳河镇, 南湖街道 (北沟村's pairing ended before the period).
        "streets_total": 4,
        "streets_visited": 3,
        "communities_total": 5,
        "communities_visited": 4,
        # QS-010 (March) and QS-011 (July) are outside.
        "visits_total": 18,
        # Visits with 卫生整治 or 宣传教育: QS-001, 003, 004, 009, 012, 016, 018, 019.
        "activities_total": 8,
        # With a 带队市领导: QS-001, 004, 012, 016, 019.
        "leader_led_visits": 5,
        # QS-003 (4 days), QS-006 (8), QS-016 (8); QS-002 is 3 days (on time) and QS-005 has
        # no 上报时间 (unknown: not late).
        "late_visits": 3,
        # QF-1 1,000,000 + QF-2 172,940 + QF-5 30,000 + QF-6 50,000; QF-3 is 计划, QF-4 March.
        "funds_invested_yuan": "1252940.00",
        "funds_pledged_yuan": "300000.00",
        # U1 1,172,940; U3 50,000; U4 30,000; U2 only pledged. Roster order.
        "top_fund_units": [U1, U3, U4],
        # QP-1, QP-3, QP-5 found inside; QP-1 and QP-4 verified inside; QP-2 and QP-5 open
        # past a deadline before 2021-06-30.
        "problems_found": 3,
        "problems_closed": 2,
        "problems_overdue": 2,
    }
    assert {key: got[key] for key in expected} == expected


def test_units_are_judged_on_the_months_their_pairings_were_active(imported_city):
    units = {u["name"]: u for u in report_json(*APRIL_TO_JUNE)["units"]}
    assert units[U1]["months_judged"] == 3.0
    assert units[U2]["months_judged"] == round(float(Fraction(16, 31) + 1), 4)
    assert units[U3]["months_judged"] == round(float(1 + Fraction(15, 31)), 4)
    assert units[U4]["months_judged"] == 3.0  # two pairings: their union
    assert U5 not in units
    assert units[U2]["average_per_month"] == round(float(5 / (Fraction(16, 31) + 1)), 4)


def test_a_partial_month_period(imported_city):
    """2021-05-16..2021-06-15: half of May and half of June."""
    got = report_json("2021-05-16", "2021-06-15")
    # U1: 004? no (05-02); 005 (05-12)? no; 006 (05-22), 007 (06-01), 008 (06-15): 3 visits
    # in 16/31 + 15/30 months = 1.016: 2.95 a month, below the quota.
    # U2: 012, 013, 014, 015: 4 in the same 1.016 months: 3.94, meets.
    # U3: its pairing ended 05-15: not a unit of this period.
    # U4: 柳河村 all through, 湖滨社区 from 06-01; no visit: 0, below the line, not docked
    # (湖滨社区 never visited; 柳河村 was, on 04-18, before the period: that counts).
    assert got["units_total"] == 3
    assert got["units_meeting_quota"] == [U2]
    assert got["units_below_low_line"] == [U4]
    assert got["units_not_docked"] == [U4]
    assert got["visits_total"] == 7
    assert got["late_visits"] == 1  # QS-006
    assert got["funds_invested_yuan"] == "172940.00"
    assert got["funds_pledged_yuan"] == "300000.00"
    assert got["top_fund_units"] == [U1]
    assert got["streets_total"] == 4  # 红旗 (U1), 东关, 柳河镇, 南湖
    assert got["communities_total"] == 4  # 朝阳社区's pairing ended 05-15


def test_the_text_report_table_lists_the_units_in_roster_order(imported_city):
    out = baolian("report", "--from", APRIL_TO_JUNE[0], "--to", APRIL_TO_JUNE[1])
    rows = [line.split()[1] for line in out.splitlines() if line.strip()[:1].isdigit()]
    assert rows == [U1, U2, U3, U4]
    assert U5 not in out
