"""Every list paginates, keeps its filter across pages, and says when it shows a part."""

from __future__ import annotations

import re

import pytest

from tests.factories import CommunityFactory, UnitFactory

LISTS = ["/streets/", "/communities/", "/units/", "/leaders/"]


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def many_units(city):
    # city has 3 units; 7 more make 10, i.e. 4 pages of 3
    return [UnitFactory(name=f"市第{i}号测试局") for i in range(7)]


def test_a_long_list_shows_one_page_and_links_to_the_next(settings, client, users, many_units):
    settings.BAOLIAN_PAGE_SIZE = 3
    client.force_login(users["admin"])
    first = client.get("/units/")
    assert len(first.context["rows"]) == 3
    assert "第 1 / 4 页" in html(first)
    assert 'href="?page=2" rel="next"' in html(first)
    last = client.get("/units/", {"page": 4})
    assert len(last.context["rows"]) == 1
    assert 'rel="prev"' in html(last) and 'rel="next"' not in html(last)


def test_the_pages_together_hold_every_row_once_in_roster_order(
    settings, client, users, many_units
):
    settings.BAOLIAN_PAGE_SIZE = 3
    client.force_login(users["admin"])
    seen = []
    for number in range(1, 5):
        seen += [u.pk for u in client.get("/units/", {"page": number}).context["rows"]]
    from baolian.roster.models import Unit

    assert seen == list(Unit.objects.order_by("sort_order", "id").values_list("pk", flat=True))


def test_page_links_keep_the_filter(settings, client, users, many_units):
    settings.BAOLIAN_PAGE_SIZE = 3
    client.force_login(users["admin"])
    page = html(client.get("/units/", {"q": "测试局"}))
    assert "第 1 / 3 页" in page  # 7 units match
    link = re.search(r'href="(\?[^"]*)" rel="next"', page).group(1)
    assert "q=%E6%B5%8B%E8%AF%95%E5%B1%80" in link and "page=2" in link
    second = client.get("/units/" + link.replace("&amp;", "&"))
    assert {u.name for u in second.context["rows"]} <= {u.name for u in many_units}


@pytest.mark.parametrize("page", ["0", "-1", "abc", "999", ""])
def test_a_page_number_out_of_range_gives_a_real_page(page, settings, client, users, many_units):
    settings.BAOLIAN_PAGE_SIZE = 3
    client.force_login(users["admin"])
    response = client.get("/units/", {"page": page})
    assert response.status_code == 200
    assert len(response.context["rows"]) >= 1


def test_the_htmx_table_carries_its_page_links(settings, client, users, many_units):
    settings.BAOLIAN_PAGE_SIZE = 3
    client.force_login(users["admin"])
    page = html(client.get("/units/", {"q": "测试局"}, headers={"HX-Request": "true"}))
    assert 'rel="next"' in page and "q=" in page


@pytest.mark.parametrize("url", LISTS)
def test_a_short_list_has_no_page_links(url, client, users):
    client.force_login(users["admin"])
    assert 'class="pagination"' not in html(client.get(url))


def test_the_community_filter_matches_the_street_name(client, users, city):
    client.force_login(users["admin"])
    page = client.get("/communities/", {"q": "西湖"})
    names = {c.name for c in page.context["rows"]}
    assert names == {"下津村", "桥东社区"}
    assert {c.street for c in page.context["rows"]} == {city.street2}


def test_the_street_filter_keeps_to_the_users_part(client, users, city):
    CommunityFactory(street=city.street1, name="东风社区")
    client.force_login(users["street"])  # street 2
    assert list(client.get("/communities/", {"q": "东城"}).context["rows"]) == []


@pytest.mark.parametrize("role", ["leader", "liaison", "street", "community"])
@pytest.mark.parametrize("url", LISTS)
def test_a_scoped_list_says_it_shows_the_users_part(role, url, client, users):
    client.force_login(users[role])
    assert "您可见的" in html(client.get(url))


@pytest.mark.parametrize("role", ["admin", "inspector"])
def test_the_whole_list_says_how_many_in_all(role, client, users):
    client.force_login(users[role])
    page = html(client.get("/communities/"))
    assert "您可见的" not in page
    assert "社区（村）：共 4 个" in page


