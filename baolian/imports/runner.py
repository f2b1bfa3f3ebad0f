"""Running an import: read the file, check every row of every sheet, write all or nothing.

Every cell is parsed and every row resolved before anything is written. Sheets whose rows
are written through `baolian.imports.sheets.upsert()` (`SheetSpec.in_memory`) are checked
entirely in memory: a preview or a dry run reads the database and never writes to it, and a
real import writes in bulk in one short transaction at the end. A workbook with any other
sheet runs inside one transaction, rolled back if there was any error or if it is a dry run.
What the user sees is the same in both cases.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext_lazy as _
from openpyxl.utils import get_column_letter

from baolian.imports.bundle import Bundle, open_bundle
from baolian.imports.cells import CellInvalid, Noted
from baolian.imports.report import ImportProblem, ImportReport, SheetReport
from baolian.imports.rows import import_context
from baolian.imports.specs import (
    RowErrors,
    RowInvalid,
    SheetSpec,
    header_key,
    registered_specs,
    spec_for_sheet,
)
from baolian.imports.workbook import ImportFileError, Table, read_tables
from baolian.lib.queries import refresh_statistics
from baolian.lib.text import clean_text

log = logging.getLogger(__name__)

HEADER_SEARCH_ROWS = 10
# Columns people add by habit; they carry nothing to import and are not an error.
IGNORED_HEADERS = {"序号", "备注", "no", "no."}
SERIAL_HEADERS = {"序号", "no", "no."}
SERIAL = "__serial__"
# The template's example row says so in its 序号 cell; it teaches, it is never imported.
EXAMPLE_MARKERS = {"示例", "例", "example"}
# Sheets that only explain the template; skipped without a word.
INSTRUCTION_SHEETS = {"填写说明", "说明", "notes"}


Progress = Callable[[int], None]


def import_file(
    *,
    data: bytes,
    filename: str,
    dry_run: bool = False,
    on_total: Callable[[int], None] | None = None,
    on_row: Progress | None = None,
) -> ImportReport:
    """Import every known sheet of a workbook or CSV file; all or nothing."""
    started = time.monotonic()
    report = ImportReport(filename=filename, dry_run=dry_run)
    bundle = Bundle()
    try:
        if PurePath(filename).suffix.lower() == ".zip":
            # A workbook with a folder of photos (包联行动's 照片 column names them).
            data, filename, bundle = open_bundle(data)
        tables = read_tables(data, filename, wanted=lambda name: spec_for_sheet(name) is not None)
    except ImportFileError as exc:
        report.errors.append(ImportProblem(exc.message))
        _log(report, started)
        return report

    plan = _match_sheets(tables, report)
    if not plan and not report.errors:
        report.errors.append(
            ImportProblem(
                _("No sheet to import was found. Sheets are named: %(names)s.")
                % {"names": "、".join(spec.name for spec in registered_specs())}
            )
        )
    if report.errors:
        _log(report, started)
        return report

    for spec, _table in plan:
        spec.bundle = bundle
    prepared = [(spec, table, _prepare(spec, table, report)) for spec, table in plan]
    if on_total:
        on_total(sum(len(rows) for _spec, _table, rows in prepared))
    in_memory = all(spec.in_memory for spec, _table in plan)
    try:
        with import_context() as context:
            if in_memory:
                for spec, _table, rows in prepared:
                    report.sheets.append(_write_sheet(spec, rows, report, on_row, savepoint=False))
                if report.ok and not dry_run:
                    with transaction.atomic():
                        context.flush()
            else:
                with transaction.atomic():
                    for spec, _table, rows in prepared:
                        report.sheets.append(
                            _write_sheet(spec, rows, report, on_row, savepoint=True)
                        )
                        # Sheets that write through services find these rows in the database.
                        context.flush()
                    if report.errors or dry_run:
                        transaction.set_rollback(True)
    except DatabaseError as exc:
        log.exception("import %s: the database refused it", filename)
        report.errors.append(
            ImportProblem(_("The database refused the import: %(error)s") % {"error": exc})
        )
    finally:
        for spec, _table in plan:
            spec.finish(written=report.written)
    if report.written and report.changed:
        refresh_statistics()
    # Cells are checked before rows are written, so the problems were found out of order;
    # people fix a sheet from top to bottom.
    rank = {spec.name: position for position, (spec, _table) in enumerate(plan)}
    report.errors.sort(key=lambda problem: (rank.get(problem.sheet or "", -1), problem.row or 0))
    _log(report, started)
    return report


def _log(report: ImportReport, started: float) -> None:
    log.info(
        "import file=%r dry_run=%s ok=%s rows=%d created=%d updated=%d errors=%d seconds=%.2f",
        report.filename,
        report.dry_run,
        report.ok,
        report.rows,
        sum(sheet.created for sheet in report.sheets),
        sum(sheet.updated for sheet in report.sheets),
        len(report.errors),
        time.monotonic() - started,
    )


def _match_sheets(tables: list[Table], report: ImportReport) -> list[tuple[SheetSpec, Table]]:
    plan: dict[str, tuple[SheetSpec, Table]] = {}
    for table in tables:
        spec_class = spec_for_sheet(table.name)
        if spec_class is None and table.from_csv:
            spec_class = _spec_by_headers(table)
            if spec_class is None:
                report.errors.append(
                    ImportProblem(
                        _(
                            "Cannot tell which sheet this CSV file is. Name the file after the "
                            "sheet (e.g. 包联单位.csv) or use a template's headers."
                        )
                    )
                )
                continue
        if spec_class is None:
            if header_key(table.name) in INSTRUCTION_SHEETS:
                continue
            if table.rows and any(any(v not in (None, "") for v in r) for _n, r in table.rows):
                report.notices.append(
                    ImportProblem(_("This sheet is not one Baolian imports; skipped."), table.name)
                )
            continue
        if table.hidden:
            report.errors.append(
                ImportProblem(
                    _(
                        "This sheet is hidden. Unhide it if it should be imported, or delete it; "
                        "Baolian does not import what you cannot see."
                    ),
                    table.name,
                )
            )
            continue
        if spec_class.name in plan:
            report.errors.append(ImportProblem(_("The workbook has this sheet twice."), table.name))
            continue
        plan[spec_class.name] = (spec_class(), table)
    return sorted(plan.values(), key=lambda pair: pair[0].order)


def _spec_by_headers(table: Table) -> type[SheetSpec] | None:
    best, best_score = None, 0
    for spec in registered_specs():
        for _number, values in table.rows[:HEADER_SEARCH_ROWS]:
            score = sum(1 for col in spec.columns if any(col.matches(str(v)) for v in values))
            required = all(
                any(col.matches(str(v)) for v in values) for col in spec.columns if col.required
            )
            if required and score > best_score:
                best, best_score = spec, score
    return best


@dataclass
class ParsedRow:
    number: int
    values: dict[str, Any]
    letters: dict[str, str]
    # False when a cell was refused: the row is only checked for unknown references
    complete: bool = True


def _prepare(spec: SheetSpec, table: Table, report: ImportReport) -> list[ParsedRow]:
    """Find the header, check the layout, parse every cell; collect every problem."""
    header_row, mapping = _find_header(spec, table, report)
    if header_row is None:
        return []
    serial = mapping.pop(SERIAL, None)
    if any(col.required and col.field not in mapping for col in spec.columns):
        # The missing column is reported; its rows cannot be read, let alone written.
        return []
    by_field = {col.field: col for col in spec.columns}
    letters = {field: get_column_letter(index + 1) for field, index in mapping.items()}
    headers = {index: by_field[field].header for field, index in mapping.items()}

    for min_row, min_col, max_row, max_col in table.merged:
        if max_row > header_row:
            report.errors.append(
                ImportProblem(
                    _(
                        "Merged cells %(range)s: unmerge them and fill in every row, so each "
                        "row stands on its own."
                    )
                    % {
                        "range": f"{get_column_letter(min_col)}{min_row}:"
                        f"{get_column_letter(max_col)}{max_row}"
                    },
                    spec.name,
                    max(min_row, header_row + 1),
                    get_column_letter(min_col),
                    headers.get(min_col - 1),
                )
            )

    parsed: list[ParsedRow] = []
    seen: dict[tuple[object, ...], int] = {}
    for number, cells in table.rows:
        if number <= header_row:
            continue
        # A row of formulas whose results were never saved reads as empty, but is not.
        unsaved = any((number, index + 1) in table.formulas_without_value for index in headers)
        if not unsaved and all(clean_text(v) == "" for v in cells):
            continue
        if (
            serial is not None
            and serial < len(cells)
            and header_key(cells[serial]) in EXAMPLE_MARKERS
        ):
            report.notices.append(
                ImportProblem(_("The template's example row was skipped."), spec.name, number)
            )
            continue
        values: dict[str, Any] = {}
        row_ok = True
        for name, index in mapping.items():
            col = by_field[name]
            raw = cells[index] if index < len(cells) else None
            if (number, index + 1) in table.formulas_without_value:
                report.errors.append(
                    ImportProblem(
                        _(
                            "This cell holds a formula whose result was never saved. Open the "
                            "file in Excel or WPS and save it, or paste the values."
                        ),
                        spec.name,
                        number,
                        letters[name],
                        col.header,
                    )
                )
                row_ok = False
                continue
            if clean_text(raw) == "":
                if col.required:
                    report.errors.append(
                        ImportProblem(
                            _("This column must be filled in."),
                            spec.name,
                            number,
                            letters[name],
                            col.header,
                        )
                    )
                    row_ok = False
                values[name] = None
                continue
            try:
                values[name] = col.parse(raw)
            except CellInvalid as exc:
                report.errors.append(
                    ImportProblem(exc.message, spec.name, number, letters[name], col.header)
                )
                row_ok = False
                continue
            if isinstance(values[name], Noted):
                # Accepted, but the user should see how it was read (乡 as 镇).
                report.notices.append(
                    ImportProblem(values[name].note, spec.name, number, letters[name], col.header)
                )
                values[name] = str(values[name])
        # Columns absent from the sheet are absent from `values`: the row leaves them alone.
        if not row_ok:
            parsed.append(ParsedRow(number, values, letters, complete=False))
            continue
        identity = spec.identity(values)
        if identity is not None:
            if identity in seen:
                report.errors.append(
                    ImportProblem(
                        _("This row repeats row %(first)d of the same sheet.")
                        % {"first": seen[identity]},
                        spec.name,
                        number,
                    )
                )
                continue
            seen[identity] = number
        parsed.append(ParsedRow(number, values, letters))
    return parsed


def _find_header(
    spec: SheetSpec, table: Table, report: ImportReport
) -> tuple[int | None, dict[str, int]]:
    """The first row (of the top ten) naming a required column is the header."""
    required = [col for col in spec.columns if col.required]
    for number, cells in table.rows[:HEADER_SEARCH_ROWS]:
        texts = [clean_text(v) for v in cells]
        if not any(col.matches(text) for col in required for text in texts if text):
            continue
        mapping: dict[str, int] = {}
        for index, text in enumerate(texts):
            if text and header_key(text) in SERIAL_HEADERS:
                mapping.setdefault(SERIAL, index)
            if not text or header_key(text) in IGNORED_HEADERS:
                continue
            col = next((c for c in spec.columns if c.matches(text)), None)
            letter = get_column_letter(index + 1)
            if col is None:
                report.errors.append(
                    ImportProblem(
                        _("Unknown column “%(header)s”. This sheet's columns are: %(known)s.")
                        % {"header": text, "known": "、".join(c.header for c in spec.columns)},
                        spec.name,
                        number,
                        letter,
                        text,
                    )
                )
            elif col.field in mapping:
                report.errors.append(
                    ImportProblem(
                        _("The column “%(header)s” appears twice.") % {"header": col.header},
                        spec.name,
                        number,
                        letter,
                        text,
                    )
                )
            else:
                mapping[col.field] = index
        for col in required:
            if col.field not in mapping:
                report.errors.append(
                    ImportProblem(
                        _("The required column “%(header)s” is missing.") % {"header": col.header},
                        spec.name,
                        number,
                    )
                )
        return number, mapping
    report.errors.append(
        ImportProblem(
            _("No header row found: the first rows must name the columns %(known)s.")
            % {"known": "、".join(col.header for col in required)},
            spec.name,
        )
    )
    return None, {}


def _write_sheet(
    spec: SheetSpec,
    rows: list[ParsedRow],
    report: ImportReport,
    on_row: Progress | None,
    *,
    savepoint: bool,
) -> SheetReport:
    sheet = SheetReport(spec.name)
    spec.start([row.values for row in rows if row.complete])
    with spec.writing():
        _write_rows(spec, rows, report, on_row, sheet, savepoint=savepoint)
    return sheet


def _write_rows(
    spec: SheetSpec,
    rows: list[ParsedRow],
    report: ImportReport,
    on_row: Progress | None,
    sheet: SheetReport,
    *,
    savepoint: bool,
) -> None:
    first_seen: dict[object, int] = {}
    for row in rows:
        try:
            refs = spec.resolve(row.values)
            key = spec.same_row_key(row.values, refs) if row.complete else None
            if key is not None and key in first_seen:
                raise RowInvalid(
                    _("This row repeats row %(first)d of the same sheet.")
                    % {"first": first_seen[key]}
                )
            if key is not None:
                first_seen[key] = row.number
            if row.complete and savepoint:
                # A row the database refuses must not end the transaction of the others.
                with transaction.atomic():
                    sheet.results.append(spec.apply(row.values, refs, row=row.number))
            elif row.complete:
                sheet.results.append(spec.apply(row.values, refs, row=row.number))
        except RowErrors as exc:
            report.errors.extend(_row_problem(spec, row, problem) for problem in exc.problems)
        except RowInvalid as exc:
            report.errors.append(_row_problem(spec, row, exc))
        except ValidationError as exc:
            # The model's own checks are the last guard; a row they refuse is this row's error,
            # never a crash that hides the other rows' problems.
            report.errors.append(
                ImportProblem(
                    _("This row cannot be saved: %(error)s") % {"error": " ".join(exc.messages)},
                    spec.name,
                    row.number,
                )
            )
        except DatabaseError as exc:
            report.errors.append(
                ImportProblem(
                    _("The database refused this row: %(error)s") % {"error": exc},
                    spec.name,
                    row.number,
                )
            )
        if on_row:
            on_row(1)


def _row_problem(spec: SheetSpec, row: ParsedRow, problem: RowInvalid) -> ImportProblem:
    column = spec.column(problem.column) if problem.column else None
    return ImportProblem(
        problem.message,
        spec.name,
        row.number,
        row.letters.get(column.field) if column else None,
        column.header if column else None,
    )
