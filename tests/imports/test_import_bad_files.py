"""Files that are not a usable workbook: refused as a whole, with a reason, writing nothing."""

from __future__ import annotations

import io
import os
import zipfile

import openpyxl
import pytest

from baolian.imports.engine import ImportReport
from tests.imports.conftest import CORPORA, UNITS, counts, messages, run_import
from tests.workbooks import xlsx

PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489")


def file_error(report: ImportReport) -> str:
    """The one error about the file as a whole (no sheet, row or column)."""
    assert len(report.errors) == 1, messages(report)
    [error] = report.errors
    assert (error.sheet, error.row, error.column_letter) == (None, None, None)
    assert report.sheets == [] and not report.written
    return str(error.message)


def test_a_workbook_without_any_known_sheet_is_refused_naming_the_sheets(unchanged_db):
    report = run_import(xlsx({"Sheet1": [["单位", "联系人"], ["市税务局", "林华"]]}))

    message = file_error(report)
    assert "No sheet to import" in message
    assert all(name in message for name in ("街道镇", "社区村", "包联单位", "包联领导", "包联关系"))
    assert [(n.sheet, "not one Baolian imports" in str(n.message)) for n in report.notices] == [
        ("Sheet1", True)
    ]
    unchanged_db()


def test_other_sheets_beside_a_known_one_are_skipped_with_a_notice(db):
    sheets = {"说明": [["请勿修改"]], "包联单位": UNITS, "汇总": [["合计", 4]], "空表": []}
    report = run_import(xlsx(sheets))

    assert report.errors == []
    assert counts(report) == {"包联单位": (4, 0, 0)}
    # an instruction sheet goes without saying; an empty one too
    assert [n.sheet for n in report.notices] == ["汇总"]


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_a_hidden_sheet_with_a_template_name_is_refused(unchanged_db, state):
    def hide(workbook):
        workbook["包联单位"].sheet_state = state

    report = run_import(xlsx({"街道镇": [["名称"], ["太平街道"]], "包联单位": UNITS}, edit=hide))

    assert len(report.errors) == 1
    [error] = report.errors
    assert (error.sheet, error.row) == ("包联单位", None)
    assert "hidden" in str(error.message)
    unchanged_db()


def test_the_same_sheet_twice_is_refused(unchanged_db):
    report = run_import(xlsx({"包联单位": UNITS, "包联单位 ": UNITS}))

    assert [(e.sheet, "twice" in str(e.message)) for e in report.errors] == [("包联单位 ", True)]
    unchanged_db()


def test_a_file_over_the_size_limit_is_refused_before_it_is_parsed(unchanged_db, monkeypatch):
    # A real workbook padded to 20 MB: it would import if its size were not checked first.
    buffer = io.BytesIO(xlsx({"包联单位": UNITS}))
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("docProps/padding.bin", os.urandom(20 * 1024 * 1024))
    data = buffer.getvalue()
    assert len(data) > 20 * 1024 * 1024

    def must_not_parse(*args, **kwargs):
        raise AssertionError("a file over the limit was parsed")

    monkeypatch.setattr(openpyxl, "load_workbook", must_not_parse)
    monkeypatch.setattr(zipfile, "ZipFile", must_not_parse)

    message = file_error(run_import(data, "roster.xlsx"))

    assert "20.0 MB" in message and "limit is 10 MB" in message
    unchanged_db()


def test_a_file_at_the_size_limit_is_still_read(db, settings):
    data = xlsx({"包联单位": UNITS})
    settings.IMPORT_MAX_BYTES = len(data)

    assert run_import(data).errors == []


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (os.urandom(4096), "roster.xlsx"),
        (PNG, "roster.xlsx"),
        ("名称\n市税务局\n".encode(), "roster.xlsx"),
    ],
    ids=["random-bytes", "png", "text"],
)
def test_a_file_named_xlsx_that_is_not_a_workbook_is_refused(unchanged_db, data, filename):
    message = file_error(run_import(data, filename))

    assert "not a readable Excel workbook" in message
    unchanged_db()


def test_a_picture_with_its_own_name_is_refused_as_not_a_workbook(unchanged_db):
    message = file_error(run_import(PNG, "photo.png"))

    assert "not an Excel workbook (.xlsx) or a CSV file" in message
    unchanged_db()


