"""Reading an uploaded .xlsx or .csv into plain tables, refusing what is not safe to read.

Everything here is about the file as a file; what the cells mean is the engine's business.
"""

from __future__ import annotations

import csv
import io
import logging
import re
import warnings
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from openpyxl.reader.excel import ExcelReader
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import range_boundaries
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

# A real roster workbook inflates maybe 10x (a 50,000-row roster: ~3 MB packed, ~30 MB
# unpacked); anything far beyond is a zip bomb, not a roster. Both are checked on the sizes the
# zip declares before anything is inflated (zipfile never inflates past a declared size).
MAX_INFLATED_BYTES = 100 * 1024 * 1024
# A part this much larger than its packed self is repetition, not data.
MAX_RATIO = 100
RATIO_CHECKED_ABOVE = 1024 * 1024
log = logging.getLogger(__name__)
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


def read_tables(
    data: bytes, filename: str, wanted: Callable[[str], bool] = lambda name: True
) -> list[Table]:
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
        return _read_xlsx(data, wanted)
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
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)))
    except csv.Error as exc:
        raise ImportFileError(
            _("The CSV file could not be read: %(error)s") % {"error": exc}
        ) from exc
    table = Table(name=PurePath(filename).stem, from_csv=True)
    table.rows = [(number, tuple(row)) for number, row in enumerate(rows, start=1) if _filled(row)]
    _RowLimit().check(len(table.rows), table.name)
    return table


def _delimiter(text: str) -> str:
    """The separator of the file: Excel in some locales, and WPS, save with ; or tab.

    The one that splits most of the first lines into the same number (more than one) of
    fields wins; a title line above the header, full of other punctuation, does not decide.
    """
    lines = [line for line in text.splitlines()[:10] if line.strip()]
    best, best_score = ",", (0, 0)
    for sep in (",", ";", "\t", "，"):
        widths = [len(next(csv.reader([line], delimiter=sep))) for line in lines]
        wide = [width for width in widths if width > 1]
        if not wide:
            continue
        usual = max(set(wide), key=wide.count)
        score = (wide.count(usual), usual)
        if score > best_score:
            best, best_score = sep, score
    return best


class _RowLimit:
    """Counts the rows that hold something; refuses a sheet with more than can be imported."""

    def __init__(self) -> None:
        self.limit = settings.IMPORT_MAX_ROWS

    def check(self, count: int, sheet: str) -> None:
        if count > self.limit + 1:  # the header row is not a data row
            raise ImportFileError(
                _(
                    "Sheet “%(sheet)s” has more than %(limit)d rows; "
                    "import at most %(limit)d at once."
                )
                % {"sheet": sheet, "limit": self.limit}
            )


def _filled(row: Sequence[object]) -> bool:
    return any(value is not None and value != "" for value in row)


# mergeCell elements, with or without a namespace prefix, quoted either way.
_MERGE = re.compile(
    rb"""<(?:\w+:)?mergeCell\b[^>]*?\bref\s*=\s*(["'])([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)\1"""
)
# A formula element, with or without a namespace prefix (<f>, <f t="shared" ...>, <x:f>).
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _merged_ranges(xml: bytes) -> list[tuple[int, int, int, int]]:
    ranges = []
    for _quote, ref in _MERGE.findall(xml):
        min_col, min_row, max_col, max_row = range_boundaries(ref.decode())
        ranges.append((min_row, min_col, max_row, max_col))
    return ranges


