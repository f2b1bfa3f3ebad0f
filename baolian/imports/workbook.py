"""Reading an uploaded .xlsx or .csv into plain tables, refusing what is not safe to read.

Everything here is about the file as a file; what the cells mean is the engine's business.
"""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

from django.conf import settings
from django.utils.translation import gettext_lazy as _

# A real roster workbook inflates maybe 10x; anything far beyond is a zip bomb, not a roster.
MAX_INFLATED_BYTES = 300 * 1024 * 1024
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class ImportFileError(Exception):
    """The file as a whole cannot be read; `message` is for the user."""

    def __init__(self, message: object) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass
class Table:
    """One sheet (or a CSV file) as rows of raw cell values, 1-based like Excel."""

    name: str
    hidden: bool = False
    rows: list[tuple[int, tuple[object, ...]]] = field(default_factory=list)
    # (min_row, min_col, max_row, max_col) of every merged range
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    # cells holding a formula whose result Excel never saved
    formulas_without_value: set[tuple[int, int]] = field(default_factory=set)
    from_csv: bool = False


def read_tables(data: bytes, filename: str) -> list[Table]:
    max_bytes = settings.IMPORT_MAX_BYTES
    if len(data) > max_bytes:
        raise ImportFileError(
            _("The file is %(size).1f MB; the limit is %(limit)d MB. Split it into smaller files.")
            % {"size": len(data) / 1024 / 1024, "limit": max_bytes // 1024 // 1024}
        )
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    suffix = PurePath(filename).suffix.lower()
    if data.startswith(OLE_MAGIC):
        raise ImportFileError(
            _(
                "This is an old Excel 97-2003 (.xls) file. Open it in Excel or WPS and "
                "save it as .xlsx, then import again."
            )
        )
    if zipfile.is_zipfile(io.BytesIO(data)):
        return _read_xlsx(data)
    if suffix == ".csv" or suffix == ".txt":
        return [_read_csv(data, filename)]
    if suffix in {".xlsx", ".xlsm"}:
        raise ImportFileError(
            _("The file is damaged: it is named .xlsx but is not a readable Excel workbook.")
        )
    raise ImportFileError(
        _("This is not an Excel workbook (.xlsx) or a CSV file; nothing was imported.")
    )


def _read_csv(data: bytes, filename: str) -> Table:
    # Excel on Chinese Windows saves CSV as GBK; newer tools as UTF-8 with a BOM.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise ImportFileError(_("The CSV file's text encoding could not be read."))
    if "\x00" in text:
        raise ImportFileError(
            _("This is not an Excel workbook (.xlsx) or a CSV file; nothing was imported.")
        )
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise ImportFileError(
            _("The CSV file could not be read: %(error)s") % {"error": exc}
        ) from exc
    table = Table(name=PurePath(filename).stem, from_csv=True)
    _check_row_count(len(rows))
    table.rows = [(number, tuple(row)) for number, row in enumerate(rows, start=1)]
    return table


def _check_row_count(count: int) -> None:
    if count > settings.IMPORT_MAX_ROWS + 1:
        raise ImportFileError(
            _("The file has %(count)d rows; at most %(limit)d can be imported at once.")
            % {"count": count, "limit": settings.IMPORT_MAX_ROWS}
        )


def _read_xlsx(data: bytes) -> list[Table]:
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if "xl/workbook.xml" not in names:
                raise ImportFileError(
                    _("This is not an Excel workbook (.xlsx) or a CSV file; nothing was imported.")
                )
            if sum(info.file_size for info in archive.infolist()) > MAX_INFLATED_BYTES:
                raise ImportFileError(_("The workbook is too large once unpacked."))
            has_formulas = any(
                b"<f>" in xml or b"<f " in xml
                for xml in (
                    archive.read(name)
                    for name in names
                    if name.startswith("xl/worksheets/") and name.endswith(".xml")
                )
            )
        with warnings.catch_warnings():
            # Files from WPS and cloud docs lack styles openpyxl expects; it says so and copes.
            warnings.simplefilter("ignore", UserWarning)
            values = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
            formulas = (
                openpyxl.load_workbook(io.BytesIO(data), data_only=False) if has_formulas else None
            )
    except ImportFileError:
        raise
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise ImportFileError(
            _("The file is damaged and cannot be opened as an Excel workbook (%(error)s).")
            % {"error": type(exc).__name__}
        ) from exc

    tables = []
    for sheet in values.worksheets:
        _check_row_count(sheet.max_row)
        table = Table(name=sheet.title, hidden=sheet.sheet_state != "visible")
        table.merged = [
            (rng.min_row, rng.min_col, rng.max_row, rng.max_col)
            for rng in sheet.merged_cells.ranges
        ]
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            table.rows.append((number, tuple(row)))
        if formulas is not None:
            for row in formulas[sheet.title].iter_rows():
                for cell in row:
                    if isinstance(cell.value, str) and cell.value.startswith("="):
                        if sheet.cell(cell.row, cell.column).value is None:
                            table.formulas_without_value.add((cell.row, cell.column))
        tables.append(table)
    return tables
