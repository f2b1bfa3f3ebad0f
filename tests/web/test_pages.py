"""The roster pages over HTTP, for every role: each sees its part and nothing else."""

from __future__ import annotations

import io
from datetime import datetime

import openpyxl
import pytest
from django.views.defaults import server_error

from baolian.accounts.models import User
from tests.factories import PairingFactory, UnitFactory

ROLES = ["admin", "inspector", "leader", "liaison", "street", "community"]
BOUND = ["leader", "liaison", "street", "community"]

# What each role may see of the `city` fixture, by attribute name (DESIGN §3).
SEES = {
    "leader": {"unit_c", "street2", "c21", "leader2"},
    "liaison": {"unit_a", "street1", "c11", "leader1"},
    "street": {"unit_c", "street2", "c21", "c22", "leader2"},
    "community": {"unit_b", "street1", "c12", "leader1"},
}
EVERYTHING = {
    "unit_a",
    "unit_b",
    "unit_c",
    "street1",
    "street2",
    "c11",
    "c12",
    "c21",
    "c22",
    "leader1",
    "leader2",
}
SEES["admin"] = SEES["inspector"] = EVERYTHING

# Names found once in the fixture (桥东社区 is both c11 and c22, so it is checked apart).
UNIQUE_NAMES = {
    "unit_a": "市卫生健康局",
    "unit_b": "市税务局",
    "unit_c": "市档案馆",
    "street1": "东城街道",
    "street2": "西湖镇",
    "c12": "新桥社区",
    "c21": "下津村",
    "leader1": "李明",
    "leader2": "王芳",
}
DETAIL = {
    "unit": "/units/{}/",
    "street": "/streets/{}/",
    "c": "/communities/{}/",
    "leader": "/leaders/{}/",
}
LIST_PAGES = ["/", "/streets/", "/communities/", "/units/", "/leaders/"]


def detail_url(city, attr: str) -> str:
    prefix = next(p for p in DETAIL if attr.startswith(p))
    return DETAIL[prefix].format(getattr(city, attr).pk)


def forbidden_names(role: str) -> list[str]:
    names = [name for attr, name in UNIQUE_NAMES.items() if attr not in SEES[role]]
    if not {"c11", "c22"} & SEES[role]:
        names.append("桥东社区")
    return names


def pages_of(role: str, city) -> list[str]:
    details = [detail_url(city, attr) for attr in sorted(SEES[role])]
    searches = [
        "/search/?q=市",
        "/search/?q=社区",
        "/search/?q=村",
        "/search/?q=街道",
        "/search/?q=镇",
    ]
    return LIST_PAGES + searches + details


def html(response) -> str:
    return response.content.decode()


# --- each role sees its part --------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_no_page_shows_a_name_outside_the_roles_scope(role, client, users, city):
    client.force_login(users[role])
    for url in pages_of(role, city):
        response = client.get(url)
        assert response.status_code == 200, url
        page = html(response)
        for name in forbidden_names(role):
            assert name not in page, f"{name} leaks on {url}"


@pytest.mark.parametrize("role", ROLES)
def test_the_unit_list_shows_every_unit_the_role_may_see(role, client, users, city):
    client.force_login(users[role])
    page = html(client.get("/units/"))
    for attr in ("unit_a", "unit_b", "unit_c"):
        assert (UNIQUE_NAMES[attr] in page) is (attr in SEES[role]), attr


def test_the_street_officer_sees_its_unpaired_community_too(client, users, city):
    client.force_login(users["street"])
    page = html(client.get("/communities/"))
    assert "下津村" in page
    assert f"/communities/{city.c22.pk}/" in page
    assert f"/communities/{city.c11.pk}/" not in page


@pytest.mark.parametrize(
    ("role", "counts"),
    [
        ("admin", (2, 4, 3, 2, 3)),
        ("inspector", (2, 4, 3, 2, 3)),
        ("leader", (1, 1, 1, 1, 1)),
        ("liaison", (1, 1, 1, 1, 1)),
        ("street", (1, 2, 1, 1, 1)),
        ("community", (1, 1, 1, 1, 1)),
    ],
)
def test_the_home_page_counts_only_what_the_role_may_see(role, counts, client, users):
    client.force_login(users[role])
    response = client.get("/")
    c = response.context["counts"]
    assert (c.streets, c.communities, c.units, c.leaders, c.pairings) == counts
    assert f"<strong>{counts[2]}</strong>" in html(response)


