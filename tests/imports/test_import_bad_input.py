"""Bad rows, cells and headers: every problem is reported with its place, and nothing is written."""

from __future__ import annotations

import re
from datetime import date

import pytest

from baolian.imports.engine import ImportProblem, ImportReport
from baolian.roster.models import Pairing
from tests.factories import PairingFactory, UnitFactory
from tests.imports.conftest import (
    PAIRINGS,
    counts,
    messages,
    roster_sheets_rows,
    roster_state,
    run_import,
)
from tests.workbooks import xlsx


def the_error(report: ImportReport) -> ImportProblem:
    assert len(report.errors) == 1, messages(report)
    return report.errors[0]


def place(problem: ImportProblem) -> tuple[object, ...]:
    return (problem.sheet, problem.row, problem.column_letter, problem.column)


def test_it_rejects_a_sheet_missing_a_required_column(unchanged_db):
    rows = [["名称", "类型(社区/村)"], ["桥东社区", "社区"]]

    error = the_error(run_import(xlsx({"社区村": rows})))

    assert (error.sheet, error.row) == ("社区村", 1)
    assert "所属街道镇" in str(error.message) and "missing" in str(error.message)
    unchanged_db()


def test_it_rejects_a_sheet_whose_header_names_no_required_column(unchanged_db):
    error = the_error(run_import(xlsx({"包联单位": [["单位", "电话"], ["市税务局", "1"]]})))

    assert error.sheet == "包联单位"
    assert "No header row" in str(error.message) and "名称" in str(error.message)
    unchanged_db()


def test_it_rejects_an_unknown_column_header_naming_it_and_the_known_ones(unchanged_db):
    rows = [["名称", "单位类别", "联络人"], ["市税务局", "中央驻市单位", "林华"]]

    error = the_error(run_import(xlsx({"包联单位": rows})))

    assert place(error) == ("包联单位", 1, "C", "联络人")
    assert "联络人" in str(error.message) and "联络员" in str(error.message)
    unchanged_db()


def test_it_rejects_a_column_given_twice(unchanged_db):
    rows = [["名称", "联络员", "联络员"], ["市税务局", "林华", "王强"]]

    error = the_error(run_import(xlsx({"包联单位": rows})))

    assert place(error) == ("包联单位", 1, "C", "联络员")
    assert "twice" in str(error.message)
    unchanged_db()


def test_it_rejects_a_community_of_an_unknown_street_naming_the_street(unchanged_db):
    rows = [["名称", "所属街道镇"], ["桥东社区", "东湖街道"]]

    error = the_error(run_import(xlsx({"街道镇": [["名称"], ["太平街道"]], "社区村": rows})))

    assert place(error) == ("社区村", 2, "B", "所属街道镇")
    assert "东湖街道" in str(error.message) and "Unknown street" in str(error.message)
    unchanged_db()


def test_it_rejects_a_pairing_of_an_unknown_unit_naming_the_unit(city):
    before = roster_state()
    rows = [PAIRINGS[0], ["市财政局", "下津村", "西湖镇", "王芳", "2021-04-01", None]]

    error = the_error(run_import(xlsx({"包联关系": rows})))

    assert place(error) == ("包联关系", 2, "A", "包联单位")
    assert "市财政局" in str(error.message) and "Unknown unit" in str(error.message)
    assert roster_state() == before


def test_it_rejects_a_pairing_of_an_unknown_leader_community_or_street(city):
    before = roster_state()
    rows = [
        PAIRINGS[0],
        ["市档案馆", "下津村", "西湖镇", "张三", "2021-04-01", None],
        ["市档案馆", "上津村", "西湖镇", "王芳", "2021-04-01", None],
        ["市档案馆", "下津村", "东湖街道", "王芳", "2021-04-01", None],
    ]

    report = run_import(xlsx({"包联关系": rows}))

    assert [place(e) for e in report.errors] == [
        ("包联关系", 2, "D", "包联领导"),
        ("包联关系", 3, "B", "社区村"),
        ("包联关系", 4, "C", "所属街道镇"),
    ]
    assert ["张三" in str(e.message) for e in report.errors] == [True, False, False]
    assert "上津村" in str(report.errors[1].message)
    assert "东湖街道" in str(report.errors[2].message)
    assert roster_state() == before


