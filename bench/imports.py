"""Importing a roster against openpyxl's read-only mode merely reading the same file.

    python -m bench imports                     # 1,000 communities (and pairings)
    BAOLIAN_BENCH_ROWS=10000 BAOLIAN_BENCH_GROWTH=1000,10000,50000 python -m bench imports

Targets (issue 5): import and preview ≤ 5× the floor, re-import (no changes) ≤ 3×.
"""

from __future__ import annotations

import io
import os
from datetime import date

from bench.common import best, database, env_sizes, line, setup


def roster_workbook(rows: int) -> bytes:
    """`rows` communities in rows/100 streets, each paired with one of rows/25 units."""
    from baolian.lib.xlsx import Sheet, write_xlsx

    streets = max(1, rows // 100)
    units = max(1, rows // 25)
    leaders = 20
    return write_xlsx(
        [
            Sheet(
                "街道镇",
                ["名称", "类型(街道/镇)"],
                [[f"第{s}街道", "街道"] for s in range(streets)],
            ),
            Sheet(
                "社区村",
                ["名称", "类型(社区/村)", "所属街道镇", "编码"],
                [[f"第{c}社区", "社区", f"第{c % streets}街道", f"C{c:06d}"] for c in range(rows)],
            ),
            Sheet(
                "包联单位",
                ["名称", "单位类别", "联络员", "联系电话"],
                [[f"市第{u}局", "市直机关", "陈明", f"138{u:08d}"] for u in range(units)],
            ),
            Sheet("包联领导", ["姓名", "职务"], [[f"领导{n}", "副市长"] for n in range(leaders)]),
            Sheet(
                "包联关系",
                ["包联单位", "社区村", "所属街道镇", "包联领导", "开始日期"],
                [
                    [
                        f"市第{c % units}局",
                        f"第{c}社区",
                        f"第{c % streets}街道",
                        f"领导{c % leaders}",
                        date(2021, 4, 1),
                    ]
                    for c in range(rows)
                ],
            ),
        ]
    )


def read_floor(data: bytes) -> None:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    for sheet in book.worksheets:
        for _row in sheet.iter_rows(values_only=True):
            pass
    book.close()


def empty_roster() -> None:
    from auditlog.models import LogEntry

    from baolian.roster.models import Community, Leader, Pairing, Street, Unit

    Pairing.objects.all().delete()
    Community.objects.all().delete()
    Street.objects.all().delete()
    Unit.objects.all().delete()
    Leader.objects.all().delete()
    LogEntry.objects.all().delete()


def measure(rows: int, repeat: int) -> dict[str, float]:
    from baolian.imports.runner import import_file

    data = roster_workbook(rows)

    def run(dry_run: bool) -> None:
        report = import_file(data=data, filename="roster.xlsx", dry_run=dry_run)
        if not report.ok:
            raise SystemExit(f"the benchmark's workbook does not import: {report.errors[:3]}")

    figures = {
        "floor": best(lambda: read_floor(data), repeat)[0],
        "preview": best(lambda: run(True), repeat, before=empty_roster)[0],
        "import": best(lambda: run(False), repeat, before=empty_roster)[0],
    }
    figures["reimport"] = best(lambda: run(False), repeat)[0]  # the roster is there now
    return figures


def main() -> None:
    setup()
    rows = env_sizes("BAOLIAN_BENCH_ROWS", "1000")[0]
    repeat = int(os.environ.get("BAOLIAN_BENCH_REPEAT", "3"))
    print(f"--- import, {database()}: {rows} communities + {rows} pairings ---")
    figures = measure(rows, repeat)
    floor = figures["floor"]
    line("floor: openpyxl read-only reads the file", floor, floor)
    for name, target in (("preview", 5), ("import", 5), ("reimport", 3)):
        ratio = figures[name] / floor
        verdict = "ok" if ratio <= target else "OVER"
        line(f"{name}", figures[name], figures[name], f"{ratio:5.1f}x floor (≤{target}x {verdict})")

    print(f"--- import growth, {database()} (BAOLIAN_BENCH_GROWTH) ---")
    for size in env_sizes("BAOLIAN_BENCH_GROWTH", "500,1000,2000"):
        f = measure(size, 1)
        read = f["floor"]
        print(
            f"{size:>7} rows: read {read:7.2f} s  "
            f"preview {f['preview']:7.2f} s ({f['preview'] / read:4.1f}x)  "
            f"import {f['import']:7.2f} s ({f['import'] / read:4.1f}x)  "
            f"re-import {f['reimport']:7.2f} s ({f['reimport'] / read:4.1f}x)"
        )
    empty_roster()
