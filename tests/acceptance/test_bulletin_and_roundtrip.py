"""`baolian bulletin` of the other city states the right figures; `baolian export` imported
back changes nothing; `baolian template` has every sheet of DESIGN §6."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.acceptance.conftest import U1, U2, U3, U4, baolian, report_json

pytestmark = pytest.mark.django_db

SHEETS = [
    "街道镇",
    "社区村",
    "包联单位",
    "包联领导",
    "包联关系",
    "包联行动",
    "帮扶措施",
    "问题清单",
]


def bulletin(tmp_path: Path, fmt: str) -> Path:
    path = tmp_path / f"通报.{fmt}"
    baolian(
        "bulletin",
        "--from",
        "2021-04-01",
        "--to",
        "2021-06-30",
        "--number",
        7,
        "--format",
        fmt,
        "-o",
        path,
        "--date",
        "2021-07-05",
    )
    return path


def test_the_bulletin_states_the_figures_names_in_roster_order_and_wan_yuan(
    imported_city, tmp_path
):
    text = bulletin(tmp_path, "md").read_text(encoding="utf-8")
    for phrase in (
        "（2021年第七期）",
        "4个市级包联单位中，3个完成",
        f"{U4}共1个单位尚未完成对接",
        "3个街道（镇）、4个社区（村）开展包联行动共18场次",
        f"{U1}、{U2}等单位平均每月不低于3场次",
        f"{U4}等单位平均每月低于1次",
        "活动8场次",
        "125.294万元",
        f"{U1}、{U3}、{U4}资金帮扶力度较大",
        "另有30万元帮扶资金计划投入",
        "带队深入包联点开展包联行动5场次",
        "赵建国、钱文华等2位",
        "各单位领导亲自带队5场次",
        "新发现问题3个，整改销号2个",
        "仍未销号的问题2个",
        f"分别是：{U3}、{U4}",
        f"{U3}等单位开展包联工作没有安排领导带队",
        f"3场次包联行动超过3天才上报，涉及{U1}、{U2}",
        "2021年7月5日",
    ):
        assert phrase in text, phrase


def test_the_bulletin_writes_docx_and_html_with_the_same_total(imported_city, tmp_path):
    from docx import Document

    docx_text = "\n".join(p.text for p in Document(bulletin(tmp_path, "docx")).paragraphs)
    assert "125.294万元" in docx_text and "共18场次" in docx_text
    html = bulletin(tmp_path, "html").read_text(encoding="utf-8")
    assert "125.294万元" in html and "共18场次" in html


def test_export_then_import_of_the_export_changes_nothing(imported_city, tmp_path):
    before = report_json("2021-04-01", "2021-06-30")
    exported = tmp_path / "导出.xlsx"
    baolian("export", "-o", exported)
    result = json.loads(baolian("import", exported, "--json"))
    assert result["ok"], result["errors"]
    changed = [s for s in result["sheets"] if s["created"] or s["updated"]]
    assert changed == []
    assert report_json("2021-04-01", "2021-06-30") == before


def test_the_template_has_every_sheet_with_its_columns(db, tmp_path):
    path = tmp_path / "模板.xlsx"
    baolian("template", "-o", path)
    book = load_workbook(path)
    for name in SHEETS:
        assert name in book.sheetnames, name
    # A leading 序号 column is the template's own (ignored on import).
    headers = {name: [c.value for c in book[name][1] if c.value != "序号"] for name in SHEETS}
    assert headers["包联关系"][:6] == [
        "包联单位",
        "社区村",
        "所属街道镇",
        "包联领导",
        "开始日期",
        "结束日期",
    ]
    assert "上报时间" in headers["包联行动"] and "照片" in headers["包联行动"]
    assert "金额(元)" in headers["帮扶措施"]
    assert headers["问题清单"][-2:] == ["整改完成日期", "复核日期"]


def test_the_template_filled_in_imports(db, tmp_path):
    """The example rows of the template are themselves importable."""
    path = tmp_path / "模板.xlsx"
    baolian("template", "-o", path)
    result = json.loads(baolian("import", path, "--dry-run", "--json"))
    assert result["ok"], result["errors"]
