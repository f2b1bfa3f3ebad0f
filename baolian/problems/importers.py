"""The 问题清单 sheet of the import workbook (DESIGN §6), idempotent on 编号.

编号, 社区村, 所属街道镇, 标准条目, 问题描述, 发现日期, 发现单位, 整改时限, 状态,
整改完成日期, 复核日期

标准条目 may be an item number （十） or 10, a category, an item or checklist title (matched
leniently), or empty. 发现单位 is a unit of the roster, or 督导组 / 社区 for the inspection team
or the community's own check.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from baolian.imports.engine import (
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
from baolian.problems import selectors, services
from baolian.problems.models import FoundBy, ProblemState
from baolian.roster.importers import find_community, find_unit

STATES = {
    "待整改": ProblemState.OPEN,
    "整改中": ProblemState.RECTIFYING,
    "已整改": ProblemState.RECTIFIED,
    "已销号": ProblemState.CLOSED,
    # What lists kept by hand also say:
    "未整改": ProblemState.OPEN,
    "退回": ProblemState.RECTIFYING,
    "待复核": ProblemState.RECTIFIED,
    "已结案": ProblemState.CLOSED,
    "销号": ProblemState.CLOSED,
}
OFFERED_STATES = ("待整改", "整改中", "已整改", "已销号")
STATE_LABELS = {value: label for label, value in reversed(list(STATES.items()))}
INSPECTION = ("督导组", "督导检查组", "创卫办", "市创卫办")
COMMUNITY_SELF = ("社区", "村", "社区自查", "村自查", "自查")


def found_by_label(problem: Any) -> str:
    if problem.found_by_unit_id:
        return problem.found_by_unit.name
    if problem.found_by == FoundBy.INSPECTOR:
        return INSPECTION[0]
    if problem.found_by == FoundBy.COMMUNITY:
        return COMMUNITY_SELF[2]
    return ""


def standard_label(item: Any) -> str:
    """How the export writes an entry so that the import finds the same one again."""
    if item is None:
        return ""
    return item.label or item.title


@register
class ProblemSheet(SheetSpec):
    name = "问题清单"
    order = 80
    columns = (
        Column("编号", "code", text(64), required=True),
        Column("社区村", "community", text(100), required=True, aliases=("包联点",)),
        Column("所属街道镇", "street", text(100), aliases=("街道镇", "所属街道")),
        Column("标准条目", "standard", text(300), aliases=("创国卫标准", "标准")),
        Column("问题描述", "description", text(2000), required=True, aliases=("问题",)),
        Column("发现日期", "found_on", date_cell, required=True),
        Column("发现单位", "found_by", text(100)),
        Column("整改时限", "deadline", date_cell, aliases=("整改期限",)),
        Column("状态", "state", choice(STATES, offered=OFFERED_STATES)),
        Column("整改完成日期", "rectified_on", date_cell),
        Column("复核日期", "closed_on", date_cell, aliases=("销号日期",)),
    )
    example = {
        "编号": "WT-2021-0001",
        "社区村": "桥东社区",
        "所属街道镇": "太平街道",
        "标准条目": "（十一）",
        "问题描述": "3巷口垃圾乱堆放",
        "发现日期": date(2021, 5, 10),
        "发现单位": "市卫生健康局",
        "整改时限": date(2021, 5, 31),
        "状态": "待整改",
        "整改完成日期": None,
        "复核日期": None,
    }

    def identity(self, values: dict[str, Any]) -> tuple[object, ...]:
        return (name_key(values["code"]),)

    def resolve(self, values: dict[str, Any]) -> dict[str, Any]:
        lookups: dict[str, Any] = {}
        if values.get("community"):
            lookups["community"] = lambda: find_community(
                values["community"], values.get("street"), "community"
            )
        if values.get("standard"):
            lookups["standard"] = lambda: _find_standard(values["standard"])
        if values.get("found_by"):
            lookups["found_by"] = lambda: _find_finder(values["found_by"])
        lookups["dates"] = lambda: _check_dates(values)
        return resolve_each(lookups)

    def apply(self, values: dict[str, Any], refs: dict[str, Any], *, row: int) -> RowResult:
        fields: dict[str, object] = {
            "community": refs["community"],
            "description": values["description"],
            "found_on": values["found_on"],
        }
        if "standard" in values:
            fields["standard_item"] = refs.get("standard")
        if "found_by" in values:
            found_by, unit = refs.get("found_by") or (FoundBy.OTHER, None)
            fields["found_by"], fields["found_by_unit"] = found_by, unit
        for name in ("deadline", "rectified_on", "closed_on"):
            if name in values:
                fields[name] = values[name]
        if values.get("state"):
            fields["state"] = values["state"]
        _check_state(fields, values)
        problem, created, changes = services.problem_import_upsert(
            code=values["code"], values=fields
        )
        label = f"{values['code']} {problem.community.name}"
        if created:
            return RowResult(row, Outcome.CREATED, label)
        if changes:
            headers = {col.field: col.header for col in self.columns}
            renamed = {
                "standard_item": "standard",
                "found_by_unit": "found_by",
            }
            shown = {
                headers.get(renamed.get(name, name), name): before_after
                for name, before_after in changes.items()
            }
            return RowResult(row, Outcome.UPDATED, label, shown)
        return RowResult(row, Outcome.UNCHANGED, label)


def _find_standard(typed: str) -> object:
    try:
        return selectors.standard_item_find(typed)
    except LookupError:
        raise RowInvalid(
            _(
                "Unknown standard item “%(value)s”: write an item number such as （十） or 10, "
                "a category, a checklist entry (卫生死角, 公厕 …), or leave it empty."
            )
            % {"value": typed},
            "standard",
        ) from None


def _find_finder(typed: str) -> tuple[str, object]:
    key = name_key(typed)
    if key in {name_key(word) for word in INSPECTION}:
        return FoundBy.INSPECTOR, None
    if key in {name_key(word) for word in COMMUNITY_SELF}:
        return FoundBy.COMMUNITY, None
    try:
        return FoundBy.UNIT, find_unit(typed, "found_by")
    except RowInvalid:
        raise RowInvalid(
            _("Unknown finder “%(value)s”: write a unit of the 包联单位 sheet, 督导组 or 社区.")
            % {"value": typed},
            "found_by",
        ) from None


def _check_dates(values: dict[str, Any]) -> None:
    found = values.get("found_on")
    for name, message in (
        ("deadline", _("The deadline is before the date found.")),
        ("rectified_on", _("The date rectified is before the date found.")),
        ("closed_on", _("The date verified is before the date found.")),
    ):
        if found and values.get(name) and values[name] < found:
            raise RowInvalid(message, name)
    if values.get("rectified_on") and values.get("closed_on"):
        if values["closed_on"] < values["rectified_on"]:
            raise RowInvalid(_("The date verified is before the date rectified."), "closed_on")


def _check_state(fields: dict[str, object], values: dict[str, Any]) -> None:
    state = fields.get("state")
    if state == ProblemState.CLOSED and not values.get("closed_on"):
        raise RowInvalid(
            _("A problem that is 已销号 needs its 复核日期 (the day it was verified)."),
            "closed_on",
        )
    if values.get("closed_on") and state not in (None, ProblemState.CLOSED):
        raise RowInvalid(
            _("A 复核日期 is given but the state is not 已销号: clear one or the other."),
            "state",
        )
    if values.get("closed_on") and state is None:
        fields["state"] = ProblemState.CLOSED
