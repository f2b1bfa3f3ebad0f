"""An import asks the database the same few questions however long the file is.

Ten times the rows must not mean ten times the queries: the lookups are loaded once, the rows
are written in bulk, and a re-import that changes nothing writes nothing at all.
"""

from __future__ import annotations

from datetime import date

from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext

from baolian.roster.models import Community, Leader, Pairing, Street, Unit
from tests.imports.conftest import counts, run_import
from tests.workbooks import xlsx


def roster(rows: int) -> bytes:
    """`rows` communities in three streets, each paired with one of five units."""
    return xlsx(
        {
            "街道镇": [["名称"], *[[f"第{s}街道"] for s in range(3)]],
            "社区村": [
                ["名称", "所属街道镇", "纬度", "经度"],
                *[[f"第{c}社区", f"第{c % 3}街道", 23.5, 116.5] for c in range(rows)],
            ],
            "包联单位": [["名称", "联络员"], *[[f"市第{u}局", "陈明"] for u in range(5)]],
            "包联领导": [["姓名"], ["李明"], ["王芳"]],
            "包联关系": [
                ["包联单位", "社区村", "所属街道镇", "包联领导", "开始日期"],
                *[
                    [f"市第{c % 5}局", f"第{c}社区", f"第{c % 3}街道", "李明", date(2021, 4, 1)]
                    for c in range(rows)
                ],
            ],
        }
    )


def queries(data: bytes, *, dry_run: bool = False) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        report = run_import(data, dry_run=dry_run)
    assert report.errors == []
    return [query["sql"] for query in captured.captured_queries]


def writes(sql: list[str]) -> list[str]:
    return [q for q in sql if q.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]


def test_a_preview_asks_as_many_questions_for_ten_times_the_rows_and_writes_nothing(db):
    small, large = queries(roster(20), dry_run=True), queries(roster(200), dry_run=True)

    assert len(large) == len(small)
    assert writes(large) == []
    assert Community.objects.count() == 0


def test_an_import_writes_in_bulk_and_a_reimport_writes_nothing(db):
    data = roster(300)

    first = queries(data)
    # 3 streets, 300 communities, 5 units, 2 leaders, 300 pairings and a history entry for
    # each (610 rows): a handful of multi-row statements, not one a row.
    assert len(first) < 40
    assert Community.objects.count() == 300 and Pairing.objects.count() == 300
    assert LogEntry.objects.count() == 3 + 300 + 5 + 2 + 300
    pairing = Pairing.objects.select_related("unit", "community__street", "leader").get(
        community__name="第7社区"
    )
    assert (pairing.unit.name, pairing.community.street.name, pairing.leader.name) == (
        "市第2局",
        "第1街道",
        "李明",
    )
    assert LogEntry.objects.get_for_object(pairing).get().changes_dict["community"] == [
        "None",
        str(pairing.community_id),
    ]

    again = queries(data)

    assert writes(again) == []
    assert len(again) < 20
    assert counts(run_import(data))["包联关系"] == (0, 0, 300)
    assert LogEntry.objects.count() == 610
    assert Street.objects.count() + Unit.objects.count() + Leader.objects.count() == 10
