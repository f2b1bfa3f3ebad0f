"""Workbooks made by real people and tools (shared/corpora): a clear report, never a crash."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

import openpyxl
import pytest

from baolian.roster.models import Leader
from tests.imports.conftest import CORPORA, messages, needs_corpora, run_import

pytestmark = needs_corpora

XLSX = CORPORA / "xlsx"


def corpus(name: str) -> bytes:
    return (XLSX / name).read_bytes()


def patched(data: bytes, edits: dict[str, Callable[[bytes], bytes]]) -> bytes:
    """The same workbook with some of its parts rewritten (in memory only)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            content = source.read(info)
            archive.writestr(info, edits.get(info.filename, lambda b: b)(content))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "skipped"),
    [
        ("hidden_veryhidden_chart_sheets.xlsx", ["Visible"]),
        ("tencent_docs_export_vertical_merges.xlsx", ["工作表1"]),
        ("cn_formulas_dates_two_sheets.xlsx", ["Sheet1", "Sheet2"]),
        ("cn_date_number_formats.xlsx", ["Sheet1"]),
    ],
)
def test_a_real_workbook_without_roster_sheets_gets_a_clear_report(unchanged_db, name, skipped):
    report = run_import(corpus(name), name)

    assert len(report.errors) == 1, messages(report)
    assert "No sheet to import" in str(report.errors[0].message)
    # Only sheets with something in them are mentioned; the empty hidden ones are not.
    assert [notice.sheet for notice in report.notices] == skipped
    assert not report.written
    unchanged_db()


@pytest.mark.parametrize(
    "name", ["moe_adult_higher_edu_list_2025.xls", "enron_multirow_header_numeric_dates.xls"]
)
def test_a_real_old_xls_workbook_is_refused_with_how_to_convert_it(unchanged_db, name):
    report = run_import(corpus(name), name)

    assert [str(e.message) for e in report.errors] == [
        "This is an old Excel 97-2003 (.xls) file. Open it in Excel or WPS and save it as "
        ".xlsx, then import again."
    ]
    unchanged_db()


def test_a_hidden_sheet_of_a_real_workbook_renamed_to_a_template_sheet_is_refused(unchanged_db):
    data = patched(
        corpus("hidden_veryhidden_chart_sheets.xlsx"),
        {
            "xl/workbook.xml": lambda xml: xml.replace(
                b'name="VeryHidden"', 'name="包联单位"'.encode()
            )
        },
    )

    report = run_import(data, "any_sheets.xlsx")

    assert [(e.sheet, "hidden" in str(e.message)) for e in report.errors] == [("包联单位", True)]
    unchanged_db()


def test_a_tencent_docs_export_pasted_under_a_template_sheet_is_refused_for_its_merges(
    unchanged_db,
):
    workbook = openpyxl.load_workbook(
        io.BytesIO(corpus("tencent_docs_export_vertical_merges.xlsx"))
    )
    sheet = workbook["工作表1"]
    sheet.title = "包联单位"
    sheet["B1"], sheet["C1"], sheet["D1"] = "备注", "联络员", "名称"  # 序号 (A) is ignored
    for letter in "EFGHIJKL":
        sheet[f"{letter}1"] = None
    buffer = io.BytesIO()
    workbook.save(buffer)

    report = run_import(buffer.getvalue(), "t04.xlsx")

    merges = [e for e in report.errors if "Merged cells" in str(e.message)]
    assert len(merges) == 70
    assert {"A2:A9", "D2:D9", "L50:L57"} <= {str(e.message).split()[2][:-1] for e in merges}
    [d2] = [e for e in merges if "D2:D9" in str(e.message)]
    assert (d2.sheet, d2.row, d2.column_letter, d2.column) == ("包联单位", 2, "D", "名称")
    unchanged_db()


def test_cached_results_of_a_real_workbooks_formulas_are_imported(db):
    # cellDataDemo.xlsx with its first sheet renamed and headers reworded to 包联领导's: column D
    # holds =CONCAT(A2,C2) with the result Excel saved, which is what gets imported.
    headers = {"字符串标题": "姓名", "日期标题": "备注", "数字标题": "序号", "公式": "职务"}

    def reword(xml: bytes) -> bytes:
        for old, new in headers.items():
            xml = xml.replace(f"<t>{old}</t>".encode(), f"<t>{new}</t>".encode())
        return xml

    data = patched(
        corpus("cn_formulas_dates_two_sheets.xlsx"),
        {
            "xl/workbook.xml": lambda xml: xml.replace(
                b'name="Sheet1"', 'name="包联领导"'.encode()
            ),
            "xl/sharedStrings.xml": reword,
        },
    )

    report = run_import(data, "cellDataDemo.xlsx")

    assert report.errors == []
    assert [n.sheet for n in report.notices] == ["Sheet2"]
    assert list(Leader.objects.values_list("name", "title"))[:3] == [
        ("字符串0", "字符串01"),
        ("字符串1", "字符串12"),
        ("字符串2", "字符串23"),
    ]
    assert Leader.objects.count() == 10
