"""Whatever the cells hold, an import answers with a report: never a traceback, never half."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baolian.imports.engine import ImportReport
from tests.imports.conftest import roster_state, run_import
from tests.workbooks import xlsx

# What people put in cells: text with odd spaces and widths, numbers, dates, booleans, blanks.
# (.xlsx cannot hold control characters, so text is printable.)
text = st.text(
    alphabet=st.characters(
        codec="utf-8", categories=("L", "N", "P", "S", "Zs"), exclude_characters="\x00"
    ),
    max_size=30,
)
cell = st.one_of(
    st.none(),
    text,
    st.sampled_from(["市税务局", " 市税务局 ", "东城街道", "桥东社区", "李明", "2021/4/1", "是"]),
    st.integers(-(10**6), 10**9),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 12, 31)),
    st.booleans(),
)
# The database fixture spans the examples; each property compares before and after itself.
many = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
PAIRING_HEADER = ["包联单位", "社区村", "所属街道镇", "包联领导", "开始日期", "结束日期"]


@pytest.mark.django_db
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(st.lists(cell, min_size=6, max_size=6), min_size=1, max_size=6))
def test_any_cells_give_a_report_and_errors_mean_nothing_was_written(rows, city):
    before = roster_state()

    report = run_import(xlsx({"包联关系": [PAIRING_HEADER, *rows]}))

    assert isinstance(report, ImportReport)
    if report.errors:
        assert roster_state() == before
        assert all(problem.sheet == "包联关系" and problem.row for problem in report.errors)


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(names=st.lists(text.filter(lambda s: s.strip()), min_size=1, max_size=5, unique=True))
def test_units_imported_once_import_again_unchanged(names, db):
    sheet = {"包联单位": [["名称"], *([name] for name in names)]}
    first = run_import(xlsx(sheet))
    if first.errors:  # e.g. two names equal once spaces and widths are folded
        return
    second = run_import(xlsx(sheet))
    assert second.errors == []
    assert second.changed == 0
