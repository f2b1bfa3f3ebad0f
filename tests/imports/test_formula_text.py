"""Text that looks like a formula stays text: in every export, and back through the import."""

from __future__ import annotations

import io

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baolian.lib.xlsx import Sheet, csv_lines, write_xlsx
from baolian.roster.exporters import roster_sheets
from baolian.roster.models import Unit
from tests.imports.conftest import counts, roster_state, run_import

FORMULA_LIKE = {
    "liaison_name": '=HYPERLINK("http://evil.example","点我")',
    "liaison_phone": "+8613800000000",
    "category": "-",
}


def test_formula_like_text_is_exported_as_text_and_imports_back_unchanged(city, users):
    Unit.objects.filter(pk=city.unit_a.pk).update(**FORMULA_LIKE)
    Unit.objects.filter(pk=city.unit_b.pk).update(liaison_name="@张三", category="=1+1")
    before = roster_state()

    exported = write_xlsx(roster_sheets(users["admin"]))

    sheet = openpyxl.load_workbook(io.BytesIO(exported))["包联单位"]
    cells = {cell.value: cell.data_type for row in sheet.iter_rows(min_row=2) for cell in row}
    assert cells[FORMULA_LIKE["liaison_name"]] == "s"  # a string, not a formula ("f")
    assert cells["=1+1"] == "s"
    report = run_import(exported, "export.xlsx")
    assert report.errors == []
    assert counts(report)["包联单位"] == (0, 0, 3)
    assert roster_state() == before


def test_the_streamed_web_export_keeps_formula_like_text_as_text(client, city, users):
    Unit.objects.filter(pk=city.unit_a.pk).update(liaison_name="=cmd|' /C calc'!A0")
    client.force_login(users["admin"])

    response = client.get("/roster/export.xlsx")

    assert response.streaming
    data = b"".join(response.streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(data))["包联单位"]
    names = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "=cmd|' /C calc'!A0" in names
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_csv_puts_formula_like_text_behind_the_apostrophe_the_importer_strips(db):
    sheet = Sheet("包联单位", ["名称", "联络员"], [["市税务局", "=1+1"], ["市档案馆", "@张三"]])

    text = "".join(csv_lines(sheet))

    assert "'=1+1" in text and "'@张三" in text
    report = run_import(text.encode("utf-8"), "包联单位.csv")
    assert report.errors == []
    assert set(Unit.objects.values_list("liaison_name", flat=True)) == {"=1+1", "@张三"}


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(value=st.text(alphabet="=+-@HYPERLINK(\"',)1 张", min_size=1, max_size=20))
def test_any_text_in_an_exported_cell_reads_back_as_the_same_text(db, value):
    data = write_xlsx([Sheet("表", ["值"], [[value]])])

    cell = openpyxl.load_workbook(io.BytesIO(data))["表"]["A2"]

    assert (cell.value, cell.data_type) == (value, "s")
