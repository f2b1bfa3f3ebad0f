"""Support pages. The measure is unit C's in c21: the leader's and the street officer's
world; not the liaison's (unit A) nor the community officer's (c12)."""

from __future__ import annotations

from tests.authz.matrix import NOT_FOUND, OK, Case, everyone, only
from tests.factories_problems import MeasureFactory


def setup(world) -> None:
    world.extra["measure"] = MeasureFactory(unit=world.city.unit_c, community=world.city.c21)


CASES = {
    "support:list": Case(lambda w: "/support/?from=2021-04-01&to=2021-06-30", everyone(OK)),
    "support:export": Case(lambda w: "/support/export.xlsx", everyone(OK)),
    "support:new": Case(lambda w: "/support/new/", only({"admin", "liaison"})),
    "support:detail": Case(
        lambda w: f"/support/{w.measure.pk}/",
        only({"admin", "inspector", "leader", "street"}, other=NOT_FOUND),
    ),
    "support:edit": Case(
        lambda w: f"/support/{w.measure.pk}/edit/",
        {**only({"admin"}), "liaison": NOT_FOUND, "community": NOT_FOUND},
    ),
}
