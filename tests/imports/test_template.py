"""The downloadable import template: one sheet per importable sheet, drop-downs, and it imports."""

from __future__ import annotations

import io

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from baolian.imports.engine import registered_specs
from baolian.imports.templates_xlsx import template_bytes
from baolian.roster.models import Community, Leader, Pairing, Street, Unit
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
        assert list(header) == [col.header for col in spec.columns]


def test_every_template_sheet_has_a_filled_in_example_row(template):
    for spec in registered_specs():
        rows = list(template[spec.name].iter_rows(min_row=2, values_only=True))
        assert len(rows) == 1, spec.name
        required = [i for i, col in enumerate(spec.columns) if col.required]
        assert all(rows[0][i] not in (None, "") for i in required), spec.name


def test_the_kind_columns_offer_their_choices_as_drop_downs(template):
    assert drop_downs(template["街道镇"])["B"][0][:2] == ["街道", "镇"]
    assert drop_downs(template["社区村"])["B"][0] == ["社区", "村"]
    for spec in registered_specs():
        expected = {
            get_column_letter(index): list(col.parse.options)
            for index, col in enumerate(spec.columns, start=1)
            if getattr(col.parse, "options", None)
        }
        offered = drop_downs(template[spec.name])
        assert {letter: values for letter, (values, _r) in offered.items()} == expected
        for letter, (_values, cells) in offered.items():
            assert cells.startswith(f"{letter}2:{letter}"), cells


def test_the_unmodified_template_imports_its_example_rows(db):
    report = run_import(template_bytes(), "包联导入模板.xlsx")

    assert report.errors == []
    assert [(s.name, s.created) for s in report.sheets] == [
        (spec.name, 1) for spec in registered_specs()
    ]
    assert [(n.sheet, "not one Baolian imports" in str(n.message)) for n in report.notices] == [
        ("填写说明", True)
    ]
    pairing = Pairing.objects.select_related("unit", "community__street", "leader").get()
    assert (pairing.unit, pairing.community, pairing.leader) == (
        Unit.objects.get(),
        Community.objects.get(),
        Leader.objects.get(),
    )
    assert pairing.community.street == Street.objects.get()


def test_the_template_imported_twice_is_unchanged_the_second_time(db):
    assert run_import(template_bytes(), "包联导入模板.xlsx").errors == []

    report = run_import(template_bytes(), "包联导入模板.xlsx")

    assert report.errors == []
    assert report.changed == 0
