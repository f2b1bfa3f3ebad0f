"""One writer that turns rows into .xlsx or .csv (exporters only yield rows)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

DATE_FORMAT = "yyyy-mm-dd"
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
EXAMPLE_FONT = Font(italic=True, color="808080")


@dataclass
class Sheet:
    name: str
    headers: list[str]
    rows: Iterable[list[object]]
    # header -> allowed values, offered as a drop-down for the first `validation_rows` rows
    choices: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def write_xlsx(
    sheets: Iterable[Sheet], *, validation_rows: int = 2000, example_rows: int = 0
) -> bytes:
    """Sheets as a workbook; the first `example_rows` data rows are greyed as examples."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in sheets:
        ws = workbook.create_sheet(sheet.name)
        ws.append(sheet.headers)
        for cell in ws[1]:
            cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        ws.freeze_panes = "A2"
        for row in sheet.rows:
            ws.append(row)
            for cell in ws[ws.max_row]:
                if cell.data_type == "f":
                    # Exports carry what people typed ("=3巷口", "-垃圾"): text, never a formula
                    # that a spreadsheet would run (CSV/formula injection).
                    cell.data_type = "s"
        for example in ws.iter_rows(min_row=2, max_row=1 + example_rows):
            for cell in example:
                cell.font = EXAMPLE_FONT
        for index, header in enumerate(sheet.headers, start=1):
            letter = get_column_letter(index)
            ws.column_dimensions[letter].width = max(12, min(40, len(header) * 2 + 4))
            for cell in ws[letter][1:]:
                if isinstance(cell.value, date):
                    cell.number_format = DATE_FORMAT
            if header in sheet.choices:
                rule = DataValidation(
                    type="list",
                    formula1='"' + ",".join(sheet.choices[header]) + '"',
                    allow_blank=True,
                    showErrorMessage=True,
                    errorTitle="请从下拉列表选择",
                    error="可选值：" + "、".join(sheet.choices[header]),
                )
                rule.add(f"{letter}2:{letter}{validation_rows + 1}")
                ws.add_data_validation(rule)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        # Excel runs =, +, - and @ cells of a CSV file as formulas; the apostrophe makes it
        # text, and the importer drops it again.
        return "'" + value
    return value


def write_csv(sheet: Sheet) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(sheet.headers)
    for row in sheet.rows:
        writer.writerow([_csv_cell(value) for value in row])
    # BOM: Excel on Windows opens UTF-8 CSV correctly only with it.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
