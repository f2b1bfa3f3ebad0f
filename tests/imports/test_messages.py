"""The report's words: English on request, each naming its place and the offending value."""

from __future__ import annotations

import re

from django.utils.translation import override

from tests.imports.conftest import PAIRINGS, import_file
from tests.workbooks import xlsx

BAD_PAIRINGS = [
    PAIRINGS[0],
    ["市财政局", "下津村", "西湖镇", None, "2021-04-01", None],
    ["市档案馆", "下津村", "东湖街道", None, "2021-04-01", None],
    ["市档案馆", "桥东社区", "西湖镇", "张三", "2021-04-01", None],
    ["市档案馆", "新桥社区", "东城街道", None, "四月一日", None],
    ["市档案馆", "新桥社区", "东城街道", None, "2021-04-01", "2021-03-01"],
]


def test_every_message_of_a_report_is_english_under_an_english_request(city):
    with override("en"):
        report = import_file(data=xlsx({"包联关系": BAD_PAIRINGS}), filename="x.xlsx")
        texts = [str(problem) for problem in report.errors]

    assert len(texts) == 5
    for text in texts:
        without_quoted_values = re.sub(r"“[^”]*”|（[^）]*）|[\u4e00-\u9fff]+", "", text)
        assert re.fullmatch(r"[\x20-\x7e]+", without_quoted_values), text
        assert len(re.findall(r"[A-Za-z]{3,}", without_quoted_values)) >= 3, text


def test_a_message_names_the_value_it_could_not_use(city):
    with override("en"):
        report = import_file(data=xlsx({"包联关系": BAD_PAIRINGS}), filename="x.xlsx")
        texts = [str(problem) for problem in report.errors]

    assert texts[0] == (
        "sheet “包联关系”, row 2, column A (包联单位): "
        "Unknown unit “市财政局”: add it to the 包联单位 sheet or fix its row."
    )
    assert "“东湖街道”" in texts[1] and texts[1].startswith("sheet “包联关系”, row 3, column C")
    assert "“张三”" in texts[2] and texts[2].startswith("sheet “包联关系”, row 4, column D")
    assert "“四月一日” is not a date" in texts[3]
    assert texts[4].startswith("sheet “包联关系”, row 6, column F (结束日期)")


def test_the_report_as_data_carries_each_problems_place(city):
    with override("en"):
        report = import_file(data=xlsx({"包联关系": BAD_PAIRINGS[:2]}), filename="x.xlsx")
        data = report.as_dict()

    assert data["ok"] is False and data["written"] is False
    assert data["errors"] == [
        {
            "sheet": "包联关系",
            "row": 2,
            "column": "A",
            "header": "包联单位",
            "message": "Unknown unit “市财政局”: add it to the 包联单位 sheet or fix its row.",
        }
    ]