@pytest.mark.parametrize("role", BOUND)
def test_a_detail_page_outside_the_scope_is_404(role, client, users, city):
    client.force_login(users[role])
    for attr in sorted(EVERYTHING - SEES[role]):
        url = detail_url(city, attr)
        response = client.get(url)
        assert response.status_code == 404, url
        for name in forbidden_names(role):
            assert name not in html(response)


def test_a_detail_page_of_a_missing_object_is_404(client, users):
    client.force_login(users["admin"])
    assert client.get("/units/999999/").status_code == 404


def test_the_street_page_lists_only_the_communities_the_role_may_see(client, users, city):
    # The community officer of 新桥社区 may open its street, not its neighbour 桥东社区.
    client.force_login(users["community"])
    page = html(client.get(f"/streets/{city.street1.pk}/"))
    assert "新桥社区" in page
    assert "桥东社区" not in page
    assert "市卫生健康局" not in page


def test_the_leader_page_shows_only_the_pairings_the_role_may_see(client, users, city):
    # 李明 leads unit_a and unit_b; unit_a's liaison sees only its own pairing under him.
    client.force_login(users["liaison"])
    page = html(client.get(f"/leaders/{city.leader1.pk}/"))
    assert "市卫生健康局" in page
    assert "市税务局" not in page


# --- search ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    ["市卫生健康局", "  市卫生 健康局 ", "\u3000市卫生\u3000健康局", "卫生健康"],
)
def test_search_finds_a_unit_however_spaces_are_typed(typed, client, users, city):
    client.force_login(users["liaison"])
    response = client.get("/search/", {"q": typed})
    assert list(response.context["results"]["units"]) == [city.unit_a]
    assert f'href="/units/{city.unit_a.pk}/"' in html(response)


def test_search_folds_full_width_characters(client, users, city):
    hotline = UnitFactory(name="市12345热线中心（东区）")
    PairingFactory(unit=hotline, community=city.c22)
    client.force_login(users["admin"])
    for typed in ["市１２３４５热线中心(东区)", "１２３４５　热线", "(东区)"]:
        response = client.get("/search/", {"q": typed})
        assert list(response.context["results"]["units"]) == [hotline], typed
    # the unit list's own search box folds them too
    page = html(client.get("/units/", {"q": "１２３４５"}))
    assert "市12345热线中心" in page
    assert "市卫生健康局" not in page


def test_search_does_not_find_what_the_role_may_not_see(client, users, city):
    client.force_login(users["liaison"])
    response = client.get("/search/", {"q": "王芳"})
    assert list(response.context["results"]["leaders"]) == []
    assert f"/leaders/{city.leader2.pk}/" not in html(response)
    response = client.get("/search/", {"q": "市"})
    assert list(response.context["results"]["units"]) == [city.unit_a]


def test_an_empty_search_shows_no_results(client, users):
    client.force_login(users["admin"])
    response = client.get("/search/", {"q": "   "})
    assert response.status_code == 200
    assert response.context["results"] == {}


