"""The roster over the API: each role reads its part; the office writes through the services."""

from __future__ import annotations

import pytest

from baolian.roster.models import Pairing, Unit
from tests.api.conftest import error_of

pytestmark = pytest.mark.django_db


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["name"] for row in response.json()["items"]]


def test_a_street_officer_reads_only_its_streets_units_and_communities(api_as, city):
    api = api_as("street")  # street2: 下津村 and 桥东社区 (street 2), unit C
    assert names(api.get("/units")) == ["市档案馆"]
    assert sorted(names(api.get("/communities"))) == sorted(["下津村", "桥东社区"])
    assert api.get(f"/units/{city.unit_a.pk}").status_code == 404


def test_the_office_reads_units_in_roster_order_page_by_page(api_as, city):
    api = api_as("admin")
    first = api.get("/units?page_size=2").json()
    assert first["count"] == 3 and first["page_size"] == 2
    assert [u["name"] for u in first["items"]] == ["市卫生健康局", "市税务局"]
    assert names(api.get("/units?page_size=2&page=2")) == ["市档案馆"]
    assert names(api.get("/units?page=9")) == []


def test_list_filters_by_name_and_street(api_as, city):
    api = api_as("admin")
    assert names(api.get("/units?q=税务")) == ["市税务局"]
    assert names(api.get(f"/communities?street_id={city.street2.pk}")) == ["下津村", "桥东社区"]


def test_phone_numbers_are_masked_outside_a_pairing_in_force(api_as, city, users):
    Unit.objects.filter(pk=city.unit_b.pk).update(liaison_phone="13912345678")
    Unit.objects.filter(pk=city.unit_a.pk).update(liaison_phone="13800001111")
    shown = {u["name"]: u["liaison_phone"] for u in api_as("admin").get("/units").json()["items"]}
    assert shown["市税务局"] == "13912345678"
    # The community officer of c12 shares a pairing in force with unit B only.
    community = api_as("community").get("/units").json()["items"]
    assert {u["name"]: u["liaison_phone"] for u in community} == {"市税务局": "13912345678"}
    # The liaison of unit A sees its own number; ending its pairing masks it.
    assert api_as("liaison").get(f"/units/{city.unit_a.pk}").json()["liaison_phone"] == (
        "13800001111"
    )
    Pairing.objects.filter(unit=city.unit_a).update(ended_on="2021-05-01")
    liaison = api_as("liaison").get(f"/units/{city.unit_a.pk}").json()
    assert liaison["liaison_phone"] == "138****1111"


def test_the_office_creates_a_unit_appended_to_the_roster(api_as, city):
    response = api_as("admin").post("/units", {"name": "市新闻中心", "category": "事业单位"})
    assert response.status_code == 201, response.content
    unit = Unit.objects.get(pk=response.json()["id"])
    assert unit.key and unit.sort_order > city.unit_c.sort_order  # the service's upsert


def test_a_unit_of_an_existing_name_is_a_conflict_and_nothing_changes(api_as, city):
    response = api_as("admin").post("/units", {"name": " 市税务局 ", "category": "改了"})
    assert response.status_code == 409
    assert error_of(response)["field"] == "name"
    assert Unit.objects.get(pk=city.unit_b.pk).category == ""


def test_nobody_but_the_office_writes_the_roster(api_as, city):
    for role in ("inspector", "leader", "liaison", "street", "community"):
        response = api_as(role).post("/units", {"name": "市新局"})
        assert response.status_code == 403, role
        assert error_of(response)["code"] == "forbidden"
    assert not Unit.objects.filter(name="市新局").exists()


def test_the_office_changes_a_units_contact_but_not_its_name(api_as, city):
    api = api_as("admin")
    response = api.patch(f"/units/{city.unit_c.pk}", {"liaison_name": "周敏"})
    assert response.status_code == 200
    assert Unit.objects.get(pk=city.unit_c.pk).liaison_name == "周敏"
    refused = api.patch(f"/units/{city.unit_c.pk}", {"name": "改名"})
    assert refused.status_code == 422 and error_of(refused)["field"] == "name"


def test_pairings_are_created_once_and_end_after_they_start(api_as, city):
    api = api_as("admin")
    body = {"unit_id": city.unit_c.pk, "community_id": city.c22.pk, "started_on": "2021-05-01"}
    created = api.post("/pairings", body)
    assert created.status_code == 201 and created.json()["state"] == "active"
    assert api.post("/pairings", body).status_code == 409
    backwards = api.patch(f"/pairings/{created.json()['id']}", {"ended_on": "2021-04-01"})
    assert backwards.status_code == 422
    assert Pairing.objects.get(pk=created.json()["id"]).ended_on is None
