"""Importing a file again: nothing is added twice, and a changed cell is an update."""

from __future__ import annotations

from datetime import date

from auditlog.models import LogEntry

from baolian.roster.models import Community, Pairing, Unit
from tests.imports.conftest import counts, roster_sheets_rows, roster_state, run_import
from tests.workbooks import xlsx


def test_importing_the_same_workbook_twice_changes_nothing_the_second_time(db):
    data = xlsx(roster_sheets_rows())
    first = run_import(data)
    assert first.errors == []
    before = roster_state()
    log_entries = LogEntry.objects.count()

    second = run_import(data)

    assert second.errors == []
    assert counts(second) == {
        "街道镇": (0, 0, 2),
        "社区村": (0, 0, 4),
        "包联单位": (0, 0, 4),
        "包联领导": (0, 0, 2),
        "包联关系": (0, 0, 4),
    }
    assert second.changed == 0
    assert roster_state() == before
    assert LogEntry.objects.count() == log_entries


def test_the_first_import_is_audited_row_by_row(db):
    report = run_import(xlsx(roster_sheets_rows()))

    assert report.errors == []
    assert LogEntry.objects.count() == 2 + 4 + 4 + 2 + 4


def test_a_changed_cell_on_reimport_is_reported_as_updated_with_before_and_after(db):
    sheets = roster_sheets_rows()
    assert run_import(xlsx(sheets)).errors == []
    sheets["包联单位"][2][2] = "王强"  # 市税务局's liaison, was 林华
    sheets["包联关系"][3][5] = date(2022, 6, 30)  # 市卫生健康局 — 下津村 ends

    report = run_import(xlsx(sheets))

    assert report.errors == []
    assert counts(report)["包联单位"] == (0, 1, 3)
    assert counts(report)["包联关系"] == (0, 1, 3)
    [unit_change] = [r for r in report.sheets[2].results if r.outcome == "updated"]
    assert (unit_change.row, unit_change.label) == (3, "市税务局")
    assert unit_change.changes == {"联络员": ("林华", "王强")}
    [pairing_change] = [r for r in report.sheets[4].results if r.outcome == "updated"]
    assert pairing_change.row == 4
    assert pairing_change.changes == {"结束日期": ("", "2022-06-30")}
    assert Unit.objects.get(name="市税务局").liaison_name == "王强"
    assert Pairing.objects.get(unit__name="市卫生健康局").ended_on == date(2022, 6, 30)


def test_a_changed_location_is_reported_once_and_rounding_is_not_a_change(db):
    sheets = roster_sheets_rows()
    assert run_import(xlsx(sheets)).errors == []
    sheets["社区村"][1][3] = "23.66120000"  # the same latitude typed longer
    sheets["社区村"][3][4] = 116.75  # 下津村 moved east

    report = run_import(xlsx(sheets))

    assert report.errors == []
    assert counts(report)["社区村"] == (0, 1, 3)
    [change] = [r for r in report.sheets[1].results if r.outcome == "updated"]
    assert change.changes == {"经度": ("116.700000", "116.750000")}
    assert str(Community.objects.get(name="下津村").longitude) == "116.750000"


def test_a_reimport_with_the_same_names_typed_differently_adds_no_row(db):
    sheets = roster_sheets_rows()
    assert run_import(xlsx(sheets)).errors == []
    sheets["包联单位"][2][0] = " 市税务局\u3000"
    sheets["包联关系"][2][0] = "市税务局 "
    sheets["包联关系"][2][1] = "新桥社区居委会"

    report = run_import(xlsx(sheets))

    assert report.errors == []
    assert report.sheets[2].created == 0
    assert report.sheets[4].created == 0
    assert Unit.objects.count() == 4
    assert Pairing.objects.count() == 4


def test_a_changed_kind_is_shown_by_its_label_under_the_sheets_header(db):
    run_import(xlsx({"街道镇": [["名称", "类型(街道/镇)"], ["意溪", "街道"]]}))

    report = run_import(xlsx({"街道镇": [["名称", "类型(街道/镇)"], ["意溪", "镇"]]}))

    assert report.sheets[0].results[0].changes == {"类型(街道/镇)": ("Subdistrict", "Town")}
