"""The rectification loop: every step, for every role, from every state (DESIGN §4)."""

from __future__ import annotations

from datetime import date

import pytest

from baolian.problems import services
from baolian.problems.models import Action, ProblemState
from baolian.problems.services import ProblemForbidden, ProblemRefused
from tests.factories_problems import ProblemFactory, after_photo, jpeg

ROLES = ("admin", "inspector", "leader", "liaison", "street", "community")
S = ProblemState

# step -> (states it may start from, roles that may take it, state it leads to (None: same))
STEPS = {
    "start": ({S.OPEN}, {"admin", "street", "community"}, S.RECTIFYING),
    "rectify": ({S.OPEN, S.RECTIFYING}, {"admin", "street", "community"}, S.RECTIFIED),
    "close": ({S.RECTIFIED}, {"admin", "inspector"}, S.CLOSED),
    "send_back": ({S.RECTIFIED}, {"admin", "inspector"}, S.RECTIFYING),
    "extend": ({S.OPEN, S.RECTIFYING, S.RECTIFIED}, {"admin", "inspector", "street"}, None),
}


def own_community(city, role):
    """A community inside each role's own world, so only the role decides."""
    return {"liaison": city.c11, "community": city.c12}.get(role, city.c21)


def take(step, problem, user):
    if step == "start":
        return services.problem_start(problem=problem, by=user, note="开始")
    if step == "rectify":
        return services.problem_rectify(
            problem=problem, by=user, note="已清理", photos=[("after.jpg", jpeg(7))]
        )
    if step == "close":
        return services.problem_close(problem=problem, by=user)
    if step == "send_back":
        return services.problem_send_back(problem=problem, by=user, reason="仍有垃圾")
    return services.problem_extend_deadline(
        problem=problem, by=user, deadline=date(2021, 7, 31), reason="雨季施工"
    )


def snapshot(problem):
    problem.refresh_from_db()
    return (
        problem.state,
        problem.deadline,
        problem.extensions,
        problem.sent_back,
        problem.rectified_on,
        problem.closed_on,
        problem.events.count(),
        problem.photos.count(),
    )


@pytest.mark.parametrize("state", list(S))
@pytest.mark.parametrize("step", list(STEPS))
@pytest.mark.parametrize("role", ROLES)
def test_each_step_is_allowed_only_from_its_states_and_for_its_roles(
    city, users, role, step, state
):
    problem = ProblemFactory(community=own_community(city, role), state=state)
    if state in (S.RECTIFIED, S.CLOSED):
        after_photo(problem)
        problem.rectified_on = date(2021, 6, 10)
        problem.save()
    from_states, roles, to_state = STEPS[step]
    before = snapshot(problem)

    if state in from_states and role in roles:
        done = take(step, problem, users[role])
        assert done.state == (to_state or state)
        event = done.events.order_by("-id").first()
        assert event.action == Action(step)
        assert (event.from_state, event.to_state) == (state, done.state)
        assert event.by == users[role]
    else:
        expected = ProblemForbidden if state in from_states else ProblemRefused
        with pytest.raises(expected):
            take(step, problem, users[role])
        assert snapshot(problem) == before  # nothing changed, no photo kept


def test_a_community_officer_cannot_rectify_another_communitys_problem(city, users):
    problem = ProblemFactory(community=city.c11)
    with pytest.raises(ProblemForbidden):
        take("rectify", problem, users["community"])
    assert problem.photos.count() == 0


def test_a_street_officer_manages_only_its_own_streets_problems(city, users):
    theirs, other = ProblemFactory(community=city.c22), ProblemFactory(community=city.c11)
    take("start", theirs, users["street"])
    with pytest.raises(ProblemForbidden):
        take("start", other, users["street"])


def test_the_whole_loop_keeps_who_when_and_why(city, users):
    problem = services.problem_create(
        by=users["liaison"],
        community=city.c11,
        description="巷道口垃圾乱堆放",
        place="桥东社区3巷口",
        found_on=date(2021, 6, 2),
        deadline=date(2021, 6, 15),
        photos=[("before.jpg", jpeg(1))],
    )
    assert problem.found_by_unit == city.unit_a
    admin, inspector = users["admin"], users["inspector"]
    services.problem_extend_deadline(
        problem=problem, by=inspector, deadline=date(2021, 6, 25), reason="需协调环卫车"
    )
    services.problem_rectify(problem=problem, by=admin, note="已清运", photos=[("a.jpg", jpeg(2))])
    services.problem_send_back(problem=problem, by=inspector, reason="墙角仍有杂物")
    services.problem_rectify(
        problem=problem, by=admin, note="已彻底清理", photos=[("b.jpg", jpeg(3))]
    )
    done = services.problem_close(problem=problem, by=inspector, note="复核通过")

    assert (done.state, done.closed_on, done.sent_back, done.extensions) == (
        S.CLOSED,
        date(2021, 6, 20),
        1,
        1,
    )
    assert (done.original_deadline, done.deadline) == (date(2021, 6, 15), date(2021, 6, 25))
    history = [(e.action, e.by.username, e.note) for e in done.events.order_by("id")]
    assert history == [
        ("create", "liaison", ""),
        ("extend", "inspector", "需协调环卫车"),
        ("rectify", "office", "已清运"),
        ("send_back", "inspector", "墙角仍有杂物"),
        ("rectify", "office", "已彻底清理"),
        ("close", "inspector", "复核通过"),
    ]
    assert [p.stage for p in done.photos.order_by("id")] == ["before", "after", "after"]
