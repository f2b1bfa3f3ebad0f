"""The 问题清单 sheet: good rows, bad rows (each named, nothing written), re-import, round trip."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest

from baolian.accounts.scoping import office_user
from baolian.imports.engine import import_file
from baolian.lib.xlsx import write_xlsx
from baolian.problems.models import Problem, ProblemState, StandardItem
from baolian.roster.exporters import workbook_sheets
from baolian.support.models import SupportMeasure
from tests.factories_problems import MeasureFactory, ProblemFactory
from tests.workbooks import xlsx

HEADER = [
    "编号",
    "社区村",
    "所属街道镇",
    "标准条目",
    "问题描述",
    "发现日期",
    "发现单位",
    "整改时限",
    "状态",
    "整改完成日期",
    "复核日期",
]


def sheet(*rows):
    return xlsx({"问题清单": [HEADER, *rows]})


def run(data, name="问题.xlsx"):
    return import_file(data=data, filename=name)


def row(code="WT-1", **kw):
    values = {
        "社区村": "桥东社区",
        "所属街道镇": "东城街道",
        "标准条目": "",
        "问题描述": "3巷口垃圾乱堆放",
        "发现日期": "2021/5/10",
        "发现单位": "市卫生健康局",
        "整改时限": "2021年5月31日",
        "状态": "待整改",
        "整改完成日期": None,
        "复核日期": None,
    }
    values.update(kw)
    return [code, *(values[h] for h in HEADER[1:])]


@pytest.mark.parametrize(
    "typed, code",
    [
        ("（十一）", "I11"),
        ("(11)", "I11"),
        ("11", "I11"),
        ("第十一条", "I11"),
        ("市容环境卫生", "C3"),
        ("卫生死角", "K01"),
        ("牛皮癣", "K03"),
        (" 病媒生物防制设施(防鼠板、纱窗) ", "K05"),
        ("", None),
    ],
)
def test_the_standard_item_is_matched_leniently(city, typed, code):
    report = run(sheet(row(标准条目=typed)))
    assert report.ok, [str(e) for e in report.errors]
    item = Problem.objects.get().standard_item
    assert (item.code if item else None) == code


def test_a_good_sheet_creates_problems_in_their_states(city):
    report = run(
        sheet(
            row("WT-1"),
            row(
                "WT-2",
                所属街道镇="西湖镇",
                状态="已整改",
                整改完成日期="2021-05-20",
                发现单位="督导组",
            ),
            row("WT-3", 状态="已销号", 整改完成日期="2021-05-20", 复核日期="2021-05-22"),
        )
    )
    assert report.ok, [str(e) for e in report.errors]
    one, two, three = Problem.objects.order_by("code")
    assert (one.community, one.found_by_unit, one.deadline) == (
        city.c11,
        city.unit_a,
        date(2021, 5, 31),
    )
    assert (two.community, two.state, two.found_by, two.found_by_unit) == (
        city.c22,
        ProblemState.RECTIFIED,
        "inspector",
        None,
    )
    assert (three.state, three.closed_on) == (ProblemState.CLOSED, date(2021, 5, 22))
    assert three.events.get().action == "import"


def test_importing_the_same_sheet_twice_changes_nothing_the_second_time(city):
    data = sheet(row("WT-1"), row("WT-2", 问题描述="公厕无人保洁"))
    assert run(data).ok
    again = run(data)
    assert again.ok and again.changed == 0
    assert Problem.objects.count() == 2


def test_a_known_number_updates_its_problem(city):
    run(sheet(row("WT-1")))
    report = run(sheet(row("WT-1", 状态="整改中", 整改时限="2021-06-15")))
    assert report.sheets[0].updated == 1
    problem = Problem.objects.get()
    assert (problem.state, problem.deadline) == (ProblemState.RECTIFYING, date(2021, 6, 15))


@pytest.mark.parametrize(
    "bad, column",
    [
        ({"标准条目": "第九十九条"}, "标准条目"),
        ({"标准条目": "火星环境"}, "标准条目"),
        ({"整改时限": "2021-05-01"}, "整改时限"),
        ({"状态": "差不多"}, "状态"),
        ({"状态": "已销号"}, "复核日期"),
        ({"发现日期": "去年"}, "发现日期"),
        ({"发现单位": "市不存在局"}, "发现单位"),
        ({"社区村": "无名社区"}, "社区村"),
    ],
)
def test_a_bad_row_is_named_and_nothing_is_written(city, bad, column):
    report = run(sheet(row("WT-1"), row("WT-2", **bad)))
    assert not report.ok
    assert [(e.row, e.column) for e in report.errors] == [(3, column)]
    assert not Problem.objects.exists()


def test_the_same_number_twice_in_a_sheet_is_refused(city):
    report = run(sheet(row("WT-1"), row("wt-1")))
    assert not report.ok
    assert not Problem.objects.exists()


def test_the_catalogue_is_shipped_with_40_items_in_7_categories(db):
    items = StandardItem.objects.filter(level="item")
    assert StandardItem.objects.filter(level="category").count() == 7
    assert list(items.values_list("number", flat=True)) == list(range(1, 41))
    assert all(item.category is not None for item in items)
    assert StandardItem.objects.get(code="K05").category.title == "市容环境卫生"


def _cells(data: bytes) -> dict[str, list[tuple]]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}


def test_the_export_imports_back_unchanged_and_keeps_formula_like_text_as_text(city, users):
    K03 = StandardItem.objects.get(code="K03")
    ProblemFactory(
        community=city.c11,
        description="=HYPERLINK(“x”) 牛皮癣",
        standard_item=K03,
        found_by_unit=city.unit_a,
    )
    ProblemFactory(
        community=city.c22,
        standard_item=StandardItem.objects.get(number=13),
        state=ProblemState.CLOSED,
        rectified_on=date(2021, 6, 10),
        closed_on=date(2021, 6, 12),
        found_by="inspector",
    )
    MeasureFactory(
        unit=city.unit_a, community=city.c11, amount_yuan="1234567.89", content="-防鼠板"
    )
    # Problems made in the app get a 编号 the export carries.
    for n, problem in enumerate(Problem.objects.order_by("id"), start=1):
        problem.code = f"BL-P{n:05d}"
        problem.save()
    SupportMeasure.objects.update(code="BL-M00001")
    data = write_xlsx(workbook_sheets(office_user()))
    cells = _cells(data)
    assert cells["问题清单"][1][4] == "=HYPERLINK(“x”) 牛皮癣"
    assert cells["问题清单"][1][3] == "牛皮癣小广告"
    assert cells["问题清单"][2][3] == "（十三）"
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book["问题清单"]["E2"].data_type == "s"

    report = run(data, "导出.xlsx")
    assert report.ok, [str(e) for e in report.errors]
    assert report.changed == 0
