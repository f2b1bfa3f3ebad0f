"""The import service: validate every row of every sheet, write all or nothing.

A sheet is described by a `SheetSpec` (its columns and how one row is written); apps add
their own specs with `register()`, and a workbook's sheets import in `SheetSpec.order`.
Rows are written inside one transaction as they are checked, so a later sheet can refer to
what an earlier one created; at the end the transaction is rolled back if there was any
error or if this is a dry run. What the user sees is the same in both cases.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from itertools import islice
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from openpyxl.utils import get_column_letter

from baolian.imports.bundle import Bundle, open_bundle
from baolian.imports.workbook import ImportFileError, Table, read_tables
from baolian.lib.dates import parse_date
from baolian.lib.text import clean_text, name_key

HEADER_SEARCH_ROWS = 10
# A preview lists this many changing rows per sheet and counts the rest: 50,000 rows of
# before/after would be megabytes of HTML on an office PC.
PREVIEW_ROWS = 200
# Columns people add by habit; they carry nothing to import and are not an error.
IGNORED_HEADERS = {"序号", "备注", "no", "no."}
SERIAL_HEADERS = {"序号", "no", "no."}
SERIAL = "__serial__"
# The template's example row says so in its 序号 cell; it teaches, it is never imported.
EXAMPLE_MARKERS = {"示例", "例", "example"}
# Sheets that only explain the template; skipped without a word.
INSTRUCTION_SHEETS = {"填写说明", "说明", "notes"}


class CellInvalid(Exception):
    """A cell's value cannot be used; the message says why, for the user."""

    def __init__(self, message: object) -> None:
        super().__init__(str(message))
        self.message = message


class RowInvalid(Exception):
    """A row cannot be written; `column` is the field at fault (None for the row)."""

    def __init__(self, message: object, column: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.column = column


class RowErrors(Exception):
    """Every problem `SheetSpec.resolve()` found in one row, reported together."""

    def __init__(self, problems: list[RowInvalid]) -> None:
        super().__init__("; ".join(str(problem) for problem in problems))
        self.problems = problems


def resolve_each(lookups: dict[str, Callable[[], Any]]) -> dict[str, Any]:
    """Run every lookup; one unknown name must not hide the next one in the same row."""
    found, problems = {}, []
    for name, lookup in lookups.items():
        try:
            found[name] = lookup()
        except RowInvalid as exc:
            problems.append(exc)
    if problems:
        raise RowErrors(problems)
    return found


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    parse: Callable[[object], Any]
    required: bool = False
    aliases: tuple[str, ...] = ()

    def matches(self, header: str) -> bool:
        wanted = {header_key(self.header), header_key(self.header.split("(")[0])}
        wanted |= {header_key(alias) for alias in self.aliases}
        return header_key(header) in wanted


class Outcome:
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass
class RowResult:
    row: int
    outcome: str
    label: str
    changes: dict[str, tuple[str, str]] = field(default_factory=dict)


class SheetSpec:
    """One importable sheet. Subclasses set name, order, columns and write `apply()`."""

    name: str = ""
    order: int = 0
    columns: tuple[Column, ...] = ()
    example: dict[str, object] = {}

    def identity(self, values: dict[str, Any]) -> tuple[object, ...] | None:
        """What makes two rows of this sheet the same thing (duplicate check in one file)."""
        return None

    def start(self, rows: list[dict[str, Any]]) -> None:
        """Called once with every parsed row of the sheet before the first `apply()`."""

    def resolve(self, values: dict[str, Any]) -> dict[str, Any]:
        """Find the rows this one refers to, by name; raise RowErrors naming every unknown one.

        Also called for rows whose cells are invalid (with the cells that did parse), so the
        user learns of an unknown unit in the same pass as of a bad date beside it.
        """
        return {}

    def same_row_key(self, values: dict[str, Any], refs: dict[str, Any]) -> object | None:
        """What the row is once its names are resolved; two rows of a file with the same key
        are one record written twice (e.g. a community typed with and without its street)."""
        return None

    def apply(self, values: dict[str, Any], refs: dict[str, Any], *, row: int) -> RowResult:
        """Write one row whose cells and references are all valid."""
        raise NotImplementedError

    # Files that came in the same .zip as the workbook (photos), set by `import_file`.
    bundle: Bundle = Bundle()

    def finish(self, *, written: bool) -> None:
        """Called after the transaction: undo what the database cannot (files) if not written."""

    def column(self, field_name: str) -> Column:
        return next(col for col in self.columns if col.field == field_name)


# Classes, not instances: every import gets fresh specs, so what `start()` keeps for one file
# never leaks into the next import (or into another thread's).
_REGISTRY: dict[str, type[SheetSpec]] = {}


def register(spec: type[SheetSpec]) -> type[SheetSpec]:
    """Class decorator: make a sheet importable (and part of the template)."""
    _REGISTRY[header_key(spec.name)] = spec
    return spec


def registered_specs() -> list[type[SheetSpec]]:
    return sorted(_REGISTRY.values(), key=lambda spec: spec.order)


def header_key(text: object) -> str:
    return name_key(clean_text(text))


# --- the report ----------------------------------------------------------------------------


@dataclass
class ImportProblem:
    """One reason the import cannot go ahead, with its place in the file."""

    message: object
    sheet: str | None = None
    row: int | None = None
    column_letter: str | None = None
    column: str | None = None

    def place(self) -> str:
        parts = []
        if self.sheet:
            parts.append(gettext("sheet “%(sheet)s”") % {"sheet": self.sheet})
        if self.row:
            parts.append(gettext("row %(row)d") % {"row": self.row})
        if self.column_letter or self.column:
            parts.append(
                gettext("column %(letter)s (%(name)s)")
                % {"letter": self.column_letter or "?", "name": self.column or ""}
            )
        return gettext(", ").join(parts)

    def __str__(self) -> str:
        place = self.place()
        if not place:
            return str(self.message)
        return gettext("%(place)s: %(message)s") % {"place": place, "message": self.message}

    def as_dict(self) -> dict[str, object]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column_letter,
            "header": self.column,
            "message": str(self.message),
        }