def _read_xlsx(data: bytes, wanted: Callable[[str], bool]) -> list[Table]:
    """Stream every sheet (read-only mode keeps memory flat on big files).

    Only sheets `wanted` (those the importer knows) are read to the end; of the others it is
    enough to know whether they hold anything.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "xl/workbook.xml" not in names:
                raise ImportFileError(
                    _("This is not an Excel workbook (.xlsx) or a CSV file; nothing was imported.")
                )
            _check_inflated_sizes(archive)
            with warnings.catch_warnings():
                # Files from WPS and cloud docs lack styles openpyxl expects; it copes.
                warnings.simplefilter("ignore", UserWarning)
                values = _open_workbook(data, data_only=True)
            # The formulas themselves are read only from a workbook that has some: loading a
            # workbook costs about as much as reading its rows, so the file is read once.
            formulas = None
            tables = []
            for sheet in values.worksheets:
                table = Table(name=sheet.title, hidden=sheet.sheet_state != "visible")
                if wanted(sheet.title):
                    xml = archive.read(sheet._worksheet_path)  # noqa: SLF001 - merges are not streamed
                    table.merged = _merged_ranges(xml)
                    formula_sheet = None
                    if _FORMULA.search(xml) is not None:
                        if formulas is None:
                            with warnings.catch_warnings():
                                warnings.simplefilter("ignore", UserWarning)
                                formulas = _open_workbook(data, data_only=False)
                        formula_sheet = formulas[sheet.title]
                    _read_sheet(sheet, formula_sheet, table, xml)
                else:
                    table.rows = [(1, row) for row in _first_filled_row(sheet)]
                tables.append(table)
            values.close()
            if formulas is not None:
                formulas.close()
            return tables
    except ImportFileError:
        raise
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        log.info("unreadable workbook: %s: %s", type(exc).__name__, exc)
        raise ImportFileError(
            _("The file is damaged and cannot be opened as an Excel workbook (%(error)s).")
            % {"error": type(exc).__name__}
        ) from exc


def _open_workbook(data: bytes, *, data_only: bool) -> Any:
    """openpyxl's read-only workbook (`load_workbook(read_only=True)`), without the pass that
    opens every sheet to learn its size: a sheet saved without a <dimension> (openpyxl's own
    streamed files, many tools') is read to its end for it, which made every workbook be read
    twice. The rows are read with `reset_dimensions()`, which needs no size."""

    reader = _SizelessReader(io.BytesIO(data), read_only=True, data_only=data_only)
    reader.read()
    return reader.wb


class _SizelessSheet(ReadOnlyWorksheet):
    def _get_size(self) -> None:
        """Dimensions unknown until the rows are read (`reset_dimensions()`)."""


class _SizelessReader(ExcelReader):
    def read_worksheets(self) -> None:
        """`ExcelReader.read_worksheets` in read-only mode, with sheets that skip sizing."""
        for sheet, rel in self.parser.find_sheets():
            if rel.target not in self.valid_files:
                continue
            if "chartsheet" in rel.Type:
                self.read_chartsheet(sheet, rel)
                continue
            ws = _SizelessSheet(self.wb, sheet.name, rel.target, self.shared_strings)
            ws.sheet_state = sheet.state
            self.wb._sheets.append(ws)  # noqa: SLF001 - as openpyxl's own reader does


def _check_inflated_sizes(archive: zipfile.ZipFile) -> None:
    infos = archive.infolist()
    too_big = sum(info.file_size for info in infos) > MAX_INFLATED_BYTES
    too_packed = any(
        info.file_size > RATIO_CHECKED_ABOVE
        and info.file_size > MAX_RATIO * max(info.compress_size, 1)
        for info in infos
    )
    if too_big or too_packed:
        raise ImportFileError(
            _(
                "The workbook is too large once unpacked (%(size)d MB). Save it again in Excel "
                "or WPS, or split it into smaller files."
            )
            % {"size": sum(info.file_size for info in infos) // 1024 // 1024}
        )


def _read_sheet(sheet: Any, formulas: Any, table: Table, xml: bytes) -> None:
    limit = _RowLimit()
    sheet.reset_dimensions()  # a declared A1:Z1048576 must not make us walk empty rows
    rows = sheet.iter_rows(values_only=True)
    pairs: Iterator[tuple[Any, Any]]
    if formulas is None:
        pairs = ((row, None) for row in rows)
    else:
        formulas.reset_dimensions()
        # the same XML read twice: rows come in step
        pairs = zip(rows, formulas.iter_rows(values_only=True), strict=True)
    for number, (row, formula_row) in enumerate(pairs, start=1):
        unsaved = False
        if formula_row is not None:
            for column, (value, formula) in enumerate(zip(row, formula_row, strict=True), start=1):
                if value is None and isinstance(formula, str) and formula.startswith("="):
                    table.formulas_without_value.add((number, column))
                    unsaved = True
        if _filled(row) or unsaved:
            table.rows.append((number, tuple(row)))
            limit.check(len(table.rows), table.name)
    table.formulas_without_value -= _saved_as_empty(xml, table.formulas_without_value)


def _saved_as_empty(xml: bytes, cells: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """Cells among `cells` whose formula has a saved result that is the empty string.

    openpyxl reads both an empty result (=IF(A2="","",A2)) and no result as None. Excel saves
    the first as a string cell (t="str") with a <v> element; a formula never calculated has
    no value of that type. Few cells get here: those that would otherwise be errors.
    """
    empty = set()
    for row, column in cells:
        ref = f"{get_column_letter(column)}{row}".encode()
        cell = re.search(
            rb"<(?:\w+:)?c\b([^>]*\br\s*=\s*[\"']" + ref + rb"[\"'][^>]*)>(.*?)</(?:\w+:)?c>",
            xml,
            re.S,
        )
        if (
            cell
            and re.search(rb"\bt\s*=\s*[\"']str[\"']", cell.group(1))
            and re.search(rb"<(?:\w+:)?v\b", cell.group(2))
        ):
            empty.add((row, column))
    return empty


def _first_filled_row(sheet: Any) -> list[tuple[object, ...]]:
    sheet.reset_dimensions()
    for row in sheet.iter_rows(values_only=True):
        if _filled(row):
            return [tuple(row)]
    return []
