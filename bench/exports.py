"""The roster export against openpyxl's write_only mode writing the same rows.

    python -m bench exports                    # 1,000 communities
    BAOLIAN_BENCH_ROWS=50000 python -m bench exports

Target (issue 5): ≤ 3× the floor, with memory that does not grow with the row count.
"""

from __future__ import annotations

import os
import tempfile
import tracemalloc
from typing import Any

from bench.common import best, database, env_sizes, line, setup
from bench.imports import empty_roster, roster_workbook


def write_floor(sheets: list[tuple[str, list[list[Any]]]]) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for name, rows in sheets:
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
    with tempfile.TemporaryFile() as file:
        book.save(file)


def export() -> None:
    from baolian.accounts.scoping import office_user
    from baolian.lib.xlsx import xlsx_file
    from baolian.roster.exporters import roster_sheets

    with xlsx_file(roster_sheets(office_user())):
        pass


def load(rows: int) -> list[tuple[str, list[list[Any]]]]:
    from baolian.accounts.scoping import office_user
    from baolian.imports.runner import import_file
    from baolian.roster.exporters import roster_sheets

    empty_roster()
    import_file(data=roster_workbook(rows), filename="roster.xlsx")
    # The same rows, already in memory, for the floor.
    sheets = roster_sheets(office_user())
    return [(s.name, [list(s.headers), *map(list, s.rows)]) for s in sheets]


def peak_memory() -> int:
    tracemalloc.start()
    export()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def main() -> None:
    setup()
    rows = env_sizes("BAOLIAN_BENCH_ROWS", "1000")[0]
    repeat = int(os.environ.get("BAOLIAN_BENCH_REPEAT", "3"))
    print(f"--- export, {database()}: {rows} communities + {rows} pairings ---")
    sheets = load(rows)
    floor, floor_med = best(lambda: write_floor(sheets), repeat)
    took, took_med = best(export, repeat)
    line("floor: openpyxl write_only writes the rows", floor, floor_med)
    ratio = took / floor
    line(
        "roster export (query + write)",
        took,
        took_med,
        f"{ratio:5.1f}x floor (≤3x {'ok' if ratio <= 3 else 'OVER'})",
    )
    small = peak_memory()
    load(rows * 2)
    large = peak_memory()
    print(
        f"peak Python memory of one export: {rows} rows {small / 1e6:.1f} MB, "
        f"{rows * 2} rows {large / 1e6:.1f} MB"
    )
    empty_roster()
