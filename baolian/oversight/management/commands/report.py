from __future__ import annotations

import json
import unicodedata

from django.core.management.base import BaseCommand, CommandError, CommandParser

from baolian.accounts.models import User
from baolian.accounts.scoping import Scope
from baolian.lib.dates import format_cn
from baolian.oversight.formatting import decimal, names, wan, yuan
from baolian.oversight.management.commands._period import (
    add_period_arguments,
    period_from_options,
)
from baolian.oversight.metrics import Metrics, metrics_json, period_metrics


class Command(BaseCommand):
    help = (
        "包联工作统计（按 DESIGN §4 规则）/ The figures of a period: "
        "report --from D --to D [--json], or --until D from the campaign's start."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_period_arguments(parser)
        parser.add_argument("--json", action="store_true", help="输出 JSON / print JSON")
        parser.add_argument(
            "--as",
            dest="as_user",
            help="按该用户的权限范围统计 / count only what this user may see",
        )

    def handle(self, *args: object, **options: object) -> None:
        start, end = period_from_options(options)
        scope = None
        if options.get("as_user"):
            try:
                scope = Scope.for_user(User.objects.get(username=options["as_user"]))
            except User.DoesNotExist as exc:
                raise CommandError(f"没有用户 {options['as_user']} / no such user") from exc
        metrics = period_metrics(start=start, end=end, scope=scope)
        if options["json"]:
            self.stdout.write(json.dumps(metrics_json(metrics), ensure_ascii=False, indent=2))
            return
        self.stdout.write(report_text(metrics))


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    space = " " * max(0, width - _width(text))
    return space + text if right else text + space


def report_text(m: Metrics) -> str:
    """A readable Chinese summary, then every unit in roster order."""
    lines = [
        f"包联工作统计  {format_cn(m.start)}至{format_cn(m.end)}（{decimal(m.months)}个月）",
        "",
        f"包联单位 {m.units_total} 个，已完成对接 {m.units_docked} 个"
        + (f"；未对接：{names(m.units_not_docked)}" if m.units_not_docked else "")
        + "。",
        f"深入街道（镇）{m.streets_visited} 个（共 {m.streets_total} 个），"
        f"社区（村）{m.communities_visited} 个（共 {m.communities_total} 个）。",
        f"包联行动 {m.visits_total} 场次，其中创卫宣传、卫生整治等活动 {m.activities_total} 场次，"
        f"市级领导带队 {m.leader_led_visits} 场次，迟报 {m.late_visits} 场次，"
        f"佐证存疑 {m.flagged_visits} 场次。",
        f"平均每月不低于 {decimal(m.quota)} 场次的单位（{len(m.units_meeting_quota)} 个）："
        f"{names(m.units_meeting_quota) or '无'}。",
        f"平均每月低于 {decimal(m.low_line)} 次的单位（{len(m.units_below_low_line)} 个）："
        f"{names(m.units_below_low_line) or '无'}。",
        f"投入帮扶资金 {wan(m.funds_invested)} 万元，拟投入 {wan(m.funds_pledged)} 万元；"
        f"投入较多：{names(m.top_fund_units) or '无'}。",
        f"问题清单：发现 {m.problems_found} 个，销号 {m.problems_closed} 个，"
        f"逾期未销号 {m.problems_overdue} 个。",
        "",
    ]
    columns = [
        ("序号", 4, True),
        ("单位", 24, False),
        ("判定月数", 8, True),
        ("场次", 6, True),
        ("月均", 6, True),
        ("达标月", 7, True),
        ("对接", 4, False),
        ("领导带队", 8, True),
        ("迟报", 4, True),
        ("存疑", 4, True),
        ("投入(元)", 12, True),
        ("拟投入(元)", 12, True),
        ("问题发现/销号", 13, True),
    ]
    lines.append("  ".join(_pad(title, w, right) for title, w, right in columns))
    for i, u in enumerate(m.units, start=1):
        cells = [
            str(i),
            u.name,
            decimal(u.months),
            str(u.visits),
            decimal(u.average),
            f"{u.months_met}/{u.months_counted}",
            "是" if u.docked else "否",
            str(u.leader_led),
            str(u.late),
            str(u.flagged),
            yuan(u.invested),
            yuan(u.pledged),
            f"{u.problems_found}/{u.problems_closed}",
        ]
        lines.append(
            "  ".join(_pad(c, w, right) for c, (_t, w, right) in zip(cells, columns, strict=True))
        )
    return "\n".join(lines) + "\n"
