"""The 帮扶措施 sheet of the import workbook (DESIGN §6), idempotent on 编号.

编号, 日期, 包联单位, 社区村, 所属街道镇, 类别(资金/物资/项目/协调), 内容, 金额(元),
状态(计划/推进中/已完成). Amounts may carry thousands separators and 元; they are never rounded.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from baolian.imports.engine import (
    CellInvalid,
    Column,
    Outcome,
    RowInvalid,
    RowResult,
    SheetSpec,
    choice,
    date_cell,
    register,
    resolve_each,
    text,
)
from baolian.lib.text import name_key
from baolian.roster.importers import find_community, find_unit
from baolian.roster.models import Pairing
from baolian.support import services
from baolian.support.models import Category, MeasureState
from baolian.support.money import AmountInvalid, parse_yuan

CATEGORIES = {
    "资金": Category.FUNDS,
    "物资": Category.MATERIALS,
    "项目": Category.PROJECT,
    "协调": Category.COORDINATION,
}
STATES = {
    "计划": MeasureState.PLANNED,
    "推进中": MeasureState.IN_PROGRESS,
    "已完成": MeasureState.DONE,
    "拟投入": MeasureState.PLANNED,
    "进行中": MeasureState.IN_PROGRESS,
    "完成": MeasureState.DONE,
}
OFFERED_STATES = ("计划", "推进中", "已完成")
CATEGORY_LABELS = {value: label for label, value in CATEGORIES.items()}
STATE_LABELS = {value: label for label, value in reversed(list(STATES.items()))}


def amount_cell(raw: object) -> Decimal | None:
    try:
        return parse_yuan(raw)
    except AmountInvalid as exc:
        raise CellInvalid(exc.reason) from None


@register
class SupportSheet(SheetSpec):
    name = "帮扶措施"
    order = 70
    columns = (
        Column("编号", "code", text(64), required=True),
        Column("日期", "given_on", date_cell, required=True),
        Column("包联单位", "unit", text(100), required=True),
        Column("社区村", "community", text(100), required=True, aliases=("包联点",)),
        Column("所属街道镇", "street", text(100), aliases=("街道镇", "所属街道")),
        Column("类别(资金/物资/项目/协调)", "category", choice(CATEGORIES), required=True),
        Column("内容", "content", text(2000), required=True),
        Column("金额(元)", "amount_yuan", amount_cell, aliases=("金额",)),
        Column(
            "状态(计划/推进中/已完成)",
            "state",
            choice(STATES, offered=OFFERED_STATES),
            required=True,
        ),
    )
    example = {
        "编号": "BF-2021-0001",
        "日期": date(2021, 5, 20),
        "包联单位": "市卫生健康局",
        "社区村": "桥东社区",
        "所属街道镇": "太平街道",
        "类别(资金/物资/项目/协调)": "资金",
        "内容": "垃圾分类亭建设",
        "金额(元)": "30,000.00",
        "状态(计划/推进中/已完成)": "已完成",
    }

    def identity(self, values: dict[str, Any]) -> tuple[object, ...]:
        return (name_key(values["code"]),)

    def resolve(self, values: dict[str, Any]) -> dict[str, Any]:
        lookups: dict[str, Any] = {}
        if values.get("unit"):
            lookups["unit"] = lambda: find_unit(values["unit"], "unit")
        if values.get("community"):
            lookups["community"] = lambda: find_community(
                values["community"], values.get("street"), "community"
            )
        return resolve_each(lookups)

    def apply(self, values: dict[str, Any], refs: dict[str, Any], *, row: int) -> RowResult:
        unit, community, day = refs["unit"], refs["community"], values["given_on"]
        pairing = Pairing.objects.filter(unit=unit, community=community).first()
        if pairing is None or not (
            pairing.started_on <= day and (pairing.ended_on is None or day <= pairing.ended_on)
        ):
            raise RowInvalid(
                _(
                    "%(unit)s is not paired with %(community)s on %(day)s: check the date or "
                    "the 包联关系 sheet."
                )
                % {"unit": unit.name, "community": community.name, "day": day.isoformat()},
                "given_on" if pairing else "community",
            )
        amount = values.get("amount_yuan")
        if amount is None and values["category"] != Category.COORDINATION:
            raise RowInvalid(_("Give the amount in yuan (only 协调 may have none)."), "amount_yuan")
        fields: dict[str, object] = {
            "unit": unit,
            "community": community,
            "given_on": day,
            "category": values["category"],
            "content": values["content"],
            "state": values["state"],
        }
        if "amount_yuan" in values:
            fields["amount_yuan"] = amount
        measure, created, changes = services.support_measure_import_upsert(
            code=values["code"], values=fields
        )
        label = f"{values['code']} {unit.name} → {community.name}"
        if created:
            return RowResult(row, Outcome.CREATED, label)
        if changes:
            headers = {col.field: col.header for col in self.columns}
            return RowResult(
                row,
                Outcome.UPDATED,
                label,
                {headers.get(name, name): change for name, change in changes.items()},
            )
        return RowResult(row, Outcome.UNCHANGED, label)