def test_it_rejects_a_duplicate_name_pointing_at_the_repeat_and_the_first_row(unchanged_db):
    rows = [["名称"], ["市税务局"], ["市档案馆"], ["市税务局 "]]

    error = the_error(run_import(xlsx({"包联单位": rows})))

    assert (error.sheet, error.row) == ("包联单位", 4)
    assert "row 2" in str(error.message)
    unchanged_db()


def test_it_rejects_a_duplicate_community_only_within_the_same_street(unchanged_db):
    rows = [
        ["名称", "所属街道镇"],
        ["桥东社区", "太平街道"],
        ["桥东社区", "西湖镇"],
        ["桥东社区居委会", "太平街道"],
    ]

    error = the_error(
        run_import(xlsx({"街道镇": [["名称"], ["太平街道"], ["西湖镇"]], "社区村": rows}))
    )

    assert (error.sheet, error.row) == ("社区村", 4)
    assert "row 2" in str(error.message)
    unchanged_db()


def test_it_rejects_a_community_name_shared_by_two_streets_without_its_street(city):
    before = roster_state()
    rows = [
        ["包联单位", "社区村", "所属街道镇", "开始日期"],
        ["市档案馆", "桥东社区", None, "2021-04-01"],
    ]

    error = the_error(run_import(xlsx({"包联关系": rows})))

    assert place(error) == ("包联关系", 2, "B", "社区村")
    message = str(error.message)
    assert "桥东社区" in message and "东城街道" in message and "西湖镇" in message
    assert "所属街道镇" in message
    assert roster_state() == before


def test_it_rejects_a_shared_community_name_when_the_sheet_has_no_street_column(city):
    before = roster_state()
    rows = [["包联单位", "社区村", "开始日期"], ["市档案馆", "桥东社区", "2021-04-01"]]

    error = the_error(run_import(xlsx({"包联关系": rows})))

    assert place(error) == ("包联关系", 2, "B", "社区村")
    assert "东城街道" in str(error.message) and "西湖镇" in str(error.message)
    assert roster_state() == before


@pytest.mark.parametrize("bad", ["2021-13-01", "2021-02-30", "明年四月", "4/5/2021", "2021-4"])
def test_it_rejects_a_date_it_cannot_read_naming_the_value(city, bad):
    before = roster_state()
    rows = [PAIRINGS[0], ["市档案馆", "下津村", "西湖镇", "王芳", bad, None]]

    error = the_error(run_import(xlsx({"包联关系": rows})))

    assert place(error) == ("包联关系", 2, "E", "开始日期")
    assert bad in str(error.message) and "not a date" in str(error.message)
    assert roster_state() == before


def test_it_rejects_an_end_date_before_the_start_date(city):
    before = roster_state()
    rows = [PAIRINGS[0], ["市档案馆", "下津村", "西湖镇", "王芳", "2021-04-01", "2021-03-31"]]

    error = the_error(run_import(xlsx({"包联关系": rows})))

    assert place(error) == ("包联关系", 2, "F", "结束日期")
    assert "before the start" in str(error.message)
    assert roster_state() == before


def test_it_rejects_a_new_start_after_the_recorded_end_when_the_sheet_has_no_end_column(city):
    PairingFactory(
        unit=UnitFactory(name="市财政局"), community=city.c22, ended_on=date(2021, 12, 31)
    )
    before = roster_state()
    rows = [
        ["包联单位", "社区村", "所属街道镇", "开始日期"],
        ["市财政局", "桥东社区", "西湖镇", "2022-01-01"],
    ]

    error = the_error(run_import(xlsx({"包联关系": rows})))

    assert (error.sheet, error.row, error.column_letter) == ("包联关系", 2, "D")
    assert "2021-12-31" in str(error.message)
    assert roster_state() == before


