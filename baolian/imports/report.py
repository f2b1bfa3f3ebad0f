"""What an import found: per sheet, the rows it creates, changes or leaves; every problem."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import islice
from types import SimpleNamespace
from typing import Any

from django.utils.translation import gettext

from baolian.imports.specs import Outcome, RowResult

# A preview lists this many changing rows per sheet and counts the rest: 50,000 rows of
# before/after would be megabytes of HTML on an office PC.
PREVIEW_ROWS = 200


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

    @property
    def noted(self) -> list[RowResult]:
        return [result for result in self.results if result.notes]


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

    @property
    def rows(self) -> int:
        return sum(len(sheet.results) for sheet in self.sheets)

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


def report_to_json(report: ImportReport) -> dict[str, Any]:
    """What the preview page shows, as JSON (a background job keeps it in the database)."""

    def problem(p: ImportProblem) -> dict[str, Any]:
        return {
            "message": str(p.message),
            "sheet": p.sheet,
            "row": p.row,
            "column_letter": p.column_letter,
            "column": p.column,
            "text": str(p),
        }

    return {
        "filename": report.filename,
        "dry_run": report.dry_run,
        "errors": [problem(p) for p in report.errors],
        "notices": [problem(p) for p in report.notices],
        "sheets": [
            {
                "name": sheet.name,
                "created": sheet.created,
                "updated": sheet.updated,
                "unchanged": sheet.unchanged,
                "hidden_changes": sheet.hidden_changes,
                "shown_changes": [
                    {
                        "row": r.row,
                        "outcome": r.outcome,
                        "label": r.label,
                        "changes": {k: list(v) for k, v in r.changes.items()},
                        "values": r.values,
                    }
                    for r in sheet.shown_changes
                ],
            }
            for sheet in report.sheets
        ],
    }


class _Problem(SimpleNamespace):
    def __str__(self) -> str:
        return str(self.text)


class StoredReport:
    """A report read back from JSON, with what the preview template reads of an ImportReport."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.filename = data["filename"]
        self.dry_run = data["dry_run"]
        self.errors = [_Problem(**p) for p in data["errors"]]
        self.notices = [_Problem(**p) for p in data["notices"]]
        self.sheets = [
            SimpleNamespace(
                **{**s, "shown_changes": [SimpleNamespace(**r) for r in s["shown_changes"]]}
            )
            for s in data["sheets"]
        ]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def written(self) -> bool:
        return self.ok and not self.dry_run

    @property
    def changed(self) -> int:
        return sum(sheet.created + sheet.updated for sheet in self.sheets)
