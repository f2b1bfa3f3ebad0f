"""The office reads who did what, when and from where — through the API too — and exports it."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import openpyxl
import pytest
from django.test import Client
from django.utils import timezone

from baolian.api.services import token_create

pytestmark = pytest.mark.django_db


def office(users) -> Client:
    client = Client()
    client.force_login(users["admin"])
    return client


def test_a_change_made_with_a_token_is_logged_with_its_owner_and_address(users, city):
    secret = token_create(user=users["admin"], name="平台").secret
    program = Client(HTTP_AUTHORIZATION=f"Bearer {secret}", REMOTE_ADDR="10.8.0.7")
    response = program.patch(
        f"/api/v1/units/{city.unit_b.pk}",
        json.dumps({"liaison_name": "钱多多"}),
        content_type="application/json",
    )
    assert response.status_code == 200
    page = office(users).get("/audit/?address=10.8.0.7")
    (entry, row), *_ = page.context["rows"]
    assert entry.actor == users["admin"] and row[6] == "10.8.0.7"
    assert row[4] == "市税务局" and "钱多多" in row[5]


def test_the_log_filters_by_person_kind_and_date(users, city):
    client = office(users)
    client.patch(
        f"/api/v1/units/{city.unit_c.pk}",
        json.dumps({"category": "事业单位"}),
        content_type="application/json",
    )
    everything = client.get("/audit/").context["page"].paginator.count
    by_office = client.get(f"/audit/?actor={users['admin'].pk}").context["rows"]
    assert by_office and all(e.actor == users["admin"] for e, _row in by_office)
    assert len(by_office) < everything  # the fixtures' rows were made by nobody
    kind = by_office[0][0].content_type_id
    assert all(
        e.content_type_id == kind for e, _ in client.get(f"/audit/?kind={kind}").context["rows"]
    )
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert client.get(f"/audit/?start={tomorrow}").context["page"].paginator.count == 0


def test_a_bad_filter_is_a_400_with_the_form_not_a_500(users):
    response = office(users).get("/audit/?start=yesterday&address=not-an-ip")
    assert response.status_code == 400 and response.context["form"].errors


def test_the_export_holds_the_filtered_entries(users, city):
    client = office(users)
    client.patch(
        f"/api/v1/units/{city.unit_c.pk}",
        json.dumps({"liaison_name": "孙悟空"}),
        content_type="application/json",
    )
    response = client.get(f"/audit/export.xlsx?actor={users['admin'].pk}")
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][0] == "时间" and len(rows) == 2
    assert "孙悟空" in rows[1][5]


def test_nobody_but_the_office_reads_the_log(users):
    for role in ("inspector", "leader", "liaison", "street", "community"):
        client = Client()
        client.force_login(users[role])
        assert client.get("/audit/").status_code == 403
        assert client.get("/audit/export.xlsx").status_code == 403


def test_an_entry_reads_in_chinese_with_what_people_typed_escaped(users, city):
    client = office(users)
    client.patch(
        f"/api/v1/units/{city.unit_b.pk}",
        json.dumps({"liaison_name": "<b>钱多多</b>"}),
        content_type="application/json",
        REMOTE_ADDR="10.8.0.9",
    )
    page = client.get("/audit/?address=10.8.0.9").content.decode()
    row = page.split("<tbody>", 1)[1].split("</tr>", 1)[0]
    now = timezone.localtime()
    assert f"{now.year}年{now.month}月{now.day}日" in row
    assert "&lt;b&gt;钱多多&lt;/b&gt;" in row and "<b>" not in row
    assert "市税务局" in row and "10.8.0.9" in row
    assert str(users["admin"]) in row
    # the fixtures' rows were made by nobody and from nowhere: a dash, not an empty cell
    nobody = client.get("/audit/").content.decode().split("</tbody>", 1)[0]
    assert '<td data-label="操作人">—</td>' in nobody
