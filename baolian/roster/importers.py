"""The roster's sheets of the import workbook (DESIGN §6).

街道镇, 社区村, 包联单位, 包联领导, 包联关系 — imported in that order.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from baolian.imports.sheets import (
    Column,
    RowInvalid,
    RowResult,
    Saved,
    SheetSpec,
    blank_if_empty,
    choice,
    date_cell,
    decimal_cell,
    existing,
    find_community,
    find_leader,
    find_street,
    find_unit,
    identity_of,
    register,
    resolve_each,
    result,
    text,
    upsert,
)
from baolian.lib.text import community_key, name_key
from baolian.roster import services
from baolian.roster.models import Community, Leader, Pairing, Street, Unit
from baolian.roster.services import _given

# Kept for the merge: sheets written before the split import these names from here.
# New code: `from baolian.imports.sheets import result, blank_if_empty, find_unit, ...`.
__all__ = ["find_community", "find_leader", "find_street", "find_unit", "Saved"]

STREET_KINDS: dict[str, str] = {
    "街道": Street.Kind.SUBDISTRICT,
    "镇": Street.Kind.TOWN,
    "乡": Street.Kind.TOWN,
}
COMMUNITY_KINDS: dict[str, str] = {"社区": Community.Kind.COMMUNITY, "村": Community.Kind.VILLAGE}


def _result(saved: Saved[Any], row: int, label: str, spec: SheetSpec | None = None) -> RowResult:
    """Kept for the merge; use `baolian.imports.sheets.result`."""
    return result(saved, row, label, spec)


class RosterOrder:
    """The official order (`sort_order`) a sheet gives its rows.

    A sheet that lists every row already known, in another order, is the whole roster: its
    order becomes the official one. A sheet with only some rows (new units, say), or with the
    known rows in the order already recorded, leaves the known rows where they are and appends
    the new ones after the last, in the sheet's order: re-importing an export changes nothing.
    """

    def __init__(self, model: type[models.Model], keys: list[object]) -> None:
        self.model = model
        known = self.known_keys()  # in the recorded official order
        self.known = set(known)  # asked for every row: a set, not a query per row
        # Decided once, before the first row is written: a first import into an empty table
        # must number every row by the sheet, not only the rows before the first one saved.
        self.empty = not known
        lists_every_row = bool(known) and set(known) <= set(keys)
        self.full = lists_every_row and keys[: len(known)] != known
        self.positions = {key: position for position, key in enumerate(keys, start=1)}
        self.next_new = services.next_sort_order(model)

    def known_keys(self) -> list[object]:
        return list(self.model._default_manager.values_list("key", flat=True))

    def order_for(self, key: object) -> int | None:
        if self.full or self.empty:
            return self.positions[key]
        if key in self.known:
            return None  # keep its place
        order = self.next_new
        self.next_new += 1
        return order


class CommunityOrder(RosterOrder):
    def known_keys(self) -> list[object]:
        return list(Community.objects.values_list("street__key", "key"))


class NamedSheet(SheetSpec):
    """A sheet of rows known by their name alone (streets, units, leaders), in roster order."""

    in_memory = True

    model: type[models.Model]

    def identity(self, values: dict[str, Any]) -> tuple[object, ...]:
        return (name_key(values["name"]),)

    def start(self, rows: list[dict[str, Any]]) -> None:
        self.ordering = RosterOrder(self.model, [name_key(v["name"]) for v in rows])

    def sort_order(self, values: dict[str, Any]) -> int | None:
        key = name_key(values["name"])
        return self.ordering.order_for(key)


@register
class StreetSheet(NamedSheet):
    name = "街道镇"
    order = 10
    model = Street
    columns = (
        Column("名称", "name", text(100), required=True),
        Column(
            "类型(街道/镇)",
            "kind",
            choice(
                STREET_KINDS,
                offered=("街道", "镇"),
                notes={"乡": _("“乡” was read as 镇 (town); the two are one kind here.")},
            ),
        ),
        Column("所属区县", "district", text(100)),
        Column("编码", "code", text(20)),
    )
    example = {
        "名称": "太平街道",
        "类型(街道/镇)": "街道",
        "所属区县": "湘桥区",
        "编码": "445102001",
    }

    def apply(self, values: dict[str, Any], refs: dict[str, Any], *, row: int) -> RowResult:
        kind = values.get("kind")
        if "kind" not in values or kind is None:
            kind = Street.Kind.TOWN if values["name"].endswith(("镇", "乡")) else None
        saved = upsert(
            Street,
            {"key": name_key(values["name"])},
            _given(
                name=values["name"],
                kind=kind,
                district=blank_if_empty(values, "district"),
                code=blank_if_empty(values, "code"),
                sort_order=self.sort_order(values),
            ),
        )
        return result(saved, row, values["name"], self)


@register
class CommunitySheet(SheetSpec):
    in_memory = True
    name = "社区村"
    order = 20
    columns = (
        Column("名称", "name", text(100), required=True),
        Column("类型(社区/村)", "kind", choice(COMMUNITY_KINDS)),
        Column("所属街道镇", "street", text(100), required=True, aliases=("街道镇", "所属街道")),
        Column(
            "纬度", "latitude", decimal_cell(minimum=Decimal(-90), maximum=Decimal(90), places=6)
        ),
        Column(
            "经度", "longitude", decimal_cell(minimum=Decimal(-180), maximum=Decimal(180), places=6)
        ),
        Column("编码", "code", text(20)),
    )
    example = {
        "名称": "桥东社区",
        "类型(社区/村)": "社区",
        "所属街道镇": "太平街道",
        "纬度": 23.6612,
        "经度": 116.6401,
        "编码": "445102001001",
    }

    def identity(self, values: dict[str, Any]) -> tuple[object, ...]:
        return (name_key(values["street"]), community_key(values["name"]))

    def start(self, rows: list[dict[str, Any]]) -> None:
        self.ordering = CommunityOrder(Community, [self.identity(v) for v in rows])

    def resolve(self, values: dict[str, Any]) -> dict[str, Any]:
        if not values.get("street"):
            return {}
        return resolve_each({"street": lambda: find_street(values["street"], "street")})

    def apply(self, values: dict[str, Any], refs: dict[str, Any], *, row: int) -> RowResult:
        street = refs["street"]
        lat, lon = values.get("latitude"), values.get("longitude")
        if (lat is None) != (lon is None):
            raise RowInvalid(
                _("Give both latitude and longitude, or neither."),
                "latitude" if lat is None else "longitude",
            )
        kind = values.get("kind")
        if kind is None:
            kind = Community.Kind.VILLAGE if values["name"].endswith("村") else None
        fields = _given(
            name=values["name"],
            kind=kind,
            latitude=lat,
            longitude=lon,
            code=blank_if_empty(values, "code"),
            sort_order=self.ordering.order_for((street.key, community_key(values["name"]))),
        )
        if "latitude" in values and lat is None:
            fields.update(latitude=None, longitude=None)
        saved = upsert(Community, {"street": street, "key": community_key(values["name"])}, fields)
        return result(saved, row, f"{street.name} {values['name']}", self)


@register
class UnitSheet(NamedSheet):
    name = "包联单位"
    order = 30
    model = Unit
    columns = (
        Column("名称", "name", text(100), required=True, aliases=("单位名称", "包联单位")),
        Column("单位类别", "category", text(50)),
        Column("联络员", "liaison_name", text(50)),
        Column("联系电话", "liaison_phone", text(30)),
    )
    example = {
        "名称": "市卫生健康局",
        "单位类别": "市直机关",
        "联络员": "陈明",
        "联系电话": "13800000000",
    }

    def apply(self, values: dict[str, Any], refs: dict[str, Any], *, row: int) -> RowResult:
        saved = upsert(
            Unit,
            {"key": name_key(values["name"])},
            _given(
                name=values["name"],
                category=blank_if_empty(values, "category"),
                liaison_name=blank_if_empty(values, "liaison_name"),
                liaison_phone=blank_if_empty(values, "liaison_phone"),
                sort_order=self.sort_order(values),
            ),
        )
        return result(saved, row, values["name"], self)


@register
class LeaderSheet(NamedSheet):
    name = "包联领导"
    order = 40
    model = Leader
    columns = (
        Column("姓名", "name", text(50), required=True, aliases=("名称",)),
        Column("职务", "title", text(100)),
    )
    example = {"姓名": "李明", "职务": "副市长"}

    def apply(self, values: dict[str, Any], refs: dict[str, Any], *, row: int) -> RowResult:
        saved = upsert(
            Leader,
            {"key": name_key(values["name"])},
            _given(
                name=values["name"],
                title=blank_if_empty(values, "title"),
                sort_order=self.sort_order(values),
            ),
        )
        return result(saved, row, values["name"], self)


@register
class PairingSheet(SheetSpec):
    in_memory = True
    name = "包联关系"
    order = 50
    columns = (
        Column("包联单位", "unit", text(100), required=True),
        Column("社区村", "community", text(100), required=True, aliases=("包联点",)),
        Column("所属街道镇", "street", text(100), aliases=("街道镇", "所属街道")),
        Column("包联领导", "leader", text(50), aliases=("市级包联领导",)),
        Column("开始日期", "started_on", date_cell, required=True),
        Column("结束日期", "ended_on", date_cell),
    )
    example = {
        "包联单位": "市卫生健康局",
        "社区村": "桥东社区",
        "所属街道镇": "太平街道",
        "包联领导": "李明",
        "开始日期": date(2021, 4, 1),
        "结束日期": None,
    }

    def identity(self, values: dict[str, Any]) -> tuple[object, ...]:
        return (
            name_key(values["unit"]),
            name_key(values.get("street") or ""),
            community_key(values["community"]),
        )

    def resolve(self, values: dict[str, Any]) -> dict[str, Any]:
        lookups: dict[str, Any] = {}
        if values.get("unit"):
            lookups["unit"] = lambda: find_unit(values["unit"], "unit")
        if values.get("community"):
            lookups["community"] = lambda: find_community(
                values["community"], values.get("street"), "community"
            )
        if values.get("leader"):
            lookups["leader"] = lambda: find_leader(values["leader"], "leader")
        # Checked with the names, not after them: one upload shows every problem of the row.
        lookups["dates"] = lambda: _check_dates(values)
        return resolve_each(lookups)

    def same_row_key(self, values: dict[str, Any], refs: dict[str, Any]) -> object:
        # By the rows themselves: rows this file creates have no id yet.
        return (identity_of(refs["unit"]), identity_of(refs["community"]))

    def apply(self, values: dict[str, Any], refs: dict[str, Any], *, row: int) -> RowResult:
        unit, community = refs["unit"], refs["community"]
        kwargs: dict[str, Any] = {}
        if "leader" in values:
            kwargs["leader"] = refs.get("leader")
        if "ended_on" in values:
            kwargs["ended_on"] = values["ended_on"]
        else:
            # Without the column the recorded end date stays, so the new start must fit it.
            recorded = existing(Pairing, unit=unit, community=community)
            recorded_end = recorded.ended_on if recorded else None
            if recorded_end and recorded_end < values["started_on"]:
                raise RowInvalid(
                    _(
                        "The start date is after the recorded end date %(ended)s. Add the "
                        "结束日期 column to change the end date too."
                    )
                    % {"ended": recorded_end.isoformat()},
                    "started_on",
                )
        saved = upsert(
            Pairing,
            {"unit": unit, "community": community},
            {"started_on": values["started_on"], **kwargs},
        )
        return result(saved, row, f"{unit.name} — {community.street.name} {community.name}", self)


def _check_dates(values: dict[str, Any]) -> None:
    started, ended = values.get("started_on"), values.get("ended_on")
    if started and ended and ended < started:
        raise RowInvalid(_("The end date is before the start date."), "ended_on")


def _blank_if_empty(values: dict[str, Any], field: str) -> str | None:
    """Kept for the merge; use `baolian.imports.sheets.blank_if_empty`."""
    return blank_if_empty(values, field)
