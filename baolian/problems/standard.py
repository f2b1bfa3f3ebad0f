"""The national standard's catalogue as a file: read it, load it, match what people type.

The shipped file is `data/standard_2021.csv` (编码, 层级, 序号, 上级, 名称, 待核实). Loading is
keyed on 编码, so loading the file again (or a corrected copy) updates rows in place; a row the
office edited in the UI is overwritten only by a file that says otherwise.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from baolian.lib.numerals import parse_numeral
from baolian.lib.text import clean_text, name_key

SHIPPED = Path(__file__).resolve().parent / "data" / "standard_2021.csv"
LEVELS = ("category", "item", "check")
HEADERS = ("编码", "层级", "序号", "上级", "名称", "待核实")


class CatalogueInvalid(ValueError):
    pass


@dataclass(frozen=True)
class CatalogueRow:
    code: str
    level: str
    number: int | None
    parent: str
    title: str
    uncertain: bool


def read_catalogue(data: str | bytes | None = None) -> list[CatalogueRow]:
    """Rows of a catalogue file (the shipped one by default), checked as a whole."""
    if data is None:
        data = SHIPPED.read_text(encoding="utf-8")
    if isinstance(data, bytes):
        data = data.decode("utf-8-sig")
    reader = csv.reader(io.StringIO(data.lstrip("\ufeff")))
    header = [clean_text(cell) for cell in next(reader, [])]
    if tuple(header[: len(HEADERS)]) != HEADERS:
        raise CatalogueInvalid(f"表头应为 {','.join(HEADERS)} / the header must be {HEADERS}")
    rows: list[CatalogueRow] = []
    seen: set[str] = set()
    for line, cells in enumerate(reader, start=2):
        if not any(clean_text(c) for c in cells):
            continue
        cells = [clean_text(c) for c in cells] + [""] * len(HEADERS)
        code, level, number, parent, title, uncertain = cells[: len(HEADERS)]
        where = f"第{line}行 / line {line}"
        if not code or code in seen:
            raise CatalogueInvalid(f"{where}: 编码为空或重复 / empty or repeated code “{code}”")
        if level not in LEVELS:
            raise CatalogueInvalid(f"{where}: 层级应为 {'/'.join(LEVELS)} / unknown level")
        if not title:
            raise CatalogueInvalid(f"{where}: 名称为空 / the title is empty")
        if parent and parent not in seen:
            raise CatalogueInvalid(
                f"{where}: 上级“{parent}”须写在本行之前 / parent must come first"
            )
        if level != "category" and not parent:
            raise CatalogueInvalid(f"{where}: 条目须有上级 / an item needs its parent")
        parsed = None
        if number:
            parsed = parse_numeral(number)
            if parsed is None:
                raise CatalogueInvalid(f"{where}: 序号“{number}”不是数字 / not a number")
        seen.add(code)
        rows.append(
            CatalogueRow(code, level, parsed, parent, title, uncertain in {"1", "是", "true"})
        )
    return rows


def load_catalogue(model: type, rows: Iterable[CatalogueRow]) -> tuple[int, int]:
    """Write rows into `model` (StandardItem, or its historical version in a migration).

    Returns (created, updated). Rows absent from the file are left alone: problems point at
    them, and the office may have added its own.
    """
    created = updated = 0
    by_code: dict[str, object] = {}
    for position, row in enumerate(rows, start=1):
        values = {
            "level": row.level,
            "number": row.number,
            "parent": by_code.get(row.parent) if row.parent else None,
            "title": row.title,
            "uncertain": row.uncertain,
            "sort_order": position * 10,
        }
        obj = model.objects.filter(code=row.code).first()
        if obj is None:
            obj = model.objects.create(code=row.code, **values)
            created += 1
        else:
            changed = [name for name, value in values.items() if getattr(obj, name) != value]
            if changed:
                for name in changed:
                    setattr(obj, name, values[name])
                obj.save(update_fields=changed)
                updated += 1
        by_code[row.code] = obj
    return created, updated


def match_key(text: str) -> str:
    """How a typed entry is compared: width, spaces, brackets and quotes folded away."""
    key = name_key(text)
    for char in "“”\"'（）()、，,。.：:":
        key = key.replace(char, "")
    return key