# --- htmx ----------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/streets/", "/communities/", "/units/", "/leaders/"])
def test_an_htmx_request_gets_only_the_table(url, client, users):
    client.force_login(users["liaison"])
    response = client.get(url, {"q": ""}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    page = html(response).strip()
    # the count of what the user sees, the table and its page links; no page around them
    assert page.startswith('<p class="list-summary')
    assert '<div class="table-wrap"><table class="stack">' in page
    assert "<html" not in page and "<header" not in page and 'id="rows"' not in page
    for name in forbidden_names("liaison"):
        assert name not in page
    assert "HX-Request" in response["Vary"]


def test_the_htmx_table_is_filtered_by_the_search(client, users, city):
    client.force_login(users["admin"])
    page = html(client.get("/units/", {"q": "税务"}, headers={"HX-Request": "true"}))
    assert "市税务局" in page
    assert "市卫生健康局" not in page and "市档案馆" not in page


def test_a_plain_request_gets_the_whole_page_and_varies_on_htmx(client, users):
    client.force_login(users["liaison"])
    response = client.get("/units/")
    assert "<html" in html(response) and 'id="rows"' in html(response)
    # the same URL answers a table or a page: caches must keep them apart
    assert "HX-Request" in response["Vary"]


def test_htmx_restoring_history_gets_the_whole_page(client, users):
    # htmx re-requests a pushed URL (?q=…) with both headers when its history cache misses,
    # and swaps the answer in as the whole body.
    client.force_login(users["liaison"])
    response = client.get(
        "/units/",
        {"q": "卫生"},
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<html" in html(response) and 'id="rows"' in html(response)


# --- export ------------------------------------------------------------------------------


def _sheet_rows(content: bytes) -> dict[str, list[tuple]]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return {ws.title: list(ws.iter_rows(min_row=2, values_only=True)) for ws in book.worksheets}


def test_the_liaisons_export_holds_only_their_pairing(client, users):
    client.force_login(users["liaison"])
    response = client.get("/roster/export.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "attachment" in response["Content-Disposition"]
    sheets = _sheet_rows(b"".join(response.streaming_content))
    assert sheets["包联关系"] == [
        ("市卫生健康局", "桥东社区", "东城街道", "李明", datetime(2021, 4, 1), None)
    ]
    assert [row[0] for row in sheets["包联单位"]] == ["市卫生健康局"]
    assert [row[:3] for row in sheets["社区村"]] == [("桥东社区", "社区", "东城街道")]
    assert [row[0] for row in sheets["街道镇"]] == ["东城街道"]
    assert [row[0] for row in sheets["包联领导"]] == ["李明"]


@pytest.mark.parametrize("role", ROLES)
def test_no_export_holds_a_name_outside_the_roles_scope(role, client, users):
    client.force_login(users[role])
    sheets = _sheet_rows(b"".join(client.get("/roster/export.xlsx").streaming_content))
    cells = {str(value) for rows in sheets.values() for row in rows for value in row}
    for name in forbidden_names(role):
        assert name not in cells
    units = {row[0] for row in sheets["包联单位"]}
    assert units == {UNIQUE_NAMES[a] for a in ("unit_a", "unit_b", "unit_c") if a in SEES[role]}


# --- who is let in -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        *LIST_PAGES,
        "/search/?q=市",
        "/streets/1/",
        "/communities/1/",
        "/units/1/",
        "/leaders/1/",
        "/roster/export.xlsx",
        "/roster/import/",
        "/roster/template.xlsx",
    ],
)
def test_an_anonymous_visitor_is_sent_to_the_login_page(url, client, city):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


def test_an_anonymous_confirm_is_sent_to_the_login_page(client, city):
    response = client.post("/roster/import/confirm/", {"token": "x"})
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


@pytest.mark.parametrize("role", ["inspector", "leader", "liaison", "street", "community"])
def test_only_the_office_may_import(role, client, users):
    client.force_login(users[role])
    assert client.get("/roster/import/").status_code == 403
    assert client.post("/roster/import/").status_code == 403
    assert client.post("/roster/import/confirm/", {"token": "x"}).status_code == 403
    assert "/roster/import/" not in html(client.get("/"))


def test_the_office_sees_the_import_page_and_its_menu_entry(client, users):
    client.force_login(users["admin"])
    assert client.get("/roster/import/").status_code == 200
    assert "/roster/import/" in html(client.get("/"))


@pytest.mark.parametrize("role", ["inspector", "leader", "liaison", "street", "community"])
def test_only_the_office_is_let_into_the_admin_site(role, client, users):
    client.force_login(users[role])
    for url in ["/admin/", "/admin/roster/unit/", "/admin/login/"]:
        response = client.get(url)
        # the product's own page, not Django's admin login inviting another password
        assert response.status_code == 403, url
        assert "403.html" in [t.name for t in response.templates]
        assert 'name="password"' not in html(response)


def test_a_visitor_opening_the_admin_is_sent_to_the_products_login(client, db):
    for url in ["/admin/", "/admin/login/?next=/admin/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/login/?next=/admin/")


def test_the_office_is_let_into_the_admin_site(client, users):
    client.force_login(users["admin"])
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_every_role_may_download_the_import_template(role, client, users):
    client.force_login(users[role])
    response = client.get("/roster/template.xlsx")
    assert response.status_code == 200
    assert "包联单位" in openpyxl.load_workbook(io.BytesIO(response.content)).sheetnames


# --- error pages ---------------------------------------------------------------------------


def test_a_404_is_the_products_own_page(client, users, city):
    client.force_login(users["liaison"])
    response = client.get(f"/units/{city.unit_c.pk}/")
    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]
    assert 'href="/"' in html(response)  # a way back home
    assert "市档案馆" not in html(response)


