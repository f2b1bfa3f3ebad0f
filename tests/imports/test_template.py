"""The downloadable import template: one sheet per importable sheet, drop-downs, and it imports."""

from __future__ import annotations

import io

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from baolian.imports.engine import registered_specs
from baolian.imports.templates_xlsx import template_bytes
from baolian.roster.models import Street, Unit
from tests.factories import UnitFactory
from tests.imports.conftest import run_import


@pytest.fixture
def template() -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(template_bytes()))


def drop_downs(sheet) -> dict[str, tuple[list[str], str]]:
    """{column letter: (offered values, the range it covers)} of the sheet's list validations."""
    found = {}
    for rule in sheet.data_validations.dataValidation:
        assert rule.type == "list"
        first = str(rule.sqref).split(":")[0]
        found[first.rstrip("0123456789")] = (rule.formula1.strip('"').split(","), str(rule.sqref))
    return found


def test_the_template_has_a_sheet_per_importable_sheet_with_exactly_its_headers(template):
    specs = registered_specs()
    assert {"街道镇", "社区村", "包联单位", "包联领导", "包联关系"} <= {s.name for s in specs}

    assert template.sheetnames == ["填写说明", *(spec.name for spec in specs)]
    for spec in specs:
        header = next(template[spec.name].iter_rows(max_row=1, values_only=True))
        assert list(header) == ["序号", *(col.header for col in spec.columns)]


def test_every_template_sheet_has_a_filled_in_example_row_marked_as_such(template):
    for spec in registered_specs():
        rows = list(template[spec.name].iter_rows(min_row=2, values_only=True))
        assert len(rows) == 1, spec.name
        assert rows[0][0] == "示例"
        required = [i + 1 for i, col in enumerate(spec.columns) if col.required]
        assert all(rows[0][i] not in (None, "") for i in required), spec.name


def test_the_kind_columns_offer_their_choices_as_drop_downs(template):
    assert drop_downs(template["街道镇"])["C"][0] == ["街道", "镇"]
    assert drop_downs(template["社区村"])["C"][0] == ["社区", "村"]
    for spec in registered_specs():
        expected = {
            get_column_letter(index): list(col.parse.options)
            for index, col in enumerate(spec.columns, start=2)
            if getattr(col.parse, "options", None)
        }
        offered = drop_downs(template[spec.name])
        assert {letter: values for letter, (values, _r) in offered.items()} == expected
        for letter, (_values, cells) in offered.items():
            assert cells.startswith(f"{letter}2:{letter}"), cells


def test_the_unmodified_template_imports_nothing_and_says_the_examples_were_skipped(db):
    report = run_import(template_bytes(), "包联导入模板.xlsx")

    assert report.errors == []
    assert report.changed == 0
    assert [(n.sheet, n.row) for n in report.notices] == [
        (spec.name, 2) for spec in registered_specs()
    ]  # and not a word about the 填写说明 sheet
    assert not Unit.objects.exists() and not Street.objects.exists()


def test_rows_added_below_the_example_import_and_the_example_overwrites_nothing(db):
    existing = UnitFactory(name="市卫生健康局", liaison_name="王五")  # the example's unit name
    workbook = openpyxl.load_workbook(io.BytesIO(template_bytes()))
    workbook["包联单位"].append([None, "市新单位", "市直机关", "林芳", "13900000000"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    report = run_import(buffer.getvalue(), "包联导入模板.xlsx")

    assert report.errors == []
    assert list(Unit.objects.values_list("name", flat=True)) == ["市卫生健康局", "市新单位"]
    existing.refresh_from_db()
    assert existing.liaison_name == "王五"
