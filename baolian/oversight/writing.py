"""The bulletin's words, written from the figures in the register of the real bulletin
(`shared/reference`): overall situation, what leaders did, problems cleared, typical cases,
what is wrong and what must be done next.

It writes; it never counts: every number and list comes from a `Metrics` object. The result
is plain text the office edits before publishing. Its conventions, read back by
`documents.parse_body`: one paragraph per line; a line starting 一、 is a heading; a line
starting （一） is a sub-heading, or a paragraph whose first sentence is its heading.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from baolian.oversight.formatting import cn_number, decimal, names, percent, wan
from baolian.oversight.metrics import Metrics


@dataclass(frozen=True)
class CaseText:
    """A typical case (典型做法) an inspector picked: a unit and what it did, phrased as the
    rest of a sentence whose subject is the unit ("为下津村捐赠垃圾桶一批")."""

    unit: str
    text: str


def period_phrase(start: date, end: date, *, cutoff: bool) -> str:
    """截至6月底 for a cut-off ending a month; 2021年4月1日至6月30日 for a period."""
    if cutoff:
        if end.day == calendar.monthrange(end.year, end.month)[1]:
            return f"截至{end.month}月底"
        return f"截至{end.month}月{end.day}日"
    same_year = start.year == end.year
    tail = f"{end.month}月{end.day}日" if same_year else f"{end.year}年{end.month}月{end.day}日"
    return f"{start.year}年{start.month}月{start.day}日至{tail}"


def _sentence(text: str) -> str:
    text = text.strip().rstrip("。；;，,. ")
    return text + "。" if text else ""


def _case_sentence(case: CaseText) -> str:
    text = case.text.strip()
    return _sentence(text if text.startswith(case.unit) else case.unit + text)


def write_body(
    m: Metrics,
    *,
    cutoff: bool,
    office: str,
    cases: list[CaseText] | None = None,
) -> str:
    """The editable text of a bulletin for these figures."""
    when = period_phrase(m.start, m.end, cutoff=cutoff)
    quota, low = decimal(m.quota), decimal(m.low_line)
    office = office or "市创卫办"
    paragraphs: list[str] = []
    add = paragraphs.append

    add(
        f"根据市级领导和单位包联街道（镇）、社区（村）落实创卫工作任务的要求，{when}，"
        f"{office}督导检查组通过包联工作平台记录和现场检查，掌握各市级包联单位开展创卫包联工作"
        "进展情况，现通报如下。"
    )

    # 一、总体情况
    number = 0

    def heading(title: str) -> None:
        nonlocal number
        number += 1
        add(f"{cn_number(number)}、{title}")

    heading("总体情况")
    if m.units_total and not m.units_not_docked:
        docking = f"全市{m.units_total}个市级包联单位全部完成与对应包联点创卫工作对接"
    else:
        docking = (
            f"全市{m.units_total}个市级包联单位中，{m.units_docked}个完成与对应包联点创卫工作对接，"
            f"{names(m.units_not_docked)}共{len(m.units_not_docked)}个单位尚未完成对接"
        )
    overall = (
        f"{when}，{docking}，先后深入{m.streets_visited}个街道（镇）、"
        f"{m.communities_visited}个社区（村）开展包联行动共{m.visits_total}场次"
    )
    clauses = []
    if m.units_meeting_quota:
        clauses.append(f"{names(m.units_meeting_quota)}等单位平均每月不低于{quota}场次")
    if m.units_below_low_line:
        clauses.append(f"{names(m.units_below_low_line)}等单位平均每月低于{low}次")
    if clauses:
        overall += "，其中" + "，".join(clauses)
    add(_sentence(overall))
    add(
        _sentence(
            f"各包联单位围绕“清理、整治、宣传”工作，{when}共开展创卫宣传、卫生整治等活动"
            f"{m.activities_total}场次"
        )
    )
    funds = f"{when}，市级包联领导和单位投入创国卫帮扶资金共{wan(m.funds_invested)}万元"
    if m.top_fund_units:
        funds += f"，其中{names(m.top_fund_units)}资金帮扶力度较大"
    if m.funds_pledged:
        funds += f"；另有{wan(m.funds_pledged)}万元帮扶资金计划投入"
    add(_sentence(funds))

    # 二、领导带队
    heading("市级领导带队情况")
    leading = m.leaders_leading
    lead = f"市级包联领导带队深入包联点开展包联行动{m.leader_led_visits}场次"
    if leading:
        lead += f"，{names(leading)}等{len(leading)}位市级包联领导亲自带队调研指导"
    lead += f"；各单位领导亲自带队{m.unit_head_led_visits}场次"
    add(_sentence(lead))
    idle_leaders = [r.name for r in m.leaders if r.units and not r.visits_led]
    if idle_leaders:
        add(_sentence(f"{names(idle_leaders)}等市级包联领导本期尚未带队深入包联点"))

    # 三、问题整改
    heading("问题清单整改情况")
    problems = f"{when}，各包联点新发现问题{m.problems_found}个，整改销号{m.problems_closed}个"
    if m.closure_rate is not None:
        problems += f"，结案率{percent(m.closure_rate)}"
    if m.on_time_rate is not None:
        problems += f"，按期结案率{percent(m.on_time_rate)}"
    problems += f"；超过整改时限仍未销号的问题{m.problems_overdue}个"
    add(_sentence(problems))

    # 四、典型做法
    if cases:
        heading("典型做法")
        add("".join(_case_sentence(c) for c in cases))

    # 五、存在问题 — only what the figures show
    wrongs: list[tuple[str, str]] = []
    below = m.units_below_quota
    if below:
        text = (
            f"目前仍有{len(below)}个市包联单位未落实每月不低于{quota}次到包联社区（村）指导、"
            f"督促、检查创卫工作的要求，分别是：{names(below)}"
        )
        unled = m.units_without_leader_led
        if unled:
            text += f"；{names(unled)}等单位开展包联工作没有安排领导带队"
        wrongs.append(("包联单位重视程度有待提高", _sentence(text)))
    if m.late_visits:
        wrongs.append(
            (
                "信息报送不够及时",
                _sentence(
                    f"{m.late_visits}场次包联行动超过{m.late_days}天才上报，涉及"
                    f"{names(m.units_reporting_late)}，市包联领导和单位掌握包联点创卫工作信息滞后"
                ),
            )
        )
    if m.flagged_visits:
        wrongs.append(
            (
                "求真务实的工作态度有待加强",
                _sentence(
                    f"{m.flagged_visits}场次包联行动的照片佐证存疑（照片重复使用、拍摄时间或地点不符、"
                    f"仅有照片没有工作内容等），涉及{names(m.units_flagged)}，"
                    "须防止走过场、拍照片"
                ),
            )
        )
    if m.problems_overdue:
        wrongs.append(
            (
                "问题整改进度滞后",
                _sentence(
                    f"{m.problems_overdue}个问题超过整改时限仍未销号，"
                    "对照创国卫标准的短板问题清零进度不快"
                ),
            )
        )
    if m.support_idle:
        wrongs.append(
            (
                "帮扶措施缺乏连贯性",
                _sentence(
                    f"{m.support_idle}项计划帮扶措施长时间没有进展，涉及"
                    f"{names(m.units_support_idle)}，帮扶承诺未及时落实落地"
                ),
            )
        )
    if wrongs:
        heading("存在问题")
        for i, (title, text) in enumerate(wrongs, start=1):
            add(f"（{cn_number(i)}）{title}")
            add(text)

    # 六、工作建议 — one per problem shown, then the standing ones
    heading("工作建议")
    advice = []
    if below:
        advice.append(
            f"端正认识，务实参与创卫包联工作。未达到每月不低于{quota}次要求的单位要把创卫包联工作"
            "作为“一把手”工程来抓，压实领导职责，真正把身子沉下基层。"
        )
    if m.late_visits:
        advice.append(
            f"加强信息报送。各包联单位开展包联行动后{m.late_days}天内如实上报工作内容和照片佐证，"
            "及时协调解决工作中碰到的突出问题。"
        )
    if m.flagged_visits:
        advice.append(
            "求真务实，杜绝形式主义。督导检查组将对佐证存疑的包联行动逐一核实，"
            "各单位要围绕问题短板落实整改措施，不以拍照留痕代替工作成效。"
        )
    if m.support_idle:
        advice.append(
            "跟踪落实帮扶措施。已计划的帮扶项目要明确时间节点，按计划推进、及时报送进展。"
        )
    advice.append(
        "对标对表，加快短板问题清零工作。各市包联单位要对标创国卫各项标准和要求，"
        "深入现场逐项对照检查，列出问题清单，督促指导社区（村）抓好整改提升。"
    )
    for i, text in enumerate(advice, start=1):
        add(f"（{cn_number(i)}）{text}")

    return "\n".join(p for p in paragraphs if p) + "\n"
