"""What the preview tells a new user: nothing to do, only the errors, a new row's values."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from baolian.accounts.models import Role
from baolian.roster.models import Street
from tests.factories import UserFactory
from tests.workbooks import xlsx

UNITS = [["名称", "单位类别", "联络员"], ["市税务局", "中直单位", "林华"]]


@pytest.fixture
def office(client, db):
    user = UserFactory(username="office", role=Role.ADMIN, is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def preview(client, sheets, **edit) -> str:
    data = xlsx(sheets, **edit)
    response = client.post("/roster/import/", {"file": SimpleUploadedFile("名册.xlsx", data)})
    assert response.status_code == 200
    return response.content.decode()


def test_a_file_that_changes_nothing_says_so_and_offers_no_confirm_button(client, office):
    token = re.search(r'name="token" value="(\w+)"', preview(client, {"包联单位": UNITS})).group(1)
    client.post("/roster/import/confirm/", {"token": token})

    page = preview(client, {"包联单位": UNITS})

    assert 'id="import-nothing"' in page
    assert 'id="confirm-import"' not in page


def test_a_file_with_errors_shows_only_the_errors(client, office):
    page = preview(
        client,
        {
            "包联单位": UNITS,
            "包联关系": [["包联单位", "社区村", "开始日期"], ["市税务局", "无此村", "2021-04-01"]],
        },
    )

    assert 'id="import-errors"' in page
    assert 'id="import-summary"' not in page and 'id="import-changes"' not in page
    assert 'id="confirm-import"' not in page


def test_a_new_row_shows_its_values(client, office):
    page = preview(client, {"包联单位": UNITS})

    changes = re.search(r'<table[^>]*id="import-changes".*?</table>', page, re.S).group(0)
    assert "单位类别: 中直单位" in changes and "联络员: 林华" in changes


def test_merged_cells_are_an_error_never_an_emptied_value(client, office):
    def merge(book):
        book["包联单位"].merge_cells("C2:C3")

    rows = [*UNITS, ["市档案馆", "事业单位", None]]
    page = preview(client, {"包联单位": rows}, edit=merge)

    assert "Merged cells C2:C3" in page or "合并" in page
    assert "（空）" not in page and "(empty)" not in page


def test_a_street_typed_as_xiang_is_read_as_a_town_with_a_visible_note(client, office):
    page = preview(client, {"街道镇": [["名称", "类型(街道/镇)"], ["赤凤乡", "乡"]]})
    token = re.search(r'name="token" value="(\w+)"', page).group(1)

    assert "乡" in page and ("镇" in page)
    assert re.search(r"“乡”.*镇", page)
    client.post("/roster/import/confirm/", {"token": token})
    assert Street.objects.get(name="赤凤乡").kind == Street.Kind.TOWN


def test_on_a_phone_the_preview_tables_are_labelled_cards(client, office):
    page = preview(client, {"包联单位": UNITS})
    bad = preview(
        client, {"包联关系": [["包联单位", "社区村", "开始日期"], ["无此单位", "无此村", "x"]]}
    )

    for html, table in ((page, "import-changes"), (page, "import-summary"), (bad, "import-errors")):
        found = re.search(
            rf'<table class="[^"]*stack[^"]*" id="{table}"|<table id="{table}" class="[^"]*stack',
            html,
        )
        assert found, table
        body = re.search(rf'id="{table}".*?</table>', html, re.S).group(0)
        assert "data-label=" in body