@pytest.mark.parametrize(
    ("latitude", "longitude", "letter", "header", "shown"),
    [
        (95, 116.64, "C", "纬度", "95"),
        ("-90.5", 116.64, "C", "纬度", "-90.5"),
        (23.66, 181, "D", "经度", "181"),
        (23.66, "东经116", "D", "经度", "东经116"),
    ],
)
def test_it_rejects_a_location_out_of_range_or_not_a_number(
    unchanged_db, latitude, longitude, letter, header, shown
):
    sheets = {
        "街道镇": [["名称"], ["太平街道"]],
        "社区村": [
            ["名称", "所属街道镇", "纬度", "经度"],
            ["桥东社区", "太平街道", latitude, longitude],
        ],
    }

    error = the_error(run_import(xlsx(sheets)))

    assert place(error) == ("社区村", 2, letter, header)
    assert shown in str(error.message)
    unchanged_db()


def test_it_rejects_a_latitude_without_a_longitude(unchanged_db):
    sheets = {
        "街道镇": [["名称"], ["太平街道"]],
        "社区村": [["名称", "所属街道镇", "纬度", "经度"], ["桥东社区", "太平街道", 23.66, None]],
    }

    error = the_error(run_import(xlsx(sheets)))

    assert place(error) == ("社区村", 2, "D", "经度")
    assert "both" in str(error.message)
    unchanged_db()


def test_it_rejects_an_empty_required_cell(unchanged_db):
    rows = [["名称", "所属街道镇"], ["桥东社区", None]]

    error = the_error(run_import(xlsx({"街道镇": [["名称"], ["太平街道"]], "社区村": rows})))

    assert place(error) == ("社区村", 2, "B", "所属街道镇")
    assert "must be filled in" in str(error.message)
    unchanged_db()


def test_it_rejects_a_kind_that_is_not_one_of_the_options(unchanged_db):
    rows = [["名称", "类型(街道/镇)"], ["太平街道", "区"]]

    error = the_error(run_import(xlsx({"街道镇": rows})))

    assert place(error) == ("街道镇", 2, "B", "类型(街道/镇)")
    assert "区" in str(error.message) and "街道" in str(error.message)
    unchanged_db()


def test_it_rejects_a_name_longer_than_the_roster_keeps(unchanged_db):
    error = the_error(run_import(xlsx({"包联单位": [["名称"], ["局" * 101]]})))

    assert place(error) == ("包联单位", 2, "A", "名称")
    assert "100" in str(error.message)
    unchanged_db()


def test_a_name_that_grows_past_the_limit_once_normalised_is_an_error_not_a_crash(unchanged_db):
    # NFKC writes ㈱ as (株): 40 characters typed become a 120-character comparison key.
    error = the_error(run_import(xlsx({"包联单位": [["名称"], ["㈱" * 40]]})))

    assert (error.sheet, error.row) == ("包联单位", 2)
    assert "at most 100 characters" in str(error.message)
    unchanged_db()


def test_empty_rows_are_skipped_not_reported(unchanged_db):
    rows = [["名称", "所属街道镇"], [None, None], ["桥东社区", "东湖街道"], ["", "  "], []]

    report = run_import(xlsx({"社区村": rows}))

    assert [e.row for e in report.errors] == [3]
    unchanged_db()


def test_it_reports_every_bad_row_at_once(unchanged_db):
    rows = [
        ["名称", "类型(社区/村)", "所属街道镇", "纬度", "经度"],
        ["桥东社区", "社区", "太平街道", 23.66, 116.64],
        ["新桥社区", "小区", "太平街道", None, None],
        ["下津村", "村", "东湖街道", None, None],
        ["上津村", "村", "太平街道", 123, 116.7],
        ["湖滨社区", "社区", "太平街道", None, None],
    ]

    report = run_import(xlsx({"街道镇": [["名称"], ["太平街道"]], "社区村": rows}))

    assert [place(e) for e in report.errors] == [
        ("社区村", 3, "B", "类型(社区/村)"),
        ("社区村", 4, "C", "所属街道镇"),
        ("社区村", 5, "D", "纬度"),
    ]
    unchanged_db()


def test_errors_in_several_sheets_are_all_reported(unchanged_db):
    sheets = roster_sheets_rows()
    sheets["街道镇"][2][1] = "区"
    sheets["包联单位"][3][0] = "市税务局"
    sheets["包联关系"][1][4] = "四月一日"

    report = run_import(xlsx(sheets))

    sheets_and_rows = [(e.sheet, e.row) for e in report.errors]
    assert {("街道镇", 3), ("包联单位", 4), ("包联关系", 2)} <= set(sheets_and_rows)
    # Listed as the workbook reads: sheet by sheet in import order, top to bottom.
    order = list(sheets)
    assert sheets_and_rows == sorted(sheets_and_rows, key=lambda p: (order.index(p[0]), p[1]))
    unchanged_db()


