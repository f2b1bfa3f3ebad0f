"""A list page asks the database the same number of questions whatever the roster's size:
on a province's 50,000 communities a question per row (or per scope id) is what made the
lists slow. Measured at 10 rows and again at 100, for the office and for bound roles."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from baolian.lib import choices
from tests.factories import CommunityFactory, PairingFactory
from tests.factories_problems import MeasureFactory, ProblemFactory
from tests.factories_visits import VisitFactory, VisitFlagFactory

PAGES = [
    "/",
    "/streets/",
    "/communities/",
    "/units/",
    "/leaders/",
    "/search/?q=测试",
    "/visits/",
    "/problems/",
    "/support/",
]


def grow(city, n: int) -> None:
    """`n` more communities in street 2, each paired with the liaison's unit under the
    leader's leader, each with a visit, a flag, a problem and a support measure: rows every
    bound role below sees."""
    for _ in range(n):
        community = CommunityFactory(street=city.street2)
        PairingFactory(unit=city.unit_a, community=community, leader=city.leader2)
        visit = VisitFactory(unit=city.unit_a, community=community)
        VisitFlagFactory(visit=visit)
        ProblemFactory(community=community)
        MeasureFactory(unit=city.unit_a, community=community)


def questions(client, path: str) -> int:
    # Asked twice: figures kept between writes (the home page's month, a leader's units) are
    # recomputed once after a write, in a fixed number of queries; the second answer is the
    # page's own cost.
    client.get(path)
    with CaptureQueriesContext(connection) as asked:
        assert client.get(path).status_code == 200
    return len(asked)


@pytest.mark.parametrize("role", ["admin", "leader", "liaison", "street"])
def test_a_list_page_asks_as_many_questions_for_100_rows_as_for_10(client, users, city, role):
    client.force_login(users[role])
    grow(city, 10)
    small = {path: questions(client, path) for path in PAGES}
    grow(city, 90)
    large = {path: questions(client, path) for path in PAGES}
    assert large == small


def test_a_crowded_community_filter_asks_for_a_street_first(client, users, city, monkeypatch):
    monkeypatch.setattr(choices, "FEW", 3)
    grow(city, 5)  # street 2 now holds 7 communities, the city 9
    client.force_login(users["admin"])
    page = client.get("/visits/").content.decode()
    assert "请先选择街道（镇）" in page
    assert "桥东社区" not in page.split('name="community"')[1].split("</select>")[0]
    # Street 1 has two communities: chosen, its communities are offered.
    narrowed = client.get("/visits/", {"street": city.street1.pk}).content.decode()
    select = narrowed.split('name="community"')[1].split("</select>")[0]
    assert "桥东社区" in select and "新桥社区" in select and "下津村" not in select
    # A community chosen elsewhere (a link) still filters and shows as chosen.
    linked = client.get("/visits/", {"community": city.c21.pk})
    assert linked.status_code == 200
    select = linked.content.decode().split('name="community"')[1].split("</select>")[0]
    assert f'value="{city.c21.pk}" selected>下津村' in select


def test_the_problem_filter_offers_only_what_the_user_may_see(client, users, city, monkeypatch):
    monkeypatch.setattr(choices, "FEW", 3)
    client.force_login(users["community"])  # bound to c12 only
    page = client.get("/problems/", {"community": city.c21.pk}).content.decode()
    select = page.split('name="community"')[1].split("</select>")[0]
    assert "新桥社区" in select and "下津村" not in select


def test_names_in_list_cells_are_escaped(client, users, city):
    city.unit_b.name = "<b>市税务局</b>"
    city.unit_b.save()
    client.force_login(users["admin"])
    page = client.get("/leaders/").content.decode()
    assert "&lt;b&gt;市税务局&lt;/b&gt;" in page and "<b>市税务局" not in page
