"""Workbooks built inside the tests (never copied from shared/)."""

from __future__ import annotations

import io
from collections.abc import Callable

import openpyxl

Rows = list[list[object]]


def xlsx(
    sheets: dict[str, Rows], *, edit: Callable[[openpyxl.Workbook], None] | None = None
) -> bytes:
    """A workbook with one sheet per key; each value is [header row, *rows]."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    if edit:
        edit(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