def test_one_bad_sheet_keeps_the_good_sheets_of_the_workbook_from_being_written(unchanged_db):
    sheets = roster_sheets_rows()
    sheets["包联关系"][4][2] = "东湖街道"

    report = run_import(xlsx(sheets))

    error = the_error(report)
    assert (error.sheet, error.row) == ("包联关系", 5)
    assert not report.written
    unchanged_db()


def test_merged_cells_in_the_data_area_are_rejected_naming_the_range(unchanged_db):
    rows = [
        ["名称", "单位类别"],
        ["市税务局", "市直机关"],
        ["市档案馆", None],
        ["市委办公室", None],
    ]

    def merge(workbook):
        workbook["包联单位"].merge_cells("B2:B4")

    report = run_import(xlsx({"包联单位": rows}, edit=merge))

    [error] = [e for e in report.errors if "B2:B4" in str(e.message)]
    assert (error.sheet, error.row, error.column_letter, error.column) == (
        "包联单位",
        2,
        "B",
        "单位类别",
    )
    assert "Merged" in str(error.message)
    unchanged_db()


def test_a_merged_title_above_the_header_is_allowed(db):
    rows = [["2021年市级包联单位名单", None], ["名称", "单位类别"], ["市税务局", "市直机关"]]

    def merge(workbook):
        workbook["包联单位"].merge_cells("A1:B1")

    report = run_import(xlsx({"包联单位": rows}, edit=merge))

    assert report.errors == []
    assert report.sheets[0].created == 1


def test_a_formula_without_a_saved_result_is_rejected_at_its_cell(unchanged_db):
    rows = [["名称", "联络员"], ["市税务局", "林华"], ["市档案馆", "=B2"]]

    error = the_error(run_import(xlsx({"包联单位": rows})))

    assert place(error) == ("包联单位", 3, "B", "联络员")
    assert "formula" in str(error.message)
    unchanged_db()


def test_a_row_made_only_of_unsaved_formulas_is_reported_not_skipped(unchanged_db):
    rows = [["名称", "联络员"], ["市税务局", "林华"], ['=A2&"分局"', "=B2"]]

    report = run_import(xlsx({"包联单位": rows}))

    assert [place(e) for e in report.errors] == [
        ("包联单位", 3, "A", "名称"),
        ("包联单位", 3, "B", "联络员"),
    ]
    unchanged_db()


def test_a_failed_import_leaves_an_existing_pairing_as_it_was(city):
    before = roster_state()
    rows = [
        PAIRINGS[0],
        ["市卫生健康局", "桥东社区", "东城街道", "王芳", "2022-01-01", None],
        ["市财政局", "下津村", "西湖镇", None, "2021-04-01", None],
    ]

    report = run_import(xlsx({"包联关系": rows}))

    assert [e.row for e in report.errors] == [3]
    assert Pairing.objects.get(unit=city.unit_a).leader == city.leader1
    assert roster_state() == before


def test_it_reports_every_unknown_name_of_a_row_not_only_the_first(unchanged_db):
    rows = [
        ["包联单位", "社区村", "包联领导", "开始日期"],
        ["市无此局", "无此社区", "无此人", "2021-04-01"],
    ]

    report = run_import(xlsx({"包联关系": rows}))

    assert [place(e)[2:] for e in report.errors] == [
        ("A", "包联单位"),
        ("B", "社区村"),
        ("C", "包联领导"),
    ]
    assert "市无此局" in messages(report)[0]
    assert "无此人" in messages(report)[2]
    unchanged_db()


def test_a_bad_cell_does_not_hide_an_unknown_name_in_the_same_row(city, unchanged_db):
    rows = [
        ["包联单位", "社区村", "所属街道镇", "开始日期"],
        ["市无此局", "桥东社区", "东城街道", "2021-02-30"],
    ]

    report = run_import(xlsx({"包联关系": rows}))

    assert [place(e)[2] for e in report.errors] == ["D", "A"]
    assert "2021-02-30" in messages(report)[0] and "市无此局" in messages(report)[1]
    unchanged_db()


