"""`import --dry-run`: the same report as a real import, and nothing written."""

from __future__ import annotations

from tests.imports.conftest import counts, roster_sheets_rows, roster_state, run_import
from tests.workbooks import xlsx


def test_a_dry_run_reports_what_would_be_created_and_writes_nothing(unchanged_db):
    report = run_import(xlsx(roster_sheets_rows()), dry_run=True)

    assert report.errors == []
    assert report.dry_run and not report.written
    assert counts(report) == {
        "街道镇": (2, 0, 0),
        "社区村": (4, 0, 0),
        "包联单位": (4, 0, 0),
        "包联领导": (2, 0, 0),
        "包联关系": (4, 0, 0),
    }
    unchanged_db()


def test_a_dry_run_reports_the_same_as_the_real_import_that_follows(db):
    data = xlsx(roster_sheets_rows())

    preview = run_import(data, dry_run=True)
    real = run_import(data)

    assert preview.as_dict() | {"dry_run": None, "written": None} == real.as_dict() | {
        "dry_run": None,
        "written": None,
    }
    assert real.written


def test_a_dry_run_of_a_changed_cell_reports_the_update_and_keeps_the_old_value(db):
    sheets = roster_sheets_rows()
    assert run_import(xlsx(sheets)).errors == []
    before = roster_state()
    sheets["包联领导"][1][1] = "市长"

    report = run_import(xlsx(sheets), dry_run=True)

    assert counts(report)["包联领导"] == (0, 1, 1)
    assert report.sheets[3].results[0].changes == {"职务": ("副市长", "市长")}
    assert roster_state() == before