def test_a_truncated_workbook_is_refused_as_damaged(unchanged_db):
    data = xlsx({"包联单位": UNITS})

    for cut in (len(data) // 2, len(data) - 30):
        message = file_error(run_import(data[:cut], "roster.xlsx"))
        assert "damaged" in message
    unchanged_db()


def test_a_workbook_with_a_damaged_sheet_inside_is_refused_as_damaged(unchanged_db):
    source = zipfile.ZipFile(io.BytesIO(xlsx({"包联单位": UNITS})))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = content[: len(content) // 2]
            archive.writestr(info, content)

    message = file_error(run_import(buffer.getvalue(), "roster.xlsx"))

    assert "damaged" in message
    unchanged_db()


def test_an_old_xls_workbook_is_refused_with_how_to_convert_it(unchanged_db):
    data = (CORPORA / "xlsx" / "moe_adult_higher_edu_list_2025.xls").read_bytes()

    message = file_error(run_import(data, "moe_adult_higher_edu_list_2025.xls"))

    assert ".xls" in message and "save it as .xlsx" in message
    unchanged_db()


def test_an_old_xls_renamed_to_xlsx_is_still_recognised(unchanged_db):
    data = (CORPORA / "xlsx" / "moe_adult_higher_edu_list_2025.xls").read_bytes()

    assert "save it as .xlsx" in file_error(run_import(data, "名单.xlsx"))
    unchanged_db()


def test_a_zip_that_is_not_a_workbook_is_refused(unchanged_db):
    # A .zip is a workbook with its photos (the 包联行动 import); one without any workbook
    # inside is refused. A zip named .xlsx that is no workbook is refused as a damaged one.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("说明.txt", "名称\n市税务局\n")

    assert "no workbook" in file_error(run_import(buffer.getvalue(), "roster.zip"))
    unchanged_db()


def test_an_empty_file_is_refused(unchanged_db):
    assert "empty" in file_error(run_import(b"", "包联单位.csv"))
    assert "empty" in file_error(run_import(b"  \r\n", "包联单位.csv"))
    unchanged_db()


def test_a_csv_whose_sheet_cannot_be_told_is_refused_with_how_to_name_it(unchanged_db):
    report = run_import("甲,乙\n1,2\n".encode(), "data.csv")

    assert "Name the file after the sheet" in file_error(report)
    unchanged_db()


def test_a_binary_file_named_csv_is_refused(unchanged_db):
    report = run_import(b"\x00\x01\x02binary\x00", "包联单位.csv")

    assert "not an Excel workbook (.xlsx) or a CSV file" in file_error(report)
    unchanged_db()


def test_a_workbook_with_more_rows_than_allowed_is_refused(unchanged_db, settings):
    settings.IMPORT_MAX_ROWS = 3
    data = xlsx({"包联单位": [["名称"], *([f"市第{n}中学"] for n in range(1, 6))]})

    message = file_error(run_import(data))

    assert "包联单位" in message and "more than 3 rows" in message
    unchanged_db()


def test_rows_formatted_but_empty_do_not_count_against_the_limit(settings, db):
    settings.IMPORT_MAX_ROWS = 100

    def format_down(workbook: openpyxl.Workbook) -> None:
        sheet = workbook["包联单位"]
        for row in range(2, 5000):
            sheet.cell(row=row, column=1).number_format = "@"  # a column formatted as text

    data = xlsx({"包联单位": [["名称"], ["市第一中学"], ["市第二中学"]]}, edit=format_down)

    report = run_import(data)

    assert report.ok, messages(report)
    assert counts(report)["包联单位"][0] == 2


def test_a_long_sheet_that_is_not_imported_does_not_count_against_the_limit(settings, db):
    settings.IMPORT_MAX_ROWS = 100
    notes = [["备注"], *([f"第{n}条"] for n in range(500))]
    data = xlsx({"包联单位": [["名称"], ["市第一中学"]], "说明": notes})

    report = run_import(data)

    assert report.ok, messages(report)
    assert counts(report)["包联单位"][0] == 1


def test_a_small_file_that_unpacks_into_a_huge_workbook_is_refused(unchanged_db, monkeypatch):
    from baolian.imports import workbook

    monkeypatch.setattr(workbook, "MAX_INFLATED_BYTES", 5 * 1024 * 1024)
    buffer = io.BytesIO(xlsx({"包联单位": [["名称"], ["市税务局"]]}))
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * (6 * 1024 * 1024))  # packs to ~6 KB
    data = buffer.getvalue()
    assert len(data) < 100_000

    message = file_error(run_import(data))

    assert "too large once unpacked" in message
    unchanged_db()
