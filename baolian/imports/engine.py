"""Kept for the merge: the names sheets imported from here before the engine was split.

New code imports from `baolian.imports.sheets` (what a sheet needs) or from the module that
holds the name: `specs` (sheets and the registry), `cells` (cell parsers), `report` (what an
import found), `runner` (`import_file`), `rows` (in-memory upsert).
"""

from __future__ import annotations

from baolian.imports.cells import (  # noqa: F401
    CellInvalid,
    bool_cell,
    choice,
    date_cell,
    decimal_cell,
    text,
)
from baolian.imports.report import (  # noqa: F401
    PREVIEW_ROWS,
    ImportProblem,
    ImportReport,
    SheetReport,
)
from baolian.imports.runner import import_file  # noqa: F401
from baolian.imports.specs import (  # noqa: F401
    _REGISTRY,
    Column,
    Outcome,
    RowErrors,
    RowInvalid,
    RowResult,
    SheetSpec,
    header_key,
    register,
    registered_specs,
    resolve_each,
)