def test_the_street_officer_is_told_how_many_communities_they_see(client, users):
    client.force_login(users["street"])
    assert "您可见的社区（村）：共 2 个" in html(client.get("/communities/"))


def test_search_is_in_the_desktop_navigation(client, users):
    client.force_login(users["liaison"])
    page = html(client.get("/"))
    wide = page[page.index('<ul class="nav-wide">') :]
    wide = wide[: wide.index("</ul>")]
    assert 'href="/search/"' in wide


def test_a_streets_communities_paginate_on_its_page(settings, client, users, city):
    settings.BAOLIAN_PAGE_SIZE = 1
    client.force_login(users["admin"])
    first = client.get(f"/streets/{city.street1.pk}/")
    assert [c.name for c in first.context["communities"]] == ["桥东社区"]
    assert "第 1 / 2 页" in html(first)
    second = client.get(f"/streets/{city.street1.pk}/", {"page": 2})
    assert [c.name for c in second.context["communities"]] == ["新桥社区"]


def test_each_search_section_links_to_every_match_in_its_list(client, users, city):
    client.force_login(users["admin"])
    page = html(client.get("/search/", {"q": "桥"}))
    assert 'href="/communities/?q=%E6%A1%A5"' in page
    assert 'href="/units/?q=%E6%A1%A5"' in page


@pytest.mark.parametrize("role", ["leader", "liaison", "street", "community"])
def test_a_scoped_home_page_says_its_numbers_are_the_users_part(role, client, users):
    client.force_login(users[role])
    assert "您可见的" in html(client.get("/"))


def test_the_offices_home_page_counts_the_whole_roster(client, users):
    client.force_login(users["admin"])
    assert 'id="partial-note"' not in html(client.get("/"))


def test_a_leaders_row_names_ten_units_and_links_to_the_rest(client, users, city):
    from tests.factories import PairingFactory

    for i in range(11):  # leader1 already leads unit_a and unit_b: 13 units in all
        PairingFactory(unit=UnitFactory(name=f"市第{i}号领导测试局"), leader=city.leader1)
    client.force_login(users["admin"])
    page = client.get("/leaders/")
    row = next(leader for leader in page.context["rows"] if leader == city.leader1)
    assert [u.name for u in row.led_units][:2] == ["市卫生健康局", "市税务局"]
    assert len(row.led_units) == 10 and row.led_units_more == 3
    assert f'<a href="/leaders/{city.leader1.pk}/">另有 3 个</a>' in html(page)


def test_a_units_row_names_ten_communities_and_links_to_the_rest(client, users, city):
    from tests.factories import PairingFactory

    for i in range(11):  # unit_a already has c11: 12 communities
        PairingFactory(unit=city.unit_a, community=CommunityFactory(name=f"第{i}号测试社区"))
    client.force_login(users["admin"])
    page = html(client.get("/units/"))
    assert f'<a href="/units/{city.unit_a.pk}/">另有 2 个</a>' in page
    assert "桥东社区" in page and "第9号测试社区" not in page


@pytest.mark.parametrize(("role", "counts"), [("admin", [2, 2]), ("leader", [1]), ("street", [2])])
def test_a_streets_count_is_of_the_communities_the_user_may_see(role, counts, client, users):
    client.force_login(users[role])
    rows = client.get("/streets/").context["rows"]
    assert [s.community_count for s in rows] == counts


def test_the_home_page_says_when_it_shows_only_the_first_pairings(client, users, city, monkeypatch):
    from baolian.roster import selectors

    monkeypatch.setattr(selectors, "OWN_PAIRINGS_SHOWN", 1)
    from tests.factories import PairingFactory

    PairingFactory(unit=city.unit_c, community=city.c22, leader=city.leader2)
    client.force_login(users["leader"])  # leader2: two pairings now
    page = html(client.get("/"))
    assert "前 1 个（共 2 个）" in page
    assert 'href="/communities/"' in page[page.index('id="more-pairings"') :]
