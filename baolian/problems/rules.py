"""Who may do what to a problem (DESIGN §3, §4). Each rule is `can_<verb>_problem(scope, obj)`.

Problems are the community's to rectify and the inspectors' to verify:
- list a problem: the office, inspectors, a street for its communities, a community for
  itself, a unit's liaison for the communities its unit is paired with (they find most);
- start and mark rectified: the office, the street, the community;
- verify and close, or send back: the office and inspectors only (整改 is never self-certified);
- extend the deadline: the office, inspectors and the street (the community asks them).
A municipal leader reads; a leader's word goes through the office.
"""

from __future__ import annotations

from baolian.accounts.models import Role
from baolian.accounts.scoping import Scope
from baolian.problems.models import Problem, ProblemState


def _owns_community(scope: Scope, community_id: int, street_id: int) -> bool:
    if scope.role == Role.STREET:
        return scope.street_id == street_id
    if scope.role == Role.COMMUNITY:
        return scope.community_id == community_id
    return False


def can_create_problem(scope: Scope, community: object) -> bool:
    """`community`: the Community the problem would be listed for."""
    if scope.role in (Role.ADMIN, Role.INSPECTOR):
        return True
    if scope.role == Role.LIAISON:
        return any(p.community_id == community.pk for p in scope.pairings)  # type: ignore[attr-defined]
    return _owns_community(scope, community.pk, community.street_id)  # type: ignore[attr-defined]


def can_list_problems(scope: Scope) -> bool:
    """Whether the "new problem" button is worth showing at all."""
    return scope.role in (Role.ADMIN, Role.INSPECTOR, Role.LIAISON, Role.STREET, Role.COMMUNITY)


def _manages(scope: Scope, problem: Problem) -> bool:
    if scope.role == Role.ADMIN:
        return True
    return _owns_community(scope, problem.community_id, problem.community.street_id)


def can_start_problem(scope: Scope, problem: Problem) -> bool:
    return problem.state == ProblemState.OPEN and _manages(scope, problem)


def can_rectify_problem(scope: Scope, problem: Problem) -> bool:
    return problem.state in (ProblemState.OPEN, ProblemState.RECTIFYING) and _manages(
        scope, problem
    )


def may_verify(scope: Scope) -> bool:
    """Verification is the inspection team's (or the office's), whatever the problem."""
    return scope.role in (Role.ADMIN, Role.INSPECTOR)


def can_close_problem(scope: Scope, problem: Problem) -> bool:
    return problem.state == ProblemState.RECTIFIED and may_verify(scope)


def can_send_back_problem(scope: Scope, problem: Problem) -> bool:
    return problem.state == ProblemState.RECTIFIED and may_verify(scope)


def can_extend_deadline(scope: Scope, problem: Problem) -> bool:
    if problem.state == ProblemState.CLOSED:
        return False
    if scope.role in (Role.ADMIN, Role.INSPECTOR):
        return True
    return scope.role == Role.STREET and scope.street_id == problem.community.street_id


def can_edit_standard(scope: Scope) -> bool:
    return scope.role == Role.ADMIN


def can_export_problems(scope: Scope) -> bool:
    return not scope.is_anonymous
