"""A 包联行动 row without 上报时间: reported_at is the import's time, the original time is
recorded as unknown, and the visit is never counted late (an old visit imported years later is
not years late). The rule is in the README and in baolian/oversight/metrics.py."""

from __future__ import annotations

import json

import pytest
import time_machine

from baolian.visits.models import FlagKind, Visit
from tests.acceptance.conftest import (
    U1,
    VISITS,
    baolian,
    city_sheets,
    report_json,
    workbook_bytes,
    write,
)

pytestmark = pytest.mark.django_db

OLD = [list(v) for v in VISITS] + [
    # Reported 20 days after: late by the rule.
    [
        "QS-201",
        "2021-06-02",
        U1,
        "幸福社区",
        "红旗街道",
        None,
        "否",
        2,
        "督促检查",
        "2021-06-22 10:00",
    ],
    # No 上报时间: unknown, not late.
    ["QS-202", "2021-06-03", U1, "幸福社区", "红旗街道", None, "否", 2, "督促检查", None],
]


@time_machine.travel("2024-03-01 10:00 +0800", tick=False)
def test_a_visit_without_reporting_time_keeps_the_import_time_and_is_not_late(tmp_path):
    baolian("import", write(tmp_path, "旧台账.xlsx", workbook_bytes(city_sheets(OLD))))
    unknown = Visit.objects.get(code="QS-202")
    assert unknown.reported_at_known is False
    assert unknown.reported_at.year == 2024  # the import's time, kept
    assert unknown.lag_days() is None
    assert not unknown.flags.filter(kind=FlagKind.LATE).exists()
    known = Visit.objects.get(code="QS-201")
    assert known.reported_at_known is True and known.lag_days() == 20
    assert known.flags.filter(kind=FlagKind.LATE).exists()
    # 3 late in the city's rows (QS-003, 006, 016) + QS-201; QS-005 and QS-202 unknown.
    assert report_json("2021-04-01", "2021-06-30")["late_visits"] == 4


def test_a_later_import_with_the_time_makes_it_known(tmp_path):
    baolian("import", write(tmp_path, "a.xlsx", workbook_bytes(city_sheets(OLD))))
    again = [list(v) for v in OLD]
    again[-1][-1] = "2021-06-10 09:00"  # 7 days after: late
    baolian("import", write(tmp_path, "b.xlsx", workbook_bytes(city_sheets(again))))
    visit = Visit.objects.get(code="QS-202")
    assert visit.reported_at_known is True and visit.lag_days() == 7
    assert report_json("2021-04-01", "2021-06-30")["late_visits"] == 5


def test_an_unknown_time_is_exported_empty_and_stays_unknown(tmp_path):
    from baolian.visits.exporters import visit_rows

    baolian("import", write(tmp_path, "a.xlsx", workbook_bytes(city_sheets(OLD))))
    rows = {row[0]: row for row in visit_rows(Visit.objects.all())}
    assert rows["QS-202"][11] is None
    assert rows["QS-201"][11] is not None
    result = json.loads(
        baolian("import", write(tmp_path, "a.xlsx", workbook_bytes(city_sheets(OLD))), "--json")
    )
    assert result["ok"]
    assert Visit.objects.get(code="QS-202").reported_at_known is False
