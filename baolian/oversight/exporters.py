"""The figures of a period as workbook sheets: headline, every unit, every street."""

from __future__ import annotations

from collections.abc import Iterator

from baolian.lib.xlsx import Sheet
from baolian.oversight.formatting import decimal, names, percent
from baolian.oversight.metrics import Metrics


def _headline(m: Metrics) -> Iterator[list[object]]:
    yield ["开始日期", m.start]
    yield ["结束日期", m.end]
    yield ["月数", float(round(m.months, 4))]
    yield ["包联单位（个）", m.units_total]
    yield ["已对接单位（个）", m.units_docked]
    yield ["未对接单位", names(m.units_not_docked)]
    yield [f"平均每月不低于{decimal(m.quota)}场次的单位", names(m.units_meeting_quota)]
    yield [f"平均每月低于{decimal(m.low_line)}次的单位", names(m.units_below_low_line)]
    yield ["包联街道（镇）（个）", m.streets_total]
    yield ["深入街道（镇）（个）", m.streets_visited]
    yield ["包联社区（村）（个）", m.communities_total]
    yield ["深入社区（村）（个）", m.communities_visited]
    yield ["包联行动（场次）", m.visits_total]
    yield ["创卫宣传、卫生整治等活动（场次）", m.activities_total]
    yield ["市级领导带队（场次）", m.leader_led_visits]
    yield ["单位领导带队（场次）", m.unit_head_led_visits]
    yield [f"迟报（超过{m.late_days}天）（场次）", m.late_visits]
    yield ["佐证存疑（场次）", m.flagged_visits]
    yield ["投入帮扶资金（元）", m.funds_invested]
    yield ["拟投入帮扶资金（元）", m.funds_pledged]
    yield ["帮扶力度较大的单位", names(m.top_fund_units)]
    yield ["计划帮扶措施未跟进（项）", m.support_idle]
    yield ["发现问题（个）", m.problems_found]
    yield ["销号问题（个）", m.problems_closed]
    yield ["逾期未销号问题（个）", m.problems_overdue]
    yield ["结案率", percent(m.closure_rate)]
    yield ["按期结案率", percent(m.on_time_rate)]


UNIT_HEADERS = [
    "序号", "单位", "包联社区（村）", "市级包联领导", "判定月数", "包联行动（场次）",
    "判定期内场次", "月均场次", "达到要求", "低于底线", "达标月数", "覆盖月数", "已对接",
    "未对接社区（村）", "市级领导带队", "单位领导带队", "活动", "迟报", "佐证存疑",
    "投入资金（元）", "拟投入资金（元）", "未跟进措施", "发现问题", "销号问题", "逾期问题",
    "最近一次行动",
]  # fmt: skip

STREET_HEADERS = [
    "街道（镇）", "包联社区（村）", "深入社区（村）", "包联单位", "包联行动（场次）", "活动",
    "投入资金（元）", "拟投入资金（元）", "发现问题", "销号问题", "逾期问题",
]  # fmt: skip


def _yes(flag: bool) -> str:
    return "是" if flag else "否"


def _units(m: Metrics) -> Iterator[list[object]]:
    for i, u in enumerate(m.units, start=1):
        yield [
            i, u.name, names(u.communities), names(u.leaders), float(round(u.months, 4)),
            u.visits, u.visits_judged,
            None if u.average is None else float(round(u.average, 2)),
            _yes(u.meets_quota), _yes(u.below_low_line), u.months_met, u.months_counted,
            _yes(u.docked), names(u.communities_not_docked), u.leader_led, u.unit_head_led,
            u.activities, u.late, u.flagged, u.invested, u.pledged, u.support_idle,
            u.problems_found, u.problems_closed, u.problems_overdue, u.last_visit_on,
        ]  # fmt: skip


def _streets(m: Metrics) -> Iterator[list[object]]:
    for s in m.streets:
        yield [
            s.name, s.communities_paired, s.communities_visited, s.units, s.visits,
            s.activities, s.invested, s.pledged, s.problems_found, s.problems_closed,
            s.problems_overdue,
        ]  # fmt: skip


def metrics_sheets(m: Metrics) -> list[Sheet]:
    return [
        Sheet("总体情况", ["指标", "数值"], _headline(m)),
        Sheet("各单位", UNIT_HEADERS, _units(m)),
        Sheet("各街道", STREET_HEADERS, _streets(m)),
    ]
