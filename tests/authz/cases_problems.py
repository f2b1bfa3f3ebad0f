"""Problem pages. The rows live in c21 (street 2, unit C, leader 2): the leader's and the
street officer's world, outside the liaison's (unit A → c11) and the community's (c12)."""

from __future__ import annotations

from datetime import date

from baolian.problems.models import ProblemState, StandardItem
from tests.authz.matrix import FORBIDDEN, LOGIN, NOT_FOUND, OK, Case, everyone, only
from tests.factories_problems import ProblemFactory, after_photo

SEE = {"admin", "inspector", "leader", "street"}


def setup(world) -> None:
    c21 = world.city.c21
    for name in ("problem", "to_start", "to_rectify", "to_extend"):
        world.extra[name] = ProblemFactory(community=c21)
    for name in ("to_close", "to_send_back"):
        problem = ProblemFactory(
            community=c21, state=ProblemState.RECTIFIED, rectified_on=date(2021, 6, 10)
        )
        after_photo(problem)
        world.extra[name] = problem


def post(allowed: set[str]) -> dict[str, int]:
    """Allowed roles are redirected to the problem; those who see it but may not act get 403;
    those who do not see it get 404."""
    return {
        role: LOGIN
        if role == "anon"
        else 302
        if role in allowed
        else FORBIDDEN
        if role in SEE
        else NOT_FOUND
        for role in ("anon", "admin", "inspector", "leader", "liaison", "street", "community")
    }


CASES = {
    "problems:list": Case(lambda w: "/problems/?state=open&overdue=on&q=垃圾", everyone(OK)),
    "problems:export": Case(lambda w: "/problems/export.xlsx", everyone(OK)),
    "problems:stats": Case(
        lambda w: "/problems/stats/?from=2021-04-01&to=2021-06-30", everyone(OK)
    ),
    "problems:new": Case(
        lambda w: "/problems/new/", only({"admin", "inspector", "liaison", "street", "community"})
    ),
    "problems:detail": Case(lambda w: f"/problems/{w.problem.pk}/", only(SEE, other=NOT_FOUND)),
    "problems:start": Case(
        lambda w: f"/problems/{w.to_start.pk}/start/",
        post({"admin", "street"}),
        method="post",
        data=lambda w: {"note": "开始"},
    ),
    "problems:rectify": Case(
        lambda w: f"/problems/{w.to_rectify.pk}/rectify/",
        post({"admin", "street"}),
        method="post",
        data=lambda w: {"note": "已清理"},  # no photo: refused with a message, still a redirect
    ),
    "problems:close": Case(
        lambda w: f"/problems/{w.to_close.pk}/close/",
        post({"admin", "inspector"}),
        method="post",
        data=lambda w: {"note": "复核通过"},
    ),
    "problems:send_back": Case(
        lambda w: f"/problems/{w.to_send_back.pk}/send-back/",
        post({"admin", "inspector"}),
        method="post",
        data=lambda w: {"note": "仍有垃圾"},
    ),
    "problems:extend": Case(
        lambda w: f"/problems/{w.to_extend.pk}/extend/",
        post({"admin", "inspector", "street"}),
        method="post",
        data=lambda w: {"deadline": "2021-12-31", "reason": "雨季"},
    ),
    "problems:standard": Case(lambda w: "/problems/standard/", everyone(OK)),
    "problems:standard_edit": Case(
        lambda w: f"/problems/standard/{StandardItem.objects.get(code='K01').pk}/edit/",
        only({"admin"}),
    ),
}
