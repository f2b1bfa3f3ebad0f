"""One writer that turns rows into .xlsx or .csv; exporters only yield rows (pretix ListExporter).

    sheets = [Sheet("包联单位", ["名称", "联络员"], rows)]   # rows: any iterable, read once
    write_xlsx(sheets) -> bytes                  # small files (the template)
    xlsx_file(sheets) -> a temporary file         # any size: rows stream through openpyxl's
    xlsx_download(sheets, "名册.xlsx")            #   write_only mode, memory stays flat
    csv_download(sheet, "名册.csv")               # one sheet, streamed line by line

Text is always written as text: a value such as "=HYPERLINK(…)", "+86…", "-" or "@张三" is
stored as a string cell in .xlsx (never a live formula) and behind Excel's "treat as text"
apostrophe in .csv, which the importer strips, so an export imports back unchanged.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import chain
from typing import IO, Any

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
EXAMPLE_FONT = Font(italic=True, color="808080")
# What spreadsheet programs read as the start of a formula in a typed or CSV cell.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Sheet:
    name: str
    headers: list[str]
    rows: Iterable[Sequence[object]]
    # header -> allowed values, offered as a drop-down for the first `validation_rows` rows
    choices: dict[str, list[str]] = field(default_factory=dict)


def write_xlsx(
    sheets: Iterable[Sheet], *, validation_rows: int = 2000, example_rows: int = 0
) -> bytes:
    """Sheets as workbook bytes; the first `example_rows` data rows are greyed as examples."""
    with xlsx_file(sheets, validation_rows=validation_rows, example_rows=example_rows) as file:
        return file.read()


def xlsx_file(
    sheets: Iterable[Sheet], *, validation_rows: int = 2000, example_rows: int = 0
) -> IO[bytes]:
    """Sheets written to a temporary file (deleted when closed), positioned at its start."""
    workbook = Workbook(write_only=True)
    for sheet in sheets:
        _write_sheet(workbook, sheet, validation_rows, example_rows)
    file = tempfile.TemporaryFile()
    workbook.save(file)
    file.seek(0)
    return file


def _write_sheet(workbook: Workbook, sheet: Sheet, validation_rows: int, example_rows: int) -> None:
    ws = workbook.create_sheet(sheet.name)
    # Widths, panes and drop-downs must be set before the first row in write-only mode.
    for index, header in enumerate(sheet.headers, start=1):
        width = max(12, min(40, len(header) * 2 + 4))
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    for index, header in enumerate(sheet.headers, start=1):
        if header in sheet.choices:
            letter = get_column_letter(index)
            options = sheet.choices[header]
            rule = DataValidation(
                type="list",
                formula1='"' + ",".join(options) + '"',
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="请从下拉列表选择",
                error="可选值：" + "、".join(options),
            )
            rule.add(f"{letter}2:{letter}{validation_rows + 1}")
            ws.data_validations.append(rule)
    header_cells = []
    for header in sheet.headers:
        cell = _cell(ws, header)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        header_cells.append(cell)
    ws.append(header_cells)
    for number, row in enumerate(sheet.rows):
        if number < example_rows:
            example = [_cell(ws, value) for value in row]
            for cell in example:
                cell.font = EXAMPLE_FONT
            ws.append(example)
        else:
            ws.append([_cell(ws, value) if _needs_cell(value) else value for value in row])


def _needs_cell(value: object) -> bool:
    return isinstance(value, date) or (isinstance(value, str) and value.startswith("="))


def _cell(ws: Any, value: object) -> Any:
    if isinstance(value, datetime):
        # Excel has no time zones: a moment is written as the campaign's local time.
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = DATETIME_FORMAT
        return cell
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would store "=…" as a formula
    elif isinstance(value, date):
        cell.number_format = DATE_FORMAT
    return cell


def xlsx_download(sheets: Iterable[Sheet], filename: str, **options: int) -> FileResponse:
    """The workbook as a download streamed from a temporary file (closed when sent)."""
    return FileResponse(
        xlsx_file(sheets, **options),
        as_attachment=True,
        filename=filename,
        content_type=XLSX_TYPE,
    )


def safe_csv_value(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_lines(sheet: Sheet) -> Iterator[str]:
    """The sheet as CSV text, one line at a time; the BOM first, as Excel on Windows needs."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    yield "\ufeff"
    for values in chain([sheet.headers], sheet.rows):
        writer.writerow([safe_csv_value(value) for value in values])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def csv_download(sheet: Sheet, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        (line.encode("utf-8") for line in csv_lines(sheet)), content_type="text/csv"
    )
    response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    return response
