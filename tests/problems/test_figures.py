"""The loop's figures on hand-built data, each expected figure worked out below."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from baolian.accounts.scoping import scope_of
from baolian.oversight import metrics
from baolian.problems.models import ProblemState as S
from tests.factories_problems import ProblemFactory

JUNE = (date(2021, 6, 1), date(2021, 6, 30))


def d(month, day):
    return date(2021, month, day)


@pytest.fixture
def june(city):
    """Problems of c11 and c12 (street 1) around June 2021; street 2 has none.

    c11  found  deadline closed  state       notes
    p1   6-03   6-20     6-18    closed      found, closed on time
    p2   6-05   6-10     6-25    closed      found, closed late, sent back once
    p3   6-10   6-25     -       rectifying  found, open, overdue at 6-30
    p4   5-20   6-05     5-28    closed      found and closed in May: counts nowhere
    p5   5-25   7-15     6-12    closed      closed in June, found in May
    p6   6-20   7-10     -       open        found, open, deadline extended once
    p7   6-28   -        -       rectified   found, open, submitted, no deadline
    p8   7-02   7-20     -       open        after the period: counts nowhere
    p9   6-15   6-30     7-03    closed      found, open at 6-30 (closed later), not overdue
    c12
    p10  6-01   6-30     6-09    closed      found, closed on time
    """
    c11, c12 = city.c11, city.c12
    rows = [
        (c11, d(6, 3), d(6, 20), d(6, 18), S.CLOSED, 0, 0),
        (c11, d(6, 5), d(6, 10), d(6, 25), S.CLOSED, 1, 0),
        (c11, d(6, 10), d(6, 25), None, S.RECTIFYING, 0, 0),
        (c11, d(5, 20), d(6, 5), d(5, 28), S.CLOSED, 0, 0),
        (c11, d(5, 25), d(7, 15), d(6, 12), S.CLOSED, 0, 0),
        (c11, d(6, 20), d(7, 10), None, S.OPEN, 0, 1),
        (c11, d(6, 28), None, None, S.RECTIFIED, 0, 0),
        (c11, d(7, 2), d(7, 20), None, S.OPEN, 0, 0),
        (c11, d(6, 15), d(6, 30), d(7, 3), S.CLOSED, 0, 0),
        (c12, d(6, 1), d(6, 30), d(6, 9), S.CLOSED, 0, 0),
    ]
    for community, found, deadline, closed, state, sent_back, extensions in rows:
        ProblemFactory(
            community=community,
            found_on=found,
            deadline=deadline,
            closed_on=closed,
            rectified_on=closed or (d(6, 29) if state == S.RECTIFIED else None),
            state=state,
            sent_back=sent_back,
            extensions=extensions,
        )
    # A soft-deleted problem counts nowhere.
    ProblemFactory(community=c12, found_on=d(6, 2), deleted_at="2021-06-03T00:00Z")
    return city


def test_one_communitys_figures(june):
    f = metrics.problem_figures(start=JUNE[0], end=JUNE[1], community=june.c11)
    # found in June: p1 p2 p3 p6 p7 p9; closed in June: p1 p2 p5; open at 6-30: p3 p6 p7 p9
    assert (f.found, f.closed, f.open, f.overdue, f.extended) == (6, 3, 4, 1, 1)
    # of the six found: p1 p2 closed by 6-30, only p1 on time
    assert f.closure_rate == Fraction(2, 6)
    assert f.on_time_closure_rate == Fraction(1, 6)
    # of the six found, p1 p2 p7 p9 were ever marked rectified; p2 was sent back
    assert f.rework_rate == Fraction(1, 4)
    assert not f.cleared


def test_per_street_sums_its_communities_and_counts_the_cleared_ones(june):
    rows = metrics.problem_figures_by_street(start=JUNE[0], end=JUNE[1])
    assert [row.street for row in rows] == [june.street1, june.street2]
    one, two = rows
    assert (one.figures.found, one.figures.closed, one.figures.open) == (7, 4, 4)
    assert one.figures.closure_rate == Fraction(3, 7)
    assert one.figures.on_time_closure_rate == Fraction(2, 7)
    assert one.figures.rework_rate == Fraction(1, 5)
    assert (one.communities, one.cleared) == (2, 1)  # c12 has nothing open
    assert (two.communities, two.cleared) == (2, 2)
    assert two.figures.closure_rate is None  # nothing found: no rate, not 0 %


def test_cleared_communities_are_those_with_nothing_open_at_the_end(june):
    cleared = metrics.communities_cleared(start=JUNE[0], end=JUNE[1])
    assert cleared == [june.c12, june.c21, june.c22]
    # At the end of May p5 (closed 6-12) was still open in c11; p4 was closed 5-28.
    may = metrics.problem_figures(start=d(5, 1), end=d(5, 31), community=june.c11)
    assert (may.found, may.open, may.closed, may.overdue) == (2, 1, 1, 0)
    assert june.c11 not in metrics.communities_cleared(start=d(5, 1), end=d(5, 31))


def test_overdue_counts_what_is_not_closed_by_the_end_with_an_earlier_deadline(june):
    july_10 = metrics.problem_figures(start=d(7, 1), end=d(7, 10), community=june.c11)
    # open at 7-10: p3 (6-25), p6 (7-10, not before), p7 (none), p8 (7-20) → overdue p3 only;
    # p9 was closed 7-03 and counts as closed in this period.
    assert (july_10.open, july_10.overdue, july_10.closed, july_10.found) == (4, 1, 1, 1)


def test_a_community_officer_sees_only_their_communitys_figures(june, users):
    scope = scope_of(users["community"])  # bound to c12
    total = metrics.problem_figures(start=JUNE[0], end=JUNE[1], scope=scope)
    assert (total.found, total.closed, total.open) == (1, 1, 0)
    rows = metrics.problem_figures_by_community(start=JUNE[0], end=JUNE[1], scope=scope)
    assert [row.community for row in rows] == [june.c12]


@pytest.mark.parametrize("period", [JUNE, (d(5, 1), d(5, 31)), (d(7, 1), d(7, 10))])
def test_the_problem_pages_figures_are_the_reports_figures(june, period):
    start, end = period
    page = metrics.problem_figures(start=start, end=end)
    report = metrics.period_metrics(start=start, end=end)
    assert (page.found, page.closed, page.open, page.overdue) == (
        report.problems_found,
        report.problems_closed,
        report.problems_open,
        report.problems_overdue,
    )


def test_a_closed_problem_imported_without_a_verification_date_is_closed_by_its_rectification(
    city,
):
    # 已销号 with only 整改完成日期: closed on 6-12 for the problem page as for the report.
    ProblemFactory(
        community=city.c11,
        found_on=d(6, 1),
        deadline=d(6, 10),
        closed_on=None,
        rectified_on=d(6, 12),
        state=S.CLOSED,
    )
    # 已销号 with no date at all: closed, never open nor overdue.
    ProblemFactory(
        community=city.c11,
        found_on=d(6, 2),
        deadline=d(6, 5),
        closed_on=None,
        rectified_on=None,
        state=S.CLOSED,
    )
    f = metrics.problem_figures(start=JUNE[0], end=JUNE[1])
    assert (f.found, f.closed, f.open, f.overdue, f.found_closed) == (2, 1, 0, 0, 2)
    assert f.found_closed_on_time == 0  # 6-12 is after 6-10; the other's day is unknown
    assert metrics.period_metrics(start=JUNE[0], end=JUNE[1]).problems_closed == 1