@dataclass
class SheetReport:
    name: str
    results: list[RowResult] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for result in self.results if result.outcome == outcome)

    @property
    def created(self) -> int:
        return self.count(Outcome.CREATED)

    @property
    def updated(self) -> int:
        return self.count(Outcome.UPDATED)

    @property
    def unchanged(self) -> int:
        return self.count(Outcome.UNCHANGED)

    @property
    def shown_changes(self) -> list[RowResult]:
        """The first rows that change, for a preview a browser can still show."""
        changed = (result for result in self.results if result.outcome != Outcome.UNCHANGED)
        return list(islice(changed, PREVIEW_ROWS))

    @property
    def hidden_changes(self) -> int:
        return self.created + self.updated - len(self.shown_changes)


@dataclass
class ImportReport:
    filename: str
    dry_run: bool
    sheets: list[SheetReport] = field(default_factory=list)
    errors: list[ImportProblem] = field(default_factory=list)
    notices: list[ImportProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def written(self) -> bool:
        return self.ok and not self.dry_run

    @property
    def changed(self) -> int:
        return sum(sheet.created + sheet.updated for sheet in self.sheets)

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.filename,
            "dry_run": self.dry_run,
            "ok": self.ok,
            "written": self.written,
            "sheets": [
                {
                    "sheet": sheet.name,
                    "created": sheet.created,
                    "updated": sheet.updated,
                    "unchanged": sheet.unchanged,
                }
                for sheet in self.sheets
            ],
            "errors": [problem.as_dict() for problem in self.errors],
            "notices": [problem.as_dict() for problem in self.notices],
        }


# --- running an import -----------------------------------------------------------------------

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
    report = ImportReport(filename=filename, dry_run=dry_run)
    bundle = Bundle()
    try:
        if PurePath(filename).suffix.lower() == ".zip":
            data, filename, bundle = open_bundle(data)
        tables = read_tables(data, filename, wanted=lambda name: header_key(name) in _REGISTRY)
    except ImportFileError as exc:
        report.errors.append(ImportProblem(exc.message))
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
        return report

    for spec, _table in plan:
        spec.bundle = bundle
    prepared = [(spec, table, _prepare(spec, table, report)) for spec, table in plan]
    if on_total:
        on_total(sum(len(rows) for _spec, _table, rows in prepared))
    try:
        with transaction.atomic():
            for spec, table, rows in prepared:
                report.sheets.append(_write_sheet(spec, table, rows, report, on_row))
            if report.errors or dry_run:
                transaction.set_rollback(True)
    except DatabaseError as exc:
        report.errors.append(
            ImportProblem(_("The database refused the import: %(error)s") % {"error": exc})
        )
    finally:
        for spec, _table in plan:
            spec.finish(written=report.written)
    # Cells are checked before rows are written, so the problems were found out of order;
    # people fix a sheet from top to bottom.
    rank = {spec.name: position for position, (spec, _table) in enumerate(plan)}
    report.errors.sort(key=lambda problem: (rank.get(problem.sheet or "", -1), problem.row or 0))
    return report


