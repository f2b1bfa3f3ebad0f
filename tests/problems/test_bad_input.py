"""Bad input to the loop: a clear message each time, and nothing changed."""

from __future__ import annotations

from datetime import date

import pytest

from baolian.problems import services
from baolian.problems.models import Problem, ProblemEvent, ProblemState
from baolian.problems.services import ProblemForbidden, ProblemRefused
from tests.factories_problems import ProblemFactory, after_photo, jpeg


def test_a_deadline_before_the_date_found_is_refused(city, users):
    with pytest.raises(ProblemRefused, match="before the date found") as caught:
        services.problem_create(
            by=users["admin"],
            community=city.c11,
            description="沟渠污臭",
            found_on=date(2021, 6, 10),
            deadline=date(2021, 6, 9),
        )
    assert caught.value.field == "deadline"
    assert not Problem.objects.exists()


def test_a_problem_without_a_description_is_refused(city, users):
    with pytest.raises(ProblemRefused):
        services.problem_create(
            by=users["admin"], community=city.c11, description="  ", found_on=date(2021, 6, 1)
        )
    assert not Problem.objects.exists()


def test_a_rejected_before_photo_leaves_no_problem(city, users):
    with pytest.raises(ProblemRefused, match="not-a-photo.jpg"):
        services.problem_create(
            by=users["admin"],
            community=city.c11,
            description="公厕无人保洁",
            found_on=date(2021, 6, 1),
            photos=[("ok.jpg", jpeg(1)), ("not-a-photo.jpg", b"%PDF-1.4 hello")],
        )
    assert not Problem.objects.exists()
    assert not ProblemEvent.objects.exists()


def test_marking_rectified_needs_an_after_photo_and_a_note(city, users):
    problem = ProblemFactory(community=city.c12)
    with pytest.raises(ProblemRefused, match="photo"):
        services.problem_rectify(problem=problem, by=users["community"], note="已清理")
    with pytest.raises(ProblemRefused):
        services.problem_rectify(
            problem=problem, by=users["community"], note=" ", photos=[("a.jpg", jpeg(1))]
        )
    problem.refresh_from_db()
    assert problem.state == ProblemState.OPEN
    assert problem.photos.count() == 0


def test_a_closure_without_after_photos_is_refused(city, users):
    problem = ProblemFactory(community=city.c12, state=ProblemState.RECTIFIED)
    with pytest.raises(ProblemRefused, match="without photos"):
        services.problem_close(problem=problem, by=users["inspector"])
    problem.refresh_from_db()
    assert problem.state == ProblemState.RECTIFIED


def test_a_verification_by_a_community_officer_is_refused_with_a_reason(city, users):
    problem = ProblemFactory(community=city.c12, state=ProblemState.RECTIFIED)
    after_photo(problem)
    with pytest.raises(ProblemForbidden, match="inspector"):
        services.problem_close(problem=problem, by=users["community"])
    problem.refresh_from_db()
    assert problem.state == ProblemState.RECTIFIED
    assert not problem.events.exists()


def test_sending_back_needs_a_reason(city, users):
    problem = ProblemFactory(community=city.c12, state=ProblemState.RECTIFIED)
    with pytest.raises(ProblemRefused):
        services.problem_send_back(problem=problem, by=users["inspector"], reason="")
    problem.refresh_from_db()
    assert (problem.state, problem.sent_back) == (ProblemState.RECTIFIED, 0)


@pytest.mark.parametrize(
    "deadline", [date(2021, 6, 30), date(2021, 6, 1), date(2021, 5, 31)], ids=str
)
def test_an_extension_must_move_the_deadline_later(city, users, deadline):
    problem = ProblemFactory(community=city.c21, found_on=date(2021, 6, 1))
    with pytest.raises(ProblemRefused):
        services.problem_extend_deadline(
            problem=problem, by=users["street"], deadline=deadline, reason="雨季"
        )
    problem.refresh_from_db()
    assert (problem.deadline, problem.extensions) == (date(2021, 6, 30), 0)


def test_an_extension_needs_a_reason(city, users):
    problem = ProblemFactory(community=city.c21)
    with pytest.raises(ProblemRefused):
        services.problem_extend_deadline(
            problem=problem, by=users["street"], deadline=date(2021, 7, 30), reason=""
        )
