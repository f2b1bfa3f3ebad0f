"""How the engine reads 是/否, amounts and dates, through a sheet registered only for the test.

The roster has no 是/否 or amount column; the visits and support sheets (DESIGN §6) will, and
they read them with these same parsers.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from baolian.imports import engine
from baolian.imports.engine import (
    Column,
    Outcome,
    RowResult,
    SheetSpec,
    bool_cell,
    date_cell,
    decimal_cell,
    text,
)
from tests.imports.conftest import csv_bytes, run_import
from tests.workbooks import xlsx

HEADERS = ["名称", "单位领导带队(是/否)", "金额(元)", "日期"]


@pytest.fixture
def probe(monkeypatch, db) -> list[dict[str, Any]]:
    """Register a sheet 测试表 for this test only; returns the values its rows were read as."""
    seen: list[dict[str, Any]] = []

    class ProbeSheet(SheetSpec):
        name = "测试表"
        order = 999
        columns = (
            Column("名称", "name", text(20), required=True),
            Column("单位领导带队(是/否)", "led", bool_cell),
            Column("金额(元)", "amount", decimal_cell(minimum=Decimal(0))),
            Column("日期", "day", date_cell),
        )

        def apply(self, values: dict[str, Any], refs: dict[str, Any], *, row: int) -> RowResult:
            seen.append(values)
            return RowResult(row, Outcome.CREATED, values["name"])

    monkeypatch.setitem(engine._REGISTRY, engine.header_key(ProbeSheet.name), ProbeSheet)
    return seen


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("是", True),
        ("否", False),
        ("Y", True),
        ("n", False),
        ("1", True),
        ("0", False),
        (1, True),
        (0, False),
        (True, True),
        ("yes", True),
        ("NO", False),
        (" 是 ", True),
        ("√", True),
        ("×", False),
    ],
)
def test_yes_no_cells_accept_the_ways_people_write_them(probe, typed, read):
    report = run_import(xlsx({"测试表": [HEADERS[:2], ["行", typed]]}))

    assert report.errors == []
    assert probe[0]["led"] is read


def test_a_yes_no_cell_with_anything_else_is_rejected_with_the_options(probe):
    report = run_import(xlsx({"测试表": [HEADERS[:2], ["行", "也许"]]}))

    [error] = report.errors
    assert (error.sheet, error.row, error.column_letter, error.column) == (
        "测试表",
        2,
        "B",
        "单位领导带队(是/否)",
    )
    assert "是" in str(error.message) and "否" in str(error.message)


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("1,252,940", Decimal("1252940.00")),
        ("12,345.6元", Decimal("12345.60")),
        ("￥1,000", Decimal("1000.00")),
        ("１２３", Decimal("123.00")),
        (2500, Decimal("2500.00")),
        (99.995, Decimal("100.00")),
        ("0", Decimal("0.00")),
    ],
)
def test_amounts_accept_thousands_separators_and_currency_signs(probe, typed, read):
    report = run_import(xlsx({"测试表": [[HEADERS[0], HEADERS[2]], ["行", typed]]}))

    assert report.errors == []
    assert probe[0]["amount"] == read


@pytest.mark.parametrize("typed", ["一万", "NaN", "Infinity", "-5", "1.2.3"])
def test_an_amount_that_is_not_a_usable_number_is_rejected_naming_it(probe, typed):
    report = run_import(xlsx({"测试表": [[HEADERS[0], HEADERS[2]], ["行", typed]]}))

    [error] = report.errors
    assert (error.row, error.column_letter, error.column) == (2, "B", "金额(元)")
    assert typed in str(error.message)


def test_a_csv_of_a_registered_sheet_reads_every_kind_of_cell(probe):
    rows = [HEADERS, ["行", "Y", "1,000", "2021年4月5日"], ["另一行", "否", "", "2021.4.6"]]

    report = run_import(csv_bytes(rows, "gb18030"), "测试表.csv")

    assert report.errors == []
    assert probe == [
        {"name": "行", "led": True, "amount": Decimal("1000.00"), "day": date(2021, 4, 5)},
        {"name": "另一行", "led": False, "amount": None, "day": date(2021, 4, 6)},
    ]


def test_a_header_typed_with_full_width_brackets_or_without_its_hint_is_recognised(probe):
    rows = [["名称", "单位领导带队（是/否）", "金额"], ["行", "是", "5"]]

    report = run_import(xlsx({"测试表": rows}))

    assert report.errors == []
    assert probe[0] == {"name": "行", "led": True, "amount": Decimal("5.00")}