def test_a_403_is_the_products_own_page(client, users):
    client.force_login(users["liaison"])
    response = client.get("/roster/import/")
    assert response.status_code == 403
    assert "403.html" in [t.name for t in response.templates]


def test_the_500_page_renders_without_a_request_context(rf):
    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert 'lang="zh-hans"' in html(response)
    assert 'href="/"' in html(response)


def test_a_user_with_an_unknown_role_gets_pages_without_data_not_an_error(client, users, city):
    User.objects.filter(pk=users["inspector"].pk).update(role="auditor")
    client.force_login(users["inspector"])
    for url in LIST_PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "市卫生健康局" not in html(response)
    assert client.get(f"/units/{city.unit_a.pk}/").status_code == 404


def test_a_search_typed_with_the_statistical_suffix_finds_the_community(client, users, city):
    client.force_login(users["admin"])
    response = client.get("/communities/", {"q": "下津村民委员会"})
    assert "下津村" in response.content.decode()
    assert "新桥社区" not in response.content.decode()


def test_pages_are_chinese_even_for_an_english_browser_until_english_is_chosen(client, users):
    client.force_login(users["admin"])
    page = client.get("/units/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert page["Content-Language"] == "zh-hans"
    client.post("/i18n/setlang/", {"language": "en", "next": "/units/"})
    assert client.get("/units/", HTTP_ACCEPT_LANGUAGE="zh-CN")["Content-Language"] == "en"


@pytest.mark.parametrize("url", ["/search/", "/units/", "/communities/", "/streets/", "/leaders/"])
def test_a_nul_character_in_a_search_is_not_an_error(client, users, city, url):
    client.force_login(users["admin"])
    response = client.get(url, {"q": "市\x00税务"})
    assert response.status_code == 200


def test_the_liaisons_home_names_their_community_and_its_leader(client, users, city):
    client.force_login(users["liaison"])
    page = client.get("/").content.decode()
    assert "桥东社区" in page and city.leader1.name in page
    client.force_login(users["inspector"])
    assert "我的包联" not in client.get("/").content.decode()


def test_a_pairing_that_has_not_started_says_so_on_the_street_page(client, users, city):
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories import PairingFactory

    PairingFactory(
        unit=city.unit_c, community=city.c12, started_on=timezone.localdate() + timedelta(days=30)
    )
    client.force_login(users["admin"])
    page = client.get(f"/streets/{city.street1.pk}/").content.decode()
    assert page.count('class="badge upcoming"') == 1
    assert "未开始" in page


def test_a_pairing_row_links_its_unit_community_and_leader_and_escapes_their_names(
    client, users, city
):
    """The pairing table's rows (written in Python for speed) keep what the template gave:
    links, the street, Chinese dates, the ended badge, and names escaped."""
    from datetime import date

    city.unit_a.name = "<b>市卫生健康局</b>"
    city.unit_a.save()
    pairing = city.pairings[0]
    pairing.started_on, pairing.ended_on = date(2021, 4, 1), date(2021, 6, 30)
    pairing.save()
    client.force_login(users["liaison"])
    page = client.get("/").content.decode()
    assert f'<a href="/units/{city.unit_a.pk}/">&lt;b&gt;市卫生健康局&lt;/b&gt;</a>' in page
    assert f'<a href="/communities/{city.c11.pk}/">桥东社区</a>' in page
    assert f'<td data-label="街道（镇）">{city.street1.name}</td>' in page
    assert f'<a href="/leaders/{city.leader1.pk}/">{city.leader1.name}</a>' in page
    assert "2021年4月1日" in page and "2021年6月30日" in page
    assert 'class="badge ended"' in page
    # A leader's own page leaves out the leader column.
    client.force_login(users["admin"])
    leader_page = client.get(f"/leaders/{city.leader1.pk}/").content.decode()
    assert f'<a href="/leaders/{city.leader1.pk}/">' not in leader_page.split("<table")[1]


def test_a_community_without_a_pairing_says_so_in_chinese(client, users, city):
    """The rows are written in Python: their texts must still reach the catalogue (a gettext
    inside an f-string is invisible to makemessages, and 'not paired' showed in English)."""
    client.force_login(users["admin"])
    page = client.get("/communities/").content.decode()
    row = page.split(f'<a href="/communities/{city.c22.pk}/">')[1].split("</tr>")[0]
    assert "未包联" in row and "not paired" not in row
