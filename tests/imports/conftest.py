"""Workbooks built in the test, and a way to say "nothing was written"."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from datetime import date

import pytest
from auditlog.models import LogEntry
from django.utils.translation import override

from baolian.accounts.models import Role, User
from baolian.imports.engine import ImportProblem, ImportReport, import_file
from baolian.roster.models import Community, Leader, Pairing, Street, Unit
from tests.conftest import CORPORA, needs_corpora  # noqa: F401 - imported by the tests
from tests.factories import UserFactory

ROSTER_MODELS = (Street, Community, Unit, Leader, Pairing)

Rows = list[list[object]]


def csv_bytes(rows: Rows, encoding: str) -> bytes:
    """The rows as Excel saves a CSV; encode with "utf-8-sig" for the BOM."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows([["" if v is None else v for v in row] for row in rows])
    return buffer.getvalue().encode(encoding)


@pytest.fixture(autouse=True)
def _messages_in_english() -> Iterator[None]:
    """Tests read messages in English, the msgids; the Chinese .po may reword them any time."""
    with override("en"):
        yield


def run_import(
    data: bytes, filename: str = "roster.xlsx", *, dry_run: bool = False
) -> ImportReport:
    return import_file(data=data, filename=filename, dry_run=dry_run)


def messages(report: ImportReport) -> list[str]:
    return [str(problem) for problem in report.errors]


def errors_at(report: ImportReport, sheet: str, row: int | None = None) -> list[ImportProblem]:
    return [e for e in report.errors if e.sheet == sheet and (row is None or e.row == row)]


def counts(report: ImportReport) -> dict[str, tuple[int, int, int]]:
    """{sheet: (created, updated, unchanged)}"""
    return {s.name: (s.created, s.updated, s.unchanged) for s in report.sheets}


def roster_state() -> dict[str, object]:
    """Every roster row with every field, and the audit log's size: equal means untouched."""
    state: dict[str, object] = {
        model.__name__: sorted(
            (tuple(sorted(row.items())) for row in model.objects.values()), key=repr
        )
        for model in ROSTER_MODELS
    }
    state["LogEntry"] = LogEntry.objects.count()
    return state


@pytest.fixture
def unchanged_db(db) -> Callable[[], None]:
    """Snapshot the roster now; calling the result asserts nothing was written since."""
    before = roster_state()

    def check() -> None:
        assert roster_state() == before

    return check


@pytest.fixture
def office_admin(db) -> User:
    """An office admin in an otherwise empty database (the `users` fixture brings a city)."""
    return UserFactory(username="office-only", role=Role.ADMIN, is_staff=True, is_superuser=True)


STREETS: Rows = [
    ["名称", "类型(街道/镇)", "所属区县", "编码"],
    ["太平街道", "街道", "湘桥区", "445102001"],
    ["西湖镇", "镇", "湘桥区", "445102100"],
]
COMMUNITIES: Rows = [
    ["名称", "类型(社区/村)", "所属街道镇", "纬度", "经度", "编码"],
    ["桥东社区", "社区", "太平街道", 23.6612, 116.6401, "445102001001"],
    ["新桥社区", "社区", "太平街道", None, None, "445102001002"],
    ["下津村", "村", "西湖镇", 23.7, 116.7, "445102100201"],
    ["桥东社区", "社区", "西湖镇", None, None, None],
]
# Official order, deliberately not alphabetical (or pinyin) order.
UNITS: Rows = [
    ["名称", "单位类别", "联络员", "联系电话"],
    ["市委办公室", "市直机关", "陈明", "13800000001"],
    ["市税务局", "中央驻市单位", "林华", "13800000002"],
    ["市卫生健康局", "市直机关", "黄丽", "13800000003"],
    ["市档案馆", "事业单位", None, None],
]
LEADERS: Rows = [
    ["姓名", "职务"],
    ["李明", "副市长"],
    ["王芳", "市政协副主席"],
]
PAIRINGS: Rows = [
    ["包联单位", "社区村", "所属街道镇", "包联领导", "开始日期", "结束日期"],
    ["市委办公室", "桥东社区", "太平街道", "李明", date(2021, 4, 1), None],
    ["市税务局", "新桥社区", "太平街道", "李明", date(2021, 4, 1), date(2021, 12, 31)],
    ["市卫生健康局", "下津村", "西湖镇", "王芳", date(2021, 5, 1), None],
    ["市档案馆", "桥东社区", "西湖镇", None, date(2021, 4, 1), None],
]


def roster_sheets_rows() -> dict[str, Rows]:
    """A small, complete roster: all five sheets, in the order the template lists them."""
    return {
        "街道镇": [list(r) for r in STREETS],
        "社区村": [list(r) for r in COMMUNITIES],
        "包联单位": [list(r) for r in UNITS],
        "包联领导": [list(r) for r in LEADERS],
        "包联关系": [list(r) for r in PAIRINGS],
    }
