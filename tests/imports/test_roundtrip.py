"""Export and import are one layout: an export imports back unchanged, an import exports back."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl

from baolian.lib.xlsx import write_xlsx
from baolian.roster.exporters import roster_sheets
from baolian.roster.models import Community, Unit
from tests.factories import LeaderFactory
from tests.imports.conftest import counts, roster_sheets_rows, roster_state, run_import
from tests.workbooks import xlsx


def cells(data: bytes) -> dict[str, list[tuple[object, ...]]]:
    """Every sheet's rows as a user sees them (a blank cell is blank, whether None or "")."""
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    return {
        sheet.title: [
            tuple(None if value == "" else value for value in row)
            for row in sheet.iter_rows(values_only=True)
        ]
        for sheet in workbook.worksheets
    }


def export(user) -> bytes:
    return write_xlsx(roster_sheets(user))


def test_the_exported_roster_imports_back_with_nothing_created_or_updated(city, users):
    city.c11.latitude, city.c11.longitude = Decimal("23.661200"), Decimal("116.640100")
    city.c11.save()
    city.unit_b.liaison_phone = "13800000002"
    city.unit_b.save()
    before = roster_state()

    report = run_import(export(users["admin"]), "roster-export.xlsx")

    assert report.errors == []
    assert counts(report) == {
        "街道镇": (0, 0, 2),
        "社区村": (0, 0, 4),
        "包联单位": (0, 0, 3),
        "包联领导": (0, 0, 2),
        "包联关系": (0, 0, 3),
    }
    assert roster_state() == before


def test_an_export_with_rows_added_at_the_end_keeps_the_existing_order(city, users):
    before = {unit.name: unit.sort_order for unit in (city.unit_a, city.unit_b, city.unit_c)}
    sheets = {sheet.name: [sheet.headers, *sheet.rows] for sheet in roster_sheets(users["admin"])}
    sheets["包联单位"].append(["市财政局", None, None, None])

    report = run_import(xlsx(sheets))

    assert report.errors == []
    assert counts(report)["包联单位"] == (1, 0, 3)
    city.unit_c.refresh_from_db()
    assert city.unit_c.sort_order == before["市档案馆"]
    assert list(Unit.objects.values_list("name", flat=True))[-1] == "市财政局"


def test_an_imported_workbook_exports_back_cell_for_cell(office_admin):
    sheets = roster_sheets_rows()
    data = xlsx(sheets)
    assert run_import(data).errors == []

    exported = cells(export(office_admin))

    assert exported == cells(data)


def test_an_export_of_leaders_never_given_an_order_imports_back_unchanged(office_admin):
    LeaderFactory(name="李明")
    LeaderFactory(name="王芳")
    before = roster_state()

    report = run_import(export(office_admin))

    assert report.errors == []
    assert counts(report)["包联领导"] == (0, 0, 2)
    assert roster_state() == before


def test_an_exported_location_keeps_every_decimal_place(office_admin):
    assert run_import(xlsx(roster_sheets_rows())).errors == []
    Community.objects.filter(name="下津村").update(
        latitude=Decimal("23.123457"), longitude=Decimal("-116.000001")
    )
    before = roster_state()

    report = run_import(export(office_admin))

    assert report.errors == []
    assert report.changed == 0
    assert roster_state() == before
