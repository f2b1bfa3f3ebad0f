"""The 帮扶措施 sheet: exact amounts, pairings in force, idempotent on 编号, errors named."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from baolian.imports.engine import import_file
from baolian.support.models import Category, MeasureState, SupportMeasure
from tests.workbooks import xlsx

HEADER = [
    "编号",
    "日期",
    "包联单位",
    "社区村",
    "所属街道镇",
    "类别(资金/物资/项目/协调)",
    "内容",
    "金额(元)",
    "状态(计划/推进中/已完成)",
]


def row(code="BF-1", **kw):
    values = {
        "日期": "2021-05-20",
        "包联单位": "市卫生健康局",
        "社区村": "桥东社区",
        "所属街道镇": "东城街道",
        "类别": "资金",
        "内容": "垃圾分类亭建设",
        "金额": "1,252,940.00",
        "状态": "已完成",
    }
    values.update(kw)
    return [code, *values.values()]


def run(*rows):
    return import_file(data=xlsx({"帮扶措施": [HEADER, *rows]}), filename="帮扶.xlsx")


def test_good_rows_are_written_with_exact_amounts(city):
    report = run(
        row("BF-1"),
        row("BF-2", 类别="协调", 金额=None, 状态="计划", 内容="协调社保欠发"),
        row("BF-3", 包联单位="市档案馆", 社区村="下津村", 所属街道镇="西湖镇", 金额=12940.5),
    )
    assert report.ok, [str(e) for e in report.errors]
    one, two, three = SupportMeasure.objects.order_by("code")
    assert (one.amount_yuan, one.category, one.state) == (
        Decimal("1252940.00"),
        Category.FUNDS,
        MeasureState.DONE,
    )
    assert (two.amount_yuan, two.state, two.progressed_on) == (
        None,
        MeasureState.PLANNED,
        date(2021, 5, 20),
    )
    assert three.amount_yuan == Decimal("12940.50")


def test_reimport_changes_nothing_and_a_known_number_updates(city):
    assert run(row("BF-1")).ok
    again = run(row("BF-1"))
    assert again.ok and again.changed == 0
    updated = run(row("BF-1", 状态="推进中", 金额="1,000"))
    assert updated.sheets[0].updated == 1
    measure = SupportMeasure.objects.get()
    assert (measure.amount_yuan, measure.progressed_on) == (Decimal("1000.00"), date(2021, 6, 20))


@pytest.mark.parametrize(
    "bad, column",
    [
        ({"金额": "-500"}, "金额(元)"),
        ({"金额": "12.345"}, "金额(元)"),
        ({"金额": "一万元"}, "金额(元)"),
        ({"金额": "1,23,4"}, "金额(元)"),
        ({"金额": None}, "金额(元)"),  # funds need an amount
        ({"类别": "捐款"}, "类别(资金/物资/项目/协调)"),
        ({"状态": "差不多"}, "状态(计划/推进中/已完成)"),
        ({"日期": "2021-03-01"}, "日期"),  # before the pairing started
        ({"社区村": "新桥社区"}, "社区村"),  # not paired with this unit
        ({"包联单位": "市不存在局"}, "包联单位"),
    ],
)
def test_a_bad_row_is_named_and_nothing_is_written(city, bad, column):
    report = run(row("BF-1"), row("BF-2", **bad))
    assert not report.ok
    assert [(e.row, e.column) for e in report.errors] == [(3, column)]
    assert not SupportMeasure.objects.exists()
