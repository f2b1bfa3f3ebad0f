"""The office edits the roster in the admin site: a clash of names is a message, not a 500."""

from __future__ import annotations

import pytest

from baolian.roster.models import Community, Street, Unit


@pytest.mark.django_db
def test_adding_a_street_whose_name_exists_says_so(client, users, city):
    client.force_login(users["admin"])
    response = client.post(
        "/admin/roster/street/add/",
        {"name": " 东城街道", "kind": "subdistrict", "sort_order": 9},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["name"]
    assert Street.objects.count() == 2


@pytest.mark.django_db
def test_renaming_a_unit_to_another_units_name_says_so(client, users, city):
    client.force_login(users["admin"])
    response = client.post(
        f"/admin/roster/unit/{city.unit_b.pk}/change/",
        {"name": "市卫生健康局", "sort_order": 2},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["name"]
    assert Unit.objects.get(pk=city.unit_b.pk).name == "市税务局"


@pytest.mark.django_db
def test_a_community_may_share_a_name_with_one_in_another_street(client, users, city):
    client.force_login(users["admin"])
    response = client.post(
        "/admin/roster/community/add/",
        {"name": "新桥社区", "street": city.street2.pk, "kind": "community", "sort_order": 9},
    )
    assert response.status_code == 302
    assert Community.objects.filter(name="新桥社区").count() == 2


@pytest.mark.django_db
def test_a_renamed_unit_is_found_by_its_new_name(client, users, city):
    client.force_login(users["admin"])
    client.post(
        f"/admin/roster/unit/{city.unit_b.pk}/change/", {"name": "市税务局（新）", "sort_order": 2}
    )
    assert Unit.objects.get(pk=city.unit_b.pk).key == "市税务局(新)"


@pytest.mark.django_db
def test_the_history_of_a_row_that_no_longer_exists_is_a_message_not_a_500(client, users):
    client.force_login(users["admin"])
    response = client.get("/admin/roster/unit/999999/history/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/admin/"


@pytest.mark.django_db
def test_a_change_list_row_checkbox_is_djangos_and_its_action_applies_to_the_checked_rows(
    client, users, city
):
    """The rows' checkboxes are written without Django's widget template (for speed): the
    same markup Django's own admin writes, names escaped, and an action on checked rows runs."""
    from django.contrib import admin as django_admin
    from django.contrib.admin import ModelAdmin
    from django.utils import translation

    unit = Unit.objects.create(name="<b>市第九局</b>", key="市第九局", sort_order=9)
    ours = django_admin.site._registry[Unit]
    with translation.override("zh-hans"):
        assert ours.action_checkbox(unit) == ModelAdmin.action_checkbox(ours, unit)
        assert "&lt;b&gt;" in ours.action_checkbox(unit)
    client.force_login(users["admin"])
    page = client.get("/admin/roster/unit/").content.decode()
    assert f'name="_selected_action" value="{unit.pk}" class="action-select"' in page
    response = client.post(
        "/admin/roster/unit/",
        {"action": "delete_selected", "_selected_action": [unit.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Unit.objects.filter(pk=unit.pk).exists()
    assert Unit.objects.filter(pk=city.unit_a.pk).exists()


@pytest.mark.django_db
def test_the_community_list_offers_streets_in_the_sidebar_while_few_and_finds_them_by_name(
    client, users, city, settings
):
    client.force_login(users["admin"])
    page = client.get("/admin/roster/community/").content.decode()
    assert f"?street__id__exact={city.street2.pk}" in page
    # The search box matches a street's name: its communities, not the other street's.
    found = client.get("/admin/roster/community/", {"q": city.street2.name}).context["cl"]
    assert set(found.result_list) == set(Community.objects.filter(street=city.street2))
    assert found.result_list
    # A province's streets are too many for the sidebar: it shows the chosen one alone.
    from baolian.roster import admin as roster_admin

    roster_admin.FEW, few = 1, roster_admin.FEW
    try:
        page = client.get("/admin/roster/community/").content.decode()
        response = client.get("/admin/roster/community/", {"street__id__exact": city.street2.pk})
        narrowed = response.context["cl"]
    finally:
        roster_admin.FEW = few
    assert "?street__id__exact=" not in page
    assert narrowed.has_filters
    sidebar = response.content.decode().split('id="changelist-filter"')[1]
    assert city.street2.name in sidebar and city.street1.name not in sidebar
    assert set(narrowed.result_list) == set(Community.objects.filter(street=city.street2))
