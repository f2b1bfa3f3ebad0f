"""Support pages through HTTP."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import openpyxl

from baolian.support.models import MeasureState, SupportMeasure
from tests.factories_problems import MeasureFactory


def test_a_liaison_sees_only_their_units_measures_and_totals(client, city, users):
    MeasureFactory(
        unit=city.unit_a, community=city.c11, content="甲单位资金", amount_yuan=Decimal("1252940")
    )
    MeasureFactory(unit=city.unit_c, community=city.c21, content="丙单位物资")
    client.force_login(users["liaison"])
    page = client.get("/support/?from=2021-04-01&to=2021-06-30").content.decode()
    assert "甲单位资金" in page and "丙单位物资" not in page
    assert "125.294万元" in page


def test_a_liaison_records_a_measure_with_a_typed_amount(client, city, users):
    client.force_login(users["liaison"])
    response = client.post(
        "/support/new/",
        {
            "unit": city.unit_a.pk,
            "community": city.c11.pk,
            "given_on": "2021-06-01",
            "category": "funds",
            "content": "垃圾桶采购",
            "amount": "12,345.60",
            "state": "done",
        },
    )
    assert response.status_code == 302
    assert SupportMeasure.objects.get().amount_yuan == Decimal("12345.60")


def test_an_over_precise_amount_is_refused_and_nothing_written(client, city, users):
    client.force_login(users["liaison"])
    response = client.post(
        "/support/new/",
        {
            "unit": city.unit_a.pk,
            "community": city.c11.pk,
            "given_on": "2021-06-01",
            "category": "funds",
            "content": "垃圾桶采购",
            "amount": "12.345",
            "state": "done",
        },
    )
    assert response.status_code == 400
    assert not SupportMeasure.objects.exists()


def test_not_followed_up_measures_are_listed(client, city, users):
    MeasureFactory(
        unit=city.unit_a,
        community=city.c11,
        content="计划捐赠健身器材",
        state=MeasureState.PLANNED,
        given_on=date(2021, 4, 1),
        progressed_on=date(2021, 4, 1),
    )
    client.force_login(users["admin"])
    page = client.get("/support/").content.decode()
    assert "计划捐赠健身器材" in page


def test_many_idle_measures_name_the_oldest_and_link_to_all_of_them(client, city, users):
    from baolian.support.views import IDLE_SHOWN

    idle = [
        MeasureFactory(
            unit=city.unit_a,
            community=city.c11,
            content=f"计划第{n:02d}项",
            state=MeasureState.PLANNED,
            given_on=date(2021, 4, 1 + n),
            progressed_on=None,
        )
        for n in range(IDLE_SHOWN + 3)
    ]
    MeasureFactory(unit=city.unit_a, community=city.c11, content="已完成项", state="done")
    client.force_login(users["admin"])
    page = client.get("/support/").content.decode()
    section = page.split("<table", 1)[0]  # the measures table below lists the period's
    named = [m.content for m in idle if m.content in section]
    assert named == [m.content for m in idle[:IDLE_SHOWN]]  # the oldest first
    assert f'id="all-idle">查看全部{len(idle)}项未跟进措施</a>' in section

    everything = client.get("/support/?idle=1").content.decode()
    assert 'id="only-idle"' in everything
    table = everything.split("<table", 1)[1]
    assert all(m.content in table for m in idle)
    assert "已完成项" not in table
    # its export follows the same filter
    export = client.get("/support/export.xlsx?idle=1")
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    exported = {cell for row in sheet.iter_rows(values_only=True) for cell in row}
    assert all(m.content in exported for m in idle) and "已完成项" not in exported


def test_the_edit_form_shows_the_measures_date_in_the_date_picker(client, city, users):
    measure = MeasureFactory(unit=city.unit_a, community=city.c11, given_on=date(2021, 6, 1))
    client.force_login(users["liaison"])
    page = client.get(f"/support/{measure.pk}/edit/").content.decode()
    # ISO, as <input type=date> needs; the Chinese locale's 2021/06/01 would show it empty
    assert 'value="2021-06-01"' in page


def test_the_totals_page_through_units_and_communities_in_roster_order(
    client, city, users, monkeypatch
):
    """A province's totals per unit and per community are thousands of rows: each table
    pages on its own (its own page parameter, the others kept), in roster order, and each
    row's totals are the unit's or community's whole period, not the page's."""
    from baolian.support import views

    monkeypatch.setattr(views, "TOTALS_PAGE_SIZE", 2)
    for unit, community, amount in (
        (city.unit_c, city.c21, "300"),
        (city.unit_a, city.c11, "100"),
        (city.unit_a, city.c12, "50"),
        (city.unit_b, city.c12, "20"),
    ):
        MeasureFactory(unit=unit, community=community, amount_yuan=Decimal(amount), state="done")
    client.force_login(users["admin"])
    period = "from=2021-04-01&to=2021-06-30"
    first = client.get(f"/support/?{period}")
    units, communities = first.context["by_unit"], first.context["by_community"]
    assert [(r.subject, r.invested) for r in units] == [
        (city.unit_a, Decimal("150")),
        (city.unit_b, Decimal("20")),
    ]
    assert [(r.subject, r.invested) for r in communities] == [
        (city.c11, Decimal("100")),
        (city.c12, Decimal("70")),
    ]
    html = first.content.decode()
    assert "units_page=2" in html and "communities_page=2" in html
    second = client.get(f"/support/?{period}&units_page=2&communities_page=1")
    assert [r.subject for r in second.context["by_unit"]] == [city.unit_c]
    assert [r.subject for r in second.context["by_community"]] == [city.c11, city.c12]
    # The next page of one table keeps the period and the other table's page.
    assert "from=2021-04-01" in second.context["communities_query"]
    assert "units_page=2" in second.context["communities_query"]


def test_a_totals_row_shows_names_escaped_amounts_in_wan_and_labels_for_phones(client, city, users):
    from django.utils.html import escape

    city.unit_a.name = "<i>市卫生健康局</i>"
    city.unit_a.save()
    MeasureFactory(
        unit=city.unit_a, community=city.c11, amount_yuan=Decimal("1252940"), state="done"
    )
    MeasureFactory(
        unit=city.unit_a, community=city.c11, amount_yuan=Decimal("5000"), state="planned"
    )
    client.force_login(users["admin"])
    html = client.get("/support/?from=2021-04-01&to=2021-06-30").content.decode()
    unit_row = f'<td data-label="包联单位">{escape(city.unit_a.name)}</td>'
    assert unit_row in html and "<i>市卫生健康局</i>" not in html
    community_row = f'<td data-label="社区">{city.street1.name} {city.c11.name}</td>'
    assert community_row in html
    row = html.split(community_row)[1].split("</tr>")[0]
    assert '<td data-label="已投入">125.294万元</td>' in row
    assert '<td data-label="拟投入（计划）">0.5万元</td>' in row
    assert '<td data-label="措施数">2</td>' in row


def test_a_measure_row_shows_its_date_amount_state_and_content_cut_and_escaped(client, city, users):
    from django.utils.html import escape
    from django.utils.text import Truncator

    content = "<b>捐赠</b>" + "消毒液和垃圾桶" * 8  # longer than the 40 characters shown
    measure = MeasureFactory(
        unit=city.unit_a,
        community=city.c11,
        given_on=date(2021, 6, 1),
        content=content,
        amount_yuan=Decimal("12345.5"),
        state="done",
    )
    client.force_login(users["admin"])
    html = client.get("/support/?from=2021-04-01&to=2021-06-30").content.decode()
    row = html.split(f'<a href="/support/{measure.pk}/">')[0].rsplit("<tr>", 1)[1]
    row += html.split(f'<a href="/support/{measure.pk}/">')[1].split("</tr>")[0]
    assert "2021年6月1日" in row
    assert escape(Truncator(content).chars(40)) in row and "<b>" not in row
    assert "12,345.50元" in row
    from django.utils import translation

    with translation.override("zh-hans"):
        state, category = str(measure.get_state_display()), str(measure.get_category_display())
    assert state in row and category in row and state != "Done"
