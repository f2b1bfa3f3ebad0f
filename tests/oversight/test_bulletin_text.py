"""The bulletin's words state the figures and the names, in roster order, joined with 、."""

from __future__ import annotations

from datetime import date

import pytest

from baolian.oversight.metrics import period_metrics
from baolian.oversight.writing import CaseText, period_phrase, write_body
from baolian.support.models import MeasureState
from tests.factories import CommunityFactory, PairingFactory, UnitFactory
from tests.factories_oversight import make_measure, make_visits

pytestmark = pytest.mark.django_db
APRIL, JUNE_END = date(2021, 4, 1), date(2021, 6, 30)


def body(**kwargs) -> str:
    m = period_metrics(start=APRIL, end=JUNE_END)
    return write_body(m, cutoff=True, office="潮州市创卫办", **kwargs)


def test_the_overall_paragraph_states_the_quarters_figures(quarter):
    text = body()
    assert (
        "截至6月底，全市3个市级包联单位中，2个完成与对应包联点创卫工作对接，"
        "市档案馆共1个单位尚未完成对接，先后深入1个街道（镇）、2个社区（村）开展包联行动共11场次，"
        "其中市卫生健康局等单位平均每月不低于3场次，市档案馆等单位平均每月低于1次。"
    ) in text
    assert "共开展创卫宣传、卫生整治等活动1场次" in text
    assert (
        "投入创国卫帮扶资金共125.294万元，其中市卫生健康局资金帮扶力度较大；"
        "另有0.3万元帮扶资金计划投入。"
    ) in text
    assert "市级包联领导带队深入包联点开展包联行动1场次，李明等1位市级包联领导亲自带队" in text
    assert "新发现问题1个，整改销号0个" in text and "超过整改时限仍未销号的问题1个" in text


def test_what_is_wrong_is_written_from_the_data(quarter):
    text = body()
    # 税务局 averages 1.32 and 档案馆 0: both below the quota of 3, in roster order
    assert "目前仍有2个市包联单位未落实每月不低于3次" in text
    assert "分别是：市税务局、市档案馆" in text
    assert "1场次包联行动超过3天才上报，涉及市卫生健康局" in text
    assert "（三）问题整改进度滞后" in text  # numbered after the two above
    assert "佐证存疑" not in text  # nothing flagged, nothing said
    assert text.index("四、存在问题") < text.index("五、工作建议")


def test_when_every_unit_docked_the_bulletin_says_all(city):
    for pairing, unit in zip(city.pairings, (city.unit_a, city.unit_b, city.unit_c), strict=True):
        make_visits(unit, pairing.community, [date(2021, 4, 5)])
    assert "全市3个市级包联单位全部完成与对应包联点创卫工作对接" in body()


def test_names_follow_the_roster_not_the_alphabet_or_creation(db):
    community = CommunityFactory()
    # created in another order than the roster's
    units = [
        UnitFactory(name="市委党校", sort_order=3),
        UnitFactory(name="市法院", sort_order=1),
        UnitFactory(name="韩山师院", sort_order=2),
    ]
    for unit in units:
        PairingFactory(unit=unit, community=community, started_on=APRIL)
        make_visits(unit, community, [date(2021, m, d) for m in (4, 5, 6) for d in (1, 2, 3)])
        make_measure(unit, community, date(2021, 5, 1), "10000")
    make_measure(units[0], community, date(2021, 5, 2), "5000", state=MeasureState.PLANNED)
    text = body()
    assert "其中市法院、韩山师院、市委党校等单位平均每月不低于3场次。" in text
    assert "3万元，其中市法院、韩山师院、市委党校资金帮扶力度较大" in text


def test_typical_cases_are_cited_with_their_unit(quarter):
    text = body(
        cases=[
            CaseText("市税务局", "为新桥社区制作更新创卫宣传栏"),
            CaseText("市卫生健康局", "市卫生健康局在桥东社区开展义诊。"),
        ]
    )
    assert (
        "四、典型做法\n市税务局为新桥社区制作更新创卫宣传栏。市卫生健康局在桥东社区开展义诊。"
        in text
    )


def test_period_phrases():
    assert period_phrase(APRIL, JUNE_END, cutoff=True) == "截至6月底"
    assert period_phrase(APRIL, date(2021, 6, 15), cutoff=True) == "截至6月15日"
    assert period_phrase(APRIL, JUNE_END, cutoff=False) == "2021年4月1日至6月30日"
    assert (
        period_phrase(date(2021, 12, 1), date(2022, 1, 31), cutoff=False)
        == "2021年12月1日至2022年1月31日"
    )
