"""Another city, built here with openpyxl, imported through the `baolian` commands.

青山市 is not the demo city nor the fixture city: other names, a community name used in two
streets, towns and villages, pairings that start and end inside the period, a unit with two
pairings, dates typed every way people type them. The expected figures in the tests are worked
out by hand from the rules of DESIGN §4 and the rows below, never read from the program.
"""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from tests.conftest import CORPORA

PHOTOS = CORPORA / "photos"
needs_photos = pytest.mark.skipif(
    not PHOTOS.is_dir(), reason=f"the real photos are not at {PHOTOS} (bare clone)"
)

# Roster order is the order of these rows.
U1, U2, U3, U4, U5 = (
    "青山市住房和城乡建设局",
    "青山市教育局",
    "青山市交通运输局",
    "青山市市场监督管理局",
    "青山市林业局",
)
ZHAO, QIAN = "赵建国", "钱文华"

STREETS = [
    ["名称", "类型(街道/镇)", "所属区县", "编码"],
    ["红旗街道", "街道", "青山区", "QS01"],
    ["柳河镇", "镇", "青山区", "QS02"],
    ["东关街道", "街道", "青山区", "QS03"],
    ["南湖街道", "街道", "南湖区", "QS04"],
]
COMMUNITIES = [
    ["名称", "类型(社区/村)", "所属街道镇", "纬度", "经度", "编码"],
    ["幸福社区", "社区", "红旗街道", 36.1, 117.1, "QS0101"],
    ["朝阳社区", "社区", "红旗街道", 36.11, 117.11, "QS0102"],
    ["柳河村", "村", "柳河镇", 36.2, 117.2, "QS0201"],
    ["北沟村", "村", "柳河镇", None, None, "QS0202"],
    ["幸福社区", "社区", "东关街道", 36.3, 117.3, "QS0301"],  # same name, other street
    ["湖滨社区", "社区", "南湖街道", 36.4, 117.4, "QS0401"],
]
UNITS = [
    ["名称", "单位类别", "联络员", "联系电话"],
    [U1, "市直部门", "孙立", "13800000001"],
    [U2, "市直部门", "周敏", "13800000002"],
    [U3, "市直部门", "吴刚", "13800000003"],
    [U4, "市直部门", "郑洁", "13800000004"],
    [U5, "市直部门", "王磊", "13800000005"],
]
LEADERS = [["姓名", "职务"], [ZHAO, "副市长"], [QIAN, "市政协副主席"]]
PAIRINGS = [
    ["包联单位", "社区村", "所属街道镇", "包联领导", "开始日期", "结束日期"],
    # U1: the whole period.
    [U1, "幸福社区", "红旗街道", ZHAO, date(2021, 1, 1), None],
    # U2: starts mid-period (2021-05-16): judged on 16/31 of May + June = 47/31 months.
    [U2, "幸福社区", "东关街道", QIAN, "2021/5/16", None],
    # U3: ends mid-period (2021-05-15): judged on April + 15/31 of May = 46/31 months.
    [U3, "朝阳社区", "红旗街道", ZHAO, "2021.1.1", "2021年5月15日"],
    # U4: two pairings; the second starts 2021-06-01 and is never visited (not docked).
    [U4, "柳河村", "柳河镇", QIAN, "2021-3-1", None],
    [U4, "湖滨社区", "南湖街道", QIAN, datetime(2021, 6, 1, 0, 0), None],
    # U5: ended before the period: not a unit of the period.
    [U5, "北沟村", "柳河镇", None, "2020-01-01", "2021-03-31"],
]
VISIT_HEADERS = [
    "编号",
    "日期",
    "包联单位",
    "社区村",
    "所属街道镇",
    "带队市领导",
    "单位领导带队(是/否)",
    "参与人数",
    "活动类型(多个用、分隔)",
    "工作内容",
    "发现问题",
    "上报时间",
    "照片",
]
CLEAN, TALK, CHECK = "卫生整治", "宣传教育", "督促检查"
# 编号, 日期 (typed every way), unit, community, street, leader, head(是/否 every way),
# people, kinds, 上报时间
VISITS = [
    # U1: 9 visits in the period (3.0 months: 3.0 a month, meets the quota exactly).
    [
        "QS-001",
        date(2021, 4, 3),
        U1,
        "幸福社区",
        "红旗街道",
        ZHAO,
        "是",
        10,
        CLEAN,
        "2021-04-03 18:00",
    ],
    [
        "QS-002",
        "2021-04-10",
        U1,
        "幸福社区",
        "红旗街道",
        None,
        "否",
        5,
        CHECK,
        "2021-04-13 23:59",
    ],  # lag 3
    [
        "QS-003",
        "2021/4/20",
        U1,
        "幸福社区",
        "红旗街道",
        None,
        "Y",
        6,
        TALK,
        "2021-04-24 00:05",
    ],  # lag 4
    [
        "QS-004",
        "2021.5.2",
        U1,
        "幸福社区",
        "红旗街道",
        ZHAO,
        "N",
        8,
        f"{CLEAN}、{TALK}",
        datetime(2021, 5, 2, 20, 0),
    ],
    [
        "QS-005",
        "2021年5月12日",
        U1,
        "幸福社区",
        "红旗街道",
        None,
        1,
        4,
        CHECK,
        None,
    ],  # time unknown
    [
        "QS-006",
        "2021-5-22",
        U1,
        "幸福社区",
        "红旗街道",
        None,
        0,
        4,
        CHECK,
        "2021年5月30日 9:00",
    ],  # lag 8
    [
        "QS-007",
        datetime(2021, 6, 1, 0, 0),
        U1,
        "幸福社区",
        "红旗街道",
        None,
        "1",
        3,
        CHECK,
        "2021/6/1 10:00",
    ],
    ["QS-008", "2021-06-15", U1, "幸福社区", "红旗街道", None, "0", 3, CHECK, "2021-06-15 10:00"],
    ["QS-009", "2021-06-30", U1, "幸福社区", "红旗街道", None, "否", 3, CLEAN, "2021-07-01 08:00"],
    # U1 outside the period: counted nowhere in it.
    ["QS-010", "2021-03-20", U1, "幸福社区", "红旗街道", ZHAO, "是", 3, CLEAN, "2021-03-20 10:00"],
    ["QS-011", "2021-07-01", U1, "幸福社区", "红旗街道", ZHAO, "是", 3, CLEAN, "2021-07-01 10:00"],
    # U2: 5 visits from 2021-05-16: 5 ÷ 47/31 = 3.30 a month, meets the quota (on 3.0
    # months it would be 1.67 and not).
    ["QS-012", "2021-05-16", U2, "幸福社区", "东关街道", QIAN, "是", 6, TALK, "2021-05-16 12:00"],
    ["QS-013", "2021-05-25", U2, "幸福社区", "东关街道", None, "否", 6, CHECK, "2021-05-25 12:00"],
    ["QS-014", "2021-06-05", U2, "幸福社区", "东关街道", None, "否", 6, CHECK, "2021-06-06 12:00"],
    ["QS-015", "2021-06-12", U2, "幸福社区", "东关街道", None, "否", 6, CHECK, "2021-06-12 12:00"],
    [
        "QS-016",
        "2021-06-20",
        U2,
        "幸福社区",
        "东关街道",
        QIAN,
        "否",
        6,
        CLEAN,
        "2021-06-28 12:00",
    ],  # lag 8
    # U3: 2 visits to 2021-05-15: 2 ÷ 46/31 = 1.35, neither meets nor is below the line
    # (on 3.0 months 0.67 would be below).
    ["QS-017", "2021-04-08", U3, "朝阳社区", "红旗街道", None, "否", 4, CHECK, "2021-04-08 17:00"],
    ["QS-018", "2021-05-15", U3, "朝阳社区", "红旗街道", None, "否", 4, TALK, "2021-05-15 17:00"],
    # U4: 2 visits in 3.0 months: 0.67, below the low line; 湖滨社区 never visited.
    ["QS-019", "2021-04-18", U4, "柳河村", "柳河镇", QIAN, "否", 9, CLEAN, "2021-04-18 17:00"],
    ["QS-020", "2021-06-18", U4, "柳河村", "柳河镇", None, "否", 9, CHECK, "2021-06-18 17:00"],
]
SUPPORT = [
    [
        "编号",
        "日期",
        "包联单位",
        "社区村",
        "所属街道镇",
        "类别(资金/物资/项目/协调)",
        "内容",
        "金额(元)",
        "状态(计划/推进中/已完成)",
    ],
    [
        "QF-1",
        "2021-04-10",
        U1,
        "幸福社区",
        "红旗街道",
        "资金",
        "背街小巷改造",
        "1,000,000.00",
        "已完成",
    ],
    ["QF-2", "2021/5/20", U1, "幸福社区", "红旗街道", "物资", "垃圾桶200个", "172,940", "推进中"],
    ["QF-3", "2021-06-01", U2, "幸福社区", "东关街道", "项目", "公厕改造", "300,000", "计划"],
    ["QF-4", "2021-03-31", U3, "朝阳社区", "红旗街道", "资金", "期前投入", "50,000", "已完成"],
    ["QF-5", "2021年6月30日", U4, "柳河村", "柳河镇", "协调", "协调清运车辆", 30000, "已完成"],
    ["QF-6", date(2021, 5, 1), U3, "朝阳社区", "红旗街道", "资金", "绿化补植", "50,000", "推进中"],
]
PROBLEMS = [
    [
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
    ],
    [
        "QP-1",
        "幸福社区",
        "红旗街道",
        None,
        "楼道堆放杂物",
        "2021-04-05",
        U1,
        "2021-04-30",
        "已销号",
        "2021-04-20",
        "2021-04-25",
    ],
    [
        "QP-2",
        "朝阳社区",
        "红旗街道",
        None,
        "垃圾桶破损",
        "2021-03-10",
        U3,
        "2021-05-31",
        "整改中",
        None,
        None,
    ],
    [
        "QP-3",
        "柳河村",
        "柳河镇",
        None,
        "河道漂浮物",
        "2021-05-10",
        U4,
        "2021-07-31",
        "待整改",
        None,
        None,
    ],
    [
        "QP-4",
        "湖滨社区",
        "南湖街道",
        None,
        "宣传栏陈旧",
        "2021-02-01",
        None,
        "2021-03-01",
        "已销号",
        "2021-03-20",
        "2021-04-02",
    ],
    [
        "QP-5",
        "幸福社区",
        "东关街道",
        None,
        "绿化带缺株",
        "2021-06-29",
        U2,
        "2021-06-29",
        "已整改",
        "2021-06-29",
        None,
    ],
    [
        "QP-6",
        "柳河村",
        "柳河镇",
        None,
        "期后发现",
        "2021-07-05",
        U4,
        "2021-07-31",
        "待整改",
        None,
        None,
    ],
]


