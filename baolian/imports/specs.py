"""What a sheet is: its columns, how its rows resolve and are written, and the registry.

A sheet is described by a `SheetSpec`; apps add their own with `@register`, and a workbook's
sheets import in `SheetSpec.order`. Authors of new sheets import from `baolian.imports.sheets`.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Any, ClassVar

from baolian.imports.bundle import Bundle
from baolian.lib.text import clean_text, name_key


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


def header_key(text: object) -> str:
    return name_key(clean_text(text))


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
    # What a new row holds (header -> value as shown), so its preview is not just a name.
    values: dict[str, str] = field(default_factory=dict)
    # Something the user should know about this row although it imports (乡 read as 镇).
    notes: list[str] = field(default_factory=list)


class SheetSpec:
    """One importable sheet. Subclasses set name, order, columns and write `apply()`."""

    name: ClassVar[str] = ""
    order: ClassVar[int] = 0
    columns: ClassVar[tuple[Column, ...]] = ()
    example: ClassVar[dict[str, object]] = {}
    # True when `apply()` writes only through `baolian.imports.sheets.upsert()`: the engine
    # then checks the whole file in memory (a preview never takes the database's write lock)
    # and writes everything in bulk in one short transaction. A sheet whose `apply()` calls
    # services that save directly keeps False, and the import runs inside one transaction.
    in_memory: ClassVar[bool] = False

    def identity(self, values: dict[str, Any]) -> tuple[object, ...] | None:
        """What makes two rows of this sheet the same thing (duplicate check in one file)."""
        return None

    def start(self, rows: list[dict[str, Any]]) -> None:
        """Called once with every parsed row of the sheet before the first `apply()`."""

    def writing(self) -> AbstractContextManager[object]:
        """Entered around the sheet's `apply()` calls, inside the import's transaction (work
        that is cheaper once for all rows than once per row: recounts, say)."""
        return nullcontext()

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


def spec_for_sheet(name: str) -> type[SheetSpec] | None:
    return _REGISTRY.get(header_key(name))