def _match_sheets(tables: list[Table], report: ImportReport) -> list[tuple[SheetSpec, Table]]:
    plan: dict[str, tuple[SheetSpec, Table]] = {}
    for table in tables:
        spec_class = _REGISTRY.get(header_key(table.name))
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
    table: Table,
    rows: list[ParsedRow],
    report: ImportReport,
    on_row: Progress | None,
) -> SheetReport:
    sheet = SheetReport(spec.name)
    spec.start([row.values for row in rows if row.complete])
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
            if row.complete:
                with transaction.atomic():
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
    return sheet


def _row_problem(spec: SheetSpec, row: ParsedRow, problem: RowInvalid) -> ImportProblem:
    column = spec.column(problem.column) if problem.column else None
    return ImportProblem(
        problem.message,
        spec.name,
        row.number,
        row.letters.get(column.field) if column else None,
        column.header if column else None,
    )


# --- cell parsers: each turns one raw cell into a value or raises CellInvalid --------------


def text(max_length: int) -> Callable[[object], str]:
    def parse(raw: object) -> str:
        if isinstance(raw, (bool, date, datetime, time)):
            # A date or TRUE where a name belongs is a cell pasted into the wrong column.
            raise CellInvalid(
                _("“%(value)s” is not text; this column holds names or codes.")
                % {"value": clean_text(raw)}
            )
        value = clean_text(raw)
        if isinstance(raw, float) and raw.is_integer():
            value = str(int(raw))  # a code or phone number typed into a number cell
        # Excel's "treat as text" apostrophe survives in CSV exports ('13800000000).
        value = value.removeprefix("'")
        if any(ord(char) < 32 and char not in "\t\n\r" for char in value):
            raise CellInvalid(_("This cell holds invisible control characters; retype it."))
        if len(value) > max_length:
            raise CellInvalid(_("Too long: at most %(max)d characters.") % {"max": max_length})
        return value

    return parse


def choice(
    options: dict[str, str], *, offered: tuple[str, ...] | None = None
) -> Callable[[object], str]:
    """One of `options` (label -> value); the template's drop-down offers `offered` labels,
    or all, while the importer still accepts every label (乡 is typed for 镇)."""
    keyed = {header_key(label): value for label, value in options.items()}

    def parse(raw: object) -> str:
        try:
            return keyed[header_key(raw)]
        except KeyError:
            raise CellInvalid(
                _("“%(value)s” is not one of: %(options)s.")
                % {"value": clean_text(raw), "options": "、".join(options)}
            ) from None

    parse.options = list(offered or options)  # type: ignore[attr-defined]  # the drop-down
    return parse


def date_cell(raw: object) -> object:
    try:
        return parse_date(raw)
    except (ValueError, OverflowError):
        raise CellInvalid(
            _("“%(value)s” is not a date. Write it as 2021-04-05, 2021/4/5 or 2021年4月5日.")
            % {"value": clean_text(raw)}
        ) from None


def decimal_cell(
    *, minimum: Decimal | None = None, maximum: Decimal | None = None, places: int = 2
) -> Callable[[object], Decimal]:
    def parse(raw: object) -> Decimal:
        cleaned = unicodedata.normalize("NFKC", clean_text(raw))
        for junk in (",", " ", "元", "¥", "￥"):
            cleaned = cleaned.replace(junk, "")
        try:
            value = Decimal(cleaned)
        except InvalidOperation:
            raise CellInvalid(
                _("“%(value)s” is not a number.") % {"value": clean_text(raw)}
            ) from None
        if not value.is_finite():
            raise CellInvalid(_("“%(value)s” is not a number.") % {"value": clean_text(raw)})
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            raise CellInvalid(
                _("%(value)s is outside the allowed range %(min)s to %(max)s.")
                % {"value": cleaned, "min": minimum, "max": maximum}
            )
        return value.quantize(Decimal(1).scaleb(-places))

    return parse


def bool_cell(raw: object) -> bool:
    key = header_key(raw)
    if key in {"是", "y", "yes", "1", "true", "对", "√"}:
        return True
    if key in {"否", "n", "no", "0", "false", "×"}:
        return False
    raise CellInvalid(_("Write 是 or 否 (Y/N, 1/0 also work)."))


def describe(value: object) -> str:
    """How a value is shown in the preview's before/after columns."""
    if value is None:
        return ""
    return str(value)


def changes_of(obj: object, new_values: dict[str, object]) -> dict[str, tuple[str, str]]:
    """Set `new_values` on `obj`; return {field: (before, after)} for what really changed."""
    changes = {}
    for name, new in new_values.items():
        old = getattr(obj, name)
        if old != new:
            changes[name] = (describe(old), describe(new))
            setattr(obj, name, new)
    return changes


def labels(rows: Iterable[RowResult]) -> list[str]:
    return [row.label for row in rows]
