"""The 包联行动 sheet of the import workbook (DESIGN §6): old visits, with their photos when
the workbook comes in a .zip beside them."""

from __future__ import annotations

import re
import uuid
from contextlib import AbstractContextManager
from datetime import date, datetime, time, timedelta
from datetime import timezone as dt_timezone
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baolian.accounts.scoping import office_user
from baolian.imports.sheets import (
    CellInvalid,
    Column,
    Outcome,
    RowInvalid,
    RowResult,
    SheetSpec,
    apply_changes,
    bool_cell,
    date_cell,
    decimal_cell,
    find_community,
    find_leader,
    find_unit,
    register,
    resolve_each,
    text,
)
from baolian.lib.text import clean_text
from baolian.visits import months, rules
from baolian.visits.models import Visit, VisitKind

# Stable: an imported row's submission id follows from its 编号, so the same row imported
# twice (or its phone submission with the same id) is one visit.
IMPORT_NAMESPACE = uuid.UUID("0b7d6f1e-5c55-4f1a-9a57-2f1f3f4d6b01")

KIND_LABELS = {
    "调研指导": VisitKind.SURVEY,
    "督促检查": VisitKind.INSPECTION,
    "卫生整治": VisitKind.CLEANUP,
    "宣传教育": VisitKind.PUBLICITY,
    "会商协调": VisitKind.COORDINATION,
    "捐赠帮扶": VisitKind.DONATION,
    "其他": VisitKind.OTHER,
}
_SPLIT = re.compile(r"[、,，;；/\s]+")
_DATETIME = re.compile(
    r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[\sT]+(\d{1,2})[:：时](\d{1,2})(?:[:：分](\d{1,2})(?:\.\d+)?)?[分秒]?"
    # A UTC offset as ISO 8601 or a mail header writes it: +08:00, +0800, Z, UTC+8.
    r"\s*(Z|(?:UTC|GMT)?\s*[+-]\d{1,2}(?::?\d{2})?)?)?\s*$",
    re.IGNORECASE,
)
_OFFSET = re.compile(r"^(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE)


def _offset(text: str | None) -> dt_timezone | None:
    """The tzinfo of a typed UTC offset; None when the time has none (local time)."""
    if not text:
        return None
    if text.upper() == "Z":
        return dt_timezone.utc
    match = _OFFSET.match(text.strip())
    if not match:
        return None
    sign, hours, minutes = match.groups()
    delta = timedelta(hours=int(hours), minutes=int(minutes or 0))
    if delta >= timedelta(hours=24):
        raise ValueError(text)
    return dt_timezone(-delta if sign == "-" else delta)


def kinds_cell(raw: object) -> int:
    mask = 0
    for part in _SPLIT.split(clean_text(raw)):
        if not part:
            continue
        kind = KIND_LABELS.get(part)
        if kind is None:
            raise CellInvalid(
                _("“%(value)s” is not a kind of work; use %(options)s, separated by 、.")
                % {"value": part, "options": "、".join(KIND_LABELS)}
            )
        mask |= kind
    return mask


kinds_cell.options = list(KIND_LABELS)  # type: ignore[attr-defined]  # the template's hint


def datetime_cell(raw: object) -> datetime:
    """A reporting time: a date-time cell, a date cell (midnight) or typed text."""
    if isinstance(raw, datetime):
        value = raw
    elif isinstance(raw, date):
        value = datetime.combine(raw, time())
    else:
        match = _DATETIME.match(clean_text(raw))
        if not match:
            try:
                day = date_cell(raw)
            except CellInvalid:
                raise CellInvalid(
                    _("“%(value)s” is not a date and time. Write it as 2021-04-05 10:30.")
                    % {"value": clean_text(raw)}
                ) from None
            value = datetime.combine(day, time())
        else:
            *parts, offset = match.groups()
            y, mo, d, h, mi, s = (int(g) if g else 0 for g in parts)
            try:
                # With an offset the moment is exact; make_aware below leaves it so, and
                # Django stores it in UTC (shown in the campaign's time zone).
                value = datetime(y, mo, d, h, mi, s, tzinfo=_offset(offset))
            except ValueError:
                raise CellInvalid(
                    _("“%(value)s” is not a date and time. Write it as 2021-04-05 10:30.")
                    % {"value": clean_text(raw)}
                ) from None
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def _participants(raw: object) -> int:
    return int(decimal_cell(minimum=0, maximum=10000, places=0)(raw))


def photo_names(raw: object) -> list[str]:
    names = [part.strip() for part in re.split(r"[、,，;；\n]+", clean_text(raw))]
    return [name for name in names if name]


@register
class VisitSheet(SheetSpec):
    name = "包联行动"
    order = 60  # after the roster: a workbook may bring units and communities with it
    columns = (
        Column("编号", "code", text(64), required=True),
        Column("日期", "visited_on", date_cell, required=True, aliases=("活动日期",)),
        Column("包联单位", "unit", text(100), required=True),
        Column("社区村", "community", text(100), required=True, aliases=("包联点",)),
        Column("所属街道镇", "street", text(100), aliases=("街道镇", "所属街道")),
        Column("带队市领导", "leader", text(50), aliases=("带队领导",)),
        Column("单位领导带队(是/否)", "unit_head_led", bool_cell, aliases=("单位领导带队",)),
        Column("参与人数", "participants", _participants),
        Column("活动类型(多个用、分隔)", "kinds", kinds_cell, aliases=("活动类型",)),
        Column("工作内容", "summary", text(5000)),
        Column("发现问题", "findings", text(5000)),
        Column("上报时间", "reported_at", datetime_cell),
        Column("照片", "photos", photo_names),
    )
    example = {
        "编号": "XD-2021-0001",
        "日期": date(2021, 4, 5),
        "包联单位": "市卫生健康局",
        "社区村": "桥东社区",
        "所属街道镇": "太平街道",
        "带队市领导": "李明",
        "单位领导带队(是/否)": "是",
        "参与人数": 8,
        "活动类型(多个用、分隔)": "卫生整治、宣传教育",
        "工作内容": "清理背街小巷卫生死角，发放健康教育资料200份",
        "发现问题": "农贸市场周边垃圾清运不及时",
        "上报时间": "2021-04-06 09:30",
        "照片": "",
    }

    def __init__(self) -> None:
        self.stored_photos: list[object] = []
        self.scope = office_user()

    def identity(self, values: dict[str, Any]) -> tuple[object, ...]:
        return (values["code"].casefold(),)

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
        if values.get("photos"):
            lookups["files"] = lambda: self._files(values["photos"])
        refs = resolve_each(lookups)
        if "unit" in refs and "community" in refs and values.get("visited_on"):
            refusal = rules.visit_refusal(
                self.scope, unit=refs["unit"], community=refs["community"], day=values["visited_on"]
            )
            if refusal:
                raise RowInvalid(refusal, "visited_on")
        return refs

    def _files(self, names: list[str]) -> list[tuple[str, object]]:
        if not self.bundle:
            raise RowInvalid(
                _(
                    "This row names photos, but they did not come with it: put the workbook "
                    "and a folder of the photos in one .zip and import the .zip."
                ),
                "photos",
            )
        found = []
        for name in names:
            matches = self.bundle.find(name)
            if not matches:
                raise RowInvalid(
                    _("The photo “%(name)s” is not in the .zip.") % {"name": name}, "photos"
                )
            if len({info.filename for info in matches}) > 1:
                raise RowInvalid(
                    _("Several files in the .zip are named “%(name)s”; write its folder too.")
                    % {"name": name},
                    "photos",
                )
            found.append((name, matches[0]))
        return found

    def same_row_key(self, values: dict[str, Any], refs: dict[str, Any]) -> object:
        return values["code"].casefold()

    def writing(self) -> AbstractContextManager[object]:
        """Each visit's month is recounted once, after the last row."""
        return months.deferred()

    def apply(self, values: dict[str, Any], refs: dict[str, Any], *, row: int) -> RowResult:
        from baolian.photos.services import PhotoRejected, photo_store
        from baolian.visits.services import photo_message, visit_flags_refresh

        unit, community = refs["unit"], refs["community"]
        code = values["code"]
        label = f"{code} {unit.name} — {community.name} {values['visited_on']:%Y-%m-%d}"
        fields: dict[str, Any] = {
            "unit": unit,
            "community": community,
            "visited_on": values["visited_on"],
        }
        if "leader" in values:
            fields["leader"] = refs.get("leader")
        for name, default in (
            ("unit_head_led", False),
            ("participants", None),
            ("kinds", 0),
            ("summary", ""),
            ("findings", ""),
        ):
            if name in values:
                fields[name] = values[name] if values[name] is not None else default
        visit = Visit.objects.filter(code=code).first()
        if visit is None:
            visit = Visit(
                code=code,
                client_id=uuid.uuid5(IMPORT_NAMESPACE, code.casefold()),
                # DESIGN §6: the original reporting time, or the import's when the sheet has
                # none; then the original is unknown and the visit is never counted late.
                reported_at=values.get("reported_at") or timezone.now(),
                reported_at_known=bool(values.get("reported_at")),
                **fields,
            )
            visit.save()
            outcome, changes = Outcome.CREATED, {}
        else:
            if values.get("reported_at"):
                fields["reported_at"] = values["reported_at"]
                fields["reported_at_known"] = True
            changes = apply_changes(visit, fields)
            if changes:
                visit.save()
            outcome = Outcome.UPDATED if changes else Outcome.UNCHANGED
        known = set(visit.photos.values_list("original_name", flat=True))
        for name, info in refs.get("files", []):
            if name in known:
                continue  # re-importing the same .zip adds no second copy
            try:
                photo = photo_store(data=self.bundle.read(info), name=name, visit=visit)
            except PhotoRejected as exc:
                raise RowInvalid(
                    _("Photo “%(name)s”: %(error)s") % {"name": name, "error": photo_message(exc)},
                    "photos",
                ) from None
            self.stored_photos.append(photo)
            changes[str(_("photos"))] = ("", name)
            if outcome == Outcome.UNCHANGED:
                outcome = Outcome.UPDATED
        visit_flags_refresh(visit=visit)
        headers = {col.field: col.header for col in self.columns}
        shown = {headers.get(k, k): v for k, v in changes.items()}
        return RowResult(row, outcome, label, shown if outcome == Outcome.UPDATED else {})

    def finish(self, *, written: bool) -> None:
        if written:
            return
        # The rows were rolled back (a dry run, or an error elsewhere): their files go too.
        for photo in self.stored_photos:
            for field in (photo.original, getattr(photo, "display", None)):
                if field and field.name:
                    field.storage.delete(field.name)
        self.stored_photos = []
