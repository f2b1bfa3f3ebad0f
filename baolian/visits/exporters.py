"""The filtered visit list as rows, and one streaming .xlsx writer for them."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator

from django.db.models import QuerySet
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from baolian.visits.models import Visit, VisitKind

HEADERS = [
    "编号",
    "日期",
    "包联单位",
    "社区村",
    "所属街道镇",
    "带队市领导",
    "单位领导带队(是/否)",
    "参与人数",
    "活动类型(多个用、分隔)",
    "工作内容",
    "发现问题",
    "上报时间",
    "确认",
    "标记",
]
# A cell starting with one of these is a formula to Excel: text typed by a user must never run.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def visit_rows(visits: QuerySet[Visit]) -> Iterator[list[object]]:
    """The export's rows; its first columns are the import sheet 包联行动's, so an export can
    be corrected and imported back."""
    kind_labels = {
        VisitKind.SURVEY: "调研指导",
        VisitKind.INSPECTION: "督促检查",
        VisitKind.CLEANUP: "卫生整治",
        VisitKind.PUBLICITY: "宣传教育",
        VisitKind.COORDINATION: "会商协调",
        VisitKind.DONATION: "捐赠帮扶",
        VisitKind.OTHER: "其他",
    }
    for visit in visits:
        yield [
            visit.code or f"V{visit.pk}",
            visit.visited_on,
            visit.unit.name,
            visit.community.name,
            visit.community.street.name,
            visit.leader.name if visit.leader else "",
            "是" if visit.unit_head_led else "否",
            visit.participants,
            "、".join(kind_labels[kind] for kind in visit.kind_list),
            visit.summary,
            visit.findings,
            # Unknown stays empty, so the export imported back keeps it unknown.
            timezone.localtime(visit.reported_at).replace(tzinfo=None)
            if visit.reported_at_known
            else None,
            visit.get_confirmation_display(),
            "；".join(str(flag.get_kind_display()) for flag in visit.flags.all()),
        ]


def write_rows_xlsx(sheet_name: str, headers: list[str], rows: Iterable[list[object]]) -> bytes:
    """openpyxl's write-only mode: memory stays flat however many rows there are."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name)
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell(sheet: object, value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # text, as typed: "=1+1" stays "=1+1"
        return cell
    if hasattr(value, "year") and hasattr(value, "hour"):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd hh:mm"
        return cell
    if hasattr(value, "year"):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    return value
