"""Re-import, --dry-run, CSV and refused rows, through `baolian import`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from baolian.problems.models import Problem
from baolian.roster.models import Community, Leader, Pairing, Street, Unit
from baolian.support.models import SupportMeasure
from baolian.visits.models import Visit
from tests.acceptance.conftest import (
    U1,
    VISITS,
    baolian,
    city_sheets,
    report_json,
    visit_rows,
    workbook_bytes,
    write,
)

pytestmark = pytest.mark.django_db
MODELS = (Street, Community, Unit, Leader, Pairing, Visit, SupportMeasure, Problem)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_dry_run_writes_nothing(city_file: Path):
    out = baolian("import", city_file, "--dry-run")
    assert "nothing was written" in out or "未写入" in out or "试" in out
    assert set(counts().values()) == {0}


def test_reimporting_the_same_file_adds_nothing_and_changes_no_figure(imported_city: Path):
    before, figures = counts(), report_json("2021-04-01", "2021-06-30")
    result = json.loads(baolian("import", imported_city, "--json"))
    assert result["ok"] and result["written"]
    assert all(s["created"] == 0 and s["updated"] == 0 for s in result["sheets"]), result
    assert counts() == before
    assert report_json("2021-04-01", "2021-06-30") == figures


def test_a_csv_with_the_template_headers_imports_like_the_sheet(imported_city: Path, tmp_path):
    buffer = io.StringIO()
    extra = [
        [
            "QS-101",
            "2021/6/25",
            U1,
            "幸福社区",
            "红旗街道",
            None,
            "Y",
            2,
            "卫生整治",
            "2021-06-25 10:00",
        ]
    ]
    csv.writer(buffer).writerows(
        [["" if v is None else v for v in row] for row in visit_rows(extra)]
    )
    path = write(tmp_path, "行动补录.csv", buffer.getvalue().encode("utf-8-sig"))
    baolian("import", path)
    visit = Visit.objects.get(code="QS-101")
    assert (str(visit.visited_on), visit.unit_head_led, visit.community.street.name) == (
        "2021-06-25",
        True,
        "红旗街道",
    )
    assert report_json("2021-04-01", "2021-06-30")["visits_total"] == 19
    # Again: no second visit.
    baolian("import", path)
    assert Visit.objects.filter(code="QS-101").count() == 1


def run_refused(path: Path) -> list[dict]:
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command("import", str(path), "--json", stdout=out, stderr=err)
    result = json.loads(out.getvalue())
    assert not result["ok"] and not result["written"]
    return result["errors"]


def test_bad_rows_are_each_reported_in_chinese_with_sheet_row_column_and_nothing_written(
    db, tmp_path
):
    sheets = city_sheets()
    visits = [list(row) for row in sheets["包联行动"]]
    visits[2][1] = "2021-13-45"  # row 3: no such day
    visits[3][6] = "也许"  # row 4: not 是/否
    visits[4][2] = "青山市不存在局"  # row 5: no such unit
    sheets["包联行动"] = visits
    support = [list(row) for row in sheets["帮扶措施"]]
    support[1][7] = "一百万"  # row 2: not an amount
    sheets["帮扶措施"] = support
    errors = run_refused(write(tmp_path, "坏表.xlsx", workbook_bytes(sheets)))
    where = {(e["sheet"], e["row"], e["header"]) for e in errors}
    assert ("包联行动", 3, "日期") in where
    assert ("包联行动", 4, "单位领导带队(是/否)") in where
    assert ("包联行动", 5, "包联单位") in where
    assert ("帮扶措施", 2, "金额(元)") in where
    for error in errors:
        assert error["column"], error  # the column letter
        assert any("\u4e00" <= ch <= "\u9fff" for ch in error["message"]), error
    assert set(counts().values()) == {0}


def test_a_visit_outside_its_pairing_is_refused_with_the_reason(db, tmp_path):
    late = [list(v) for v in VISITS] + [
        [
            "QS-099",
            "2021-05-20",
            "青山市交通运输局",
            "朝阳社区",
            "红旗街道",
            None,
            "否",
            1,
            "督促检查",
            None,
        ]
    ]
    errors = run_refused(write(tmp_path, "期外.xlsx", workbook_bytes(city_sheets(late))))
    assert [(e["sheet"], e["row"]) for e in errors] == [("包联行动", len(late) + 1)]
    assert "2021年5月15日" in errors[0]["message"]
    assert set(counts().values()) == {0}


def test_a_community_name_used_in_two_streets_needs_its_street(db, tmp_path):
    visits = [list(v) for v in VISITS]
    visits[0][4] = None  # QS-001: 幸福社区 without 所属街道镇
    errors = run_refused(write(tmp_path, "无街道.xlsx", workbook_bytes(city_sheets(visits))))
    assert [(e["sheet"], e["row"]) for e in errors] == [("包联行动", 2)]
    assert "红旗街道" in errors[0]["message"] and "东关街道" in errors[0]["message"]


def test_reimporting_a_changed_row_updates_it_by_its_number(imported_city: Path, tmp_path):
    sheets = city_sheets()
    support = [list(row) for row in sheets["帮扶措施"]]
    support[1][7] = "1,100,000"  # QF-1
    sheets["帮扶措施"] = support
    problems = [list(row) for row in sheets["问题清单"]]
    problems[2][8:11] = ["已销号", "2021-05-20", "2021-05-28"]  # QP-2 closed in May
    sheets["问题清单"] = problems
    result = json.loads(
        baolian("import", write(tmp_path, "改.xlsx", workbook_bytes(sheets)), "--json")
    )
    assert result["ok"], result["errors"]
    updated = {s["sheet"]: s["updated"] for s in result["sheets"]}
    assert updated["帮扶措施"] == 1 and updated["问题清单"] == 1
    assert SupportMeasure.objects.count() == 6 and Problem.objects.count() == 6
    got = report_json("2021-04-01", "2021-06-30")
    assert got["funds_invested_yuan"] == "1352940.00"
    assert (got["problems_closed"], got["problems_overdue"]) == (3, 1)  # QP-2 closed in time