def visit_rows(visits: list[list[object]] = VISITS) -> list[list[object]]:
    rows: list[list[object]] = [VISIT_HEADERS]
    for code, day, unit, community, street, leader, head, people, kinds, reported in visits:
        rows.append(
            [
                code,
                day,
                unit,
                community,
                street,
                leader,
                head,
                people,
                kinds,
                f"{community}清扫整治、入户宣传",
                "",
                reported,
                None,
            ]
        )
    return rows


def city_sheets(visits: list[list[object]] = VISITS) -> dict[str, list[list[object]]]:
    """Every sheet of DESIGN §6, in a shuffled order: the import orders them itself."""
    return {
        "问题清单": PROBLEMS,
        "包联行动": visit_rows(visits),
        "帮扶措施": SUPPORT,
        "包联关系": PAIRINGS,
        "包联领导": LEADERS,
        "包联单位": UNITS,
        "社区村": COMMUNITIES,
        "街道镇": STREETS,
    }


def workbook_bytes(sheets: dict[str, list[list[object]]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def baolian(*args: object) -> str:
    """One `baolian` command, as the CLI runs it; its standard output."""
    out = io.StringIO()
    call_command(*[str(a) for a in args], stdout=out, stderr=io.StringIO())
    return out.getvalue()


def report_json(start: str, end: str) -> dict:
    return json.loads(baolian("report", "--from", start, "--to", end, "--json"))


@pytest.fixture
def city_file(tmp_path: Path) -> Path:
    return write(tmp_path, "青山市包联台账.xlsx", workbook_bytes(city_sheets()))


@pytest.fixture
def imported_city(db, city_file: Path) -> Path:
    baolian("import", city_file)
    return city_file