def test_one_pairing_written_twice_with_and_without_its_street_is_a_repeat(city):
    # 新桥社区 exists only in 东城街道, so both rows name the same pairing
    Pairing.objects.filter(unit=city.unit_b).delete()
    rows = [
        ["包联单位", "社区村", "所属街道镇", "开始日期"],
        ["市税务局", "新桥社区", "东城街道", date(2021, 4, 1)],
        ["市税务局", "新桥社区", None, date(2021, 6, 1)],
    ]

    report = run_import(xlsx({"包联关系": rows}))

    assert [(e.row, "repeats row 2" in str(e.message)) for e in report.errors] == [(3, True)]
    assert not Pairing.objects.filter(unit=city.unit_b).exists()


@pytest.mark.parametrize("cell", [True, date(2021, 4, 5)])
def test_a_date_or_boolean_cell_is_not_taken_as_a_unit_name(cell, unchanged_db):
    report = run_import(xlsx({"包联单位": [["名称"], [cell]]}))

    assert [place(e)[1:3] for e in report.errors] == [(2, "A")]
    assert "not text" in messages(report)[0]
    unchanged_db()


def test_a_control_character_in_a_name_is_refused(unchanged_db):
    # .xlsx cannot hold one; a CSV written by another program can
    report = run_import("名称\n市税务\x01局\n".encode(), "包联单位.csv")

    assert [place(e)[1:3] for e in report.errors] == [(2, "A")]
    unchanged_db()


def test_an_end_before_the_start_is_reported_with_an_unknown_name_in_the_same_row(unchanged_db):
    rows = [
        ["包联单位", "社区村", "开始日期", "结束日期"],
        ["市无此局", "无此社区", date(2021, 6, 1), date(2021, 5, 1)],
    ]

    report = run_import(xlsx({"包联关系": rows}))

    assert sorted(place(e)[2] for e in report.errors) == ["A", "B", "D"]
    unchanged_db()


@pytest.mark.parametrize("written", ["ref='B2:B3'", 'ref = "B2:B3"'])
def test_merged_cells_are_found_however_the_xml_quotes_them(written, unchanged_db):
    import io
    import zipfile

    rows = [["名称", "单位类别"], ["市税务局", "中央驻市单位"], ["市档案馆", None]]
    original = xlsx({"包联单位": rows}, edit=lambda wb: wb["包联单位"].merge_cells("B2:B3"))
    source, target = zipfile.ZipFile(io.BytesIO(original)), io.BytesIO()
    with zipfile.ZipFile(target, "w") as rewritten:
        for item in source.infolist():
            content = source.read(item)
            if item.filename.startswith("xl/worksheets/"):
                content = content.replace(b'ref="B2:B3"', written.encode())
            rewritten.writestr(item, content)

    report = run_import(target.getvalue())

    assert [(e.row, e.column_letter) for e in report.errors] == [(2, "B")]
    assert "B2:B3" in messages(report)[0]
    unchanged_db()


def test_a_formula_whose_saved_result_is_empty_is_an_empty_cell_not_an_error(db):
    import io
    import zipfile

    def formula(workbook):
        workbook["包联单位"]["B2"] = '=IF(A2="","",A2)'

    original = xlsx({"包联单位": [["名称", "单位类别"], ["市税务局", None]]}, edit=formula)
    # what Excel saves for a formula whose result is "": a str cell with an empty value
    source, target = zipfile.ZipFile(io.BytesIO(original)), io.BytesIO()
    with zipfile.ZipFile(target, "w") as rewritten:
        for item in source.infolist():
            content = source.read(item)
            if item.filename.startswith("xl/worksheets/"):
                # openpyxl writes <v/> with the standard library and <v></v> with lxml
                # (which python-docx brings along)
                content = re.sub(
                    rb'<c r="B2"><f>(.*?)</f>(?:<v ?/>|<v></v>)</c>',
                    rb'<c r="B2" t="str"><f>\1</f><v></v></c>',
                    content,
                )
            rewritten.writestr(item, content)

    report = run_import(target.getvalue())

    assert report.ok, messages(report)
    assert counts(report)["包联单位"][0] == 1
