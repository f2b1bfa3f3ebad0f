"""Everything a new import sheet needs, in one place.

    from baolian.imports.sheets import Column, SheetSpec, register, text, upsert, result, ...

See `baolian/roster/importers.py` for sheets written with these. A sheet whose `apply()`
writes only through `upsert()` sets `in_memory = True` and gets the fast path: checked in
memory, written in bulk in one short transaction.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models

from baolian.imports.cells import (
    CellInvalid,
    Noted,
    bool_cell,
    choice,
    date_cell,
    decimal_cell,
    text,
)
from baolian.imports.rows import existing, identity_of, upsert
from baolian.imports.specs import (
    Column,
    Outcome,
    RowErrors,
    RowInvalid,
    RowResult,
    SheetSpec,
    register,
    registered_specs,
    resolve_each,
)
from baolian.lib.upsert import Saved, apply_changes, show_value
from baolian.roster.lookups import find_community, find_leader, find_street, find_unit

__all__ = [
    "apply_changes",
    "CellInvalid",
    "Column",
    "Noted",
    "Outcome",
    "RowErrors",
    "RowInvalid",
    "RowResult",
    "Saved",
    "SheetSpec",
    "blank_if_empty",
    "bool_cell",
    "choice",
    "date_cell",
    "decimal_cell",
    "existing",
    "find_community",
    "find_leader",
    "find_street",
    "find_unit",
    "identity_of",
    "register",
    "registered_specs",
    "resolve_each",
    "result",
    "text",
    "upsert",
]


def blank_if_empty(values: dict[str, Any], field: str) -> str | None:
    """A present but empty optional cell clears the field; an absent column keeps it."""
    if field not in values:
        return None
    return values[field] or ""


def result(saved: Saved[Any], row: int, label: str, spec: SheetSpec | None = None) -> RowResult:
    """The preview's line for one written row, in the sheet's language (联络员, not
    liaison_name); a new row lists what it holds."""
    headers = _headers(type(spec)) if spec else {}
    model = type(saved.obj)
    if saved.created:
        return RowResult(row, Outcome.CREATED, label, values=_shown(saved.obj, headers))
    if saved.changes:
        changes = {
            headers.get(name) or str(model._meta.get_field(name).verbose_name): before_after
            for name, before_after in saved.changes.items()
        }
        return RowResult(row, Outcome.UPDATED, label, changes)
    return RowResult(row, Outcome.UNCHANGED, label)


_HEADERS: dict[type[SheetSpec], dict[str, str]] = {}


def _headers(spec: type[SheetSpec]) -> dict[str, str]:
    """field -> header of a sheet (asked for every row of the file, the same every time)."""
    headers = _HEADERS.get(spec)
    if headers is None:
        headers = _HEADERS[spec] = {col.field: col.header for col in spec.columns}
    return headers


@cache
def _fields_of(model: type[models.Model], names: tuple[str, ...]) -> tuple[str, ...]:
    """Those of `names` that are fields of `model` (a column may be no field of the row)."""
    present = []
    for name in names:
        try:
            model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        present.append(name)
    return tuple(present)


def _shown(obj: models.Model, headers: dict[str, str]) -> dict[str, str]:
    shown = {}
    for name in _fields_of(type(obj), tuple(headers)):
        value = getattr(obj, name, None)
        if value not in (None, ""):
            shown[headers[name]] = show_value(type(obj), name, value)
    return shown
