"""Visit pages, export and actions.

The world adds three visits: unit C to 下津村 (street 2: the leader's and street officer's
world), unit B to 新桥社区 (the community officer's community), unit A to 桥东社区 (the
liaison's unit; the one the delete case removes), and an open flag on the first.
"""

from __future__ import annotations

from datetime import date

from tests.authz.matrix import FORBIDDEN, LOGIN, NOT_FOUND, OK, Case, World, everyone
from tests.factories_visits import VisitFactory, VisitFlagFactory

FOUND = 302  # an action answered with a redirect back to the page


def setup(world: World) -> None:
    city = world.city
    world.extra["visit_c"] = VisitFactory(
        unit=city.unit_c, community=city.c21, visited_on=date(2021, 5, 10)
    )
    world.extra["visit_b"] = VisitFactory(
        unit=city.unit_b, community=city.c12, visited_on=date(2021, 5, 11)
    )
    world.extra["visit_a"] = VisitFactory(
        unit=city.unit_a, community=city.c11, visited_on=date(2021, 5, 12)
    )
    world.extra["flag_c"] = VisitFlagFactory(visit=world.extra["visit_c"])


def expect(**statuses: int) -> dict[str, int]:
    return {"anon": LOGIN, **statuses}


CASES = {
    "visits:list": Case(lambda w: "/visits/", everyone(OK)),
    "visits:export": Case(lambda w: "/visits/export.xlsx", everyone(OK)),
    "visits:report": Case(
        lambda w: "/visits/new/",
        expect(
            admin=OK,
            inspector=OK,
            liaison=OK,
            leader=FORBIDDEN,
            street=FORBIDDEN,
            community=FORBIDDEN,
        ),
    ),
    "visits:detail": Case(
        lambda w: f"/visits/{w.visit_c.pk}/",
        expect(
            admin=OK, inspector=OK, leader=OK, street=OK, liaison=NOT_FOUND, community=NOT_FOUND
        ),
    ),
    "visits:confirm": Case(
        lambda w: f"/visits/{w.visit_b.pk}/confirm/",
        # only the community's own officer; the others who see it may not answer for it
        expect(
            admin=FORBIDDEN,
            inspector=FORBIDDEN,
            leader=NOT_FOUND,
            street=NOT_FOUND,
            liaison=NOT_FOUND,
            community=FOUND,
        ),
        method="post",
        data=lambda w: {"decision": "confirm"},
    ),
    "visits:delete": Case(
        lambda w: f"/visits/{w.visit_a.pk}/delete/",
        expect(
            admin=FOUND,
            inspector=FORBIDDEN,
            liaison=FOUND,
            leader=NOT_FOUND,
            street=NOT_FOUND,
            community=NOT_FOUND,
        ),
        method="post",
        data=lambda w: {},
    ),
    "visits:flag_review": Case(
        lambda w: f"/visits/flags/{w.flag_c.pk}/review/",
        expect(
            admin=FOUND,
            inspector=FOUND,
            leader=FORBIDDEN,
            street=FORBIDDEN,
            liaison=NOT_FOUND,
            community=NOT_FOUND,
        ),
        method="post",
        data=lambda w: {"review": "accepted", "comment": "已核实"},
    ),
    "visits:unit_months": Case(
        lambda w: f"/visits/unit/{w.city.unit_c.pk}/months/",
        expect(
            admin=OK, inspector=OK, leader=OK, street=OK, liaison=NOT_FOUND, community=NOT_FOUND
        ),
    ),
}
