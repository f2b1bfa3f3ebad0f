"""One action turns a visit's findings, or a flag an inspector confirmed, into a problem."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from baolian.problems import services
from baolian.problems.models import FoundBy, Problem
from baolian.problems.services import ProblemForbidden, ProblemRefused
from baolian.visits.models import FlagKind, FlagReview, Visit, VisitFlag


@pytest.fixture
def visit(city):
    return Visit.objects.create(
        unit=city.unit_a,
        community=city.c11,
        visited_on=date(2021, 6, 15),
        findings="巷口垃圾乱堆放，沟渠污臭",
        reported_at=datetime(2021, 6, 15, 8, tzinfo=timezone.utc),
    )


def test_a_visits_findings_become_a_problem_found_by_its_unit(visit, users):
    problem = services.problem_create_from_visit(
        visit=visit, by=users["liaison"], deadline=date(2021, 6, 30)
    )
    assert (problem.description, problem.found_on, problem.found_by, problem.found_by_unit) == (
        "巷口垃圾乱堆放，沟渠污臭",
        date(2021, 6, 15),
        FoundBy.UNIT,
        visit.unit,
    )
    assert (problem.source_visit, problem.supporting_unit) == (visit, visit.unit)


def test_someone_outside_the_community_cannot_list_from_a_visit(visit, users):
    with pytest.raises(ProblemForbidden):
        services.problem_create_from_visit(visit=visit, by=users["community"])  # c12's officer
    assert not Problem.objects.exists()


def test_a_confirmed_flag_becomes_a_problem_found_by_the_inspectors(visit, users):
    flag = VisitFlag.objects.create(
        visit=visit,
        kind=FlagKind.PHOTO_ONLY,
        reason="只有照片，没有工作内容",
        review=FlagReview.PROBLEM,
        reviewed_at=datetime(2021, 6, 18, 2, tzinfo=timezone.utc),
    )
    problem = services.problem_create_from_flag(flag=flag, by=users["inspector"])
    assert (problem.found_by, problem.found_on, problem.source_flag) == (
        FoundBy.INSPECTOR,
        date(2021, 6, 18),
        flag,
    )


def test_a_flag_not_confirmed_as_a_problem_is_refused(visit, users):
    flag = VisitFlag.objects.create(visit=visit, kind=FlagKind.LATE, reason="迟报")
    with pytest.raises(ProblemRefused):
        services.problem_create_from_flag(flag=flag, by=users["inspector"])
    assert not Problem.objects.exists()
