"""The import in the browser: upload → preview (writes nothing) → confirm (writes it)."""

from __future__ import annotations

import io
import os
import re
import time
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.test import Client
from django.utils import translation
from openpyxl import Workbook

from baolian.accounts.models import Role
from baolian.roster.models import Community, Leader, Pairing, Street, Unit
from tests.factories import UserFactory


def workbook(sheets: dict[str, list[list[object]]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


GOOD = {
    "街道镇": [
        ["名称", "类型(街道/镇)", "所属区县"],
        ["太平街道", "街道", "湘桥区"],
        ["意溪镇", "镇", "湘桥区"],
    ],
    "社区村": [
        ["名称", "类型(社区/村)", "所属街道镇", "纬度", "经度"],
        ["桥东社区", "社区", "太平街道", 23.66, 116.64],
        ["西门社区", "社区", "太平街道", None, None],
        ["坝街村", "村", "意溪镇", None, None],
    ],
    "包联单位": [
        ["名称", "单位类别", "联络员", "联系电话"],
        ["市卫生健康局", "市直机关", "陈明", "13800000000"],
        ["市税务局", "中直单位", "", ""],
    ],
    "包联领导": [["姓名", "职务"], ["李明", "副市长"]],
    "包联关系": [
        ["包联单位", "社区村", "所属街道镇", "包联领导", "开始日期", "结束日期"],
        ["市卫生健康局", "桥东社区", "太平街道", "李明", date(2021, 4, 1), None],
        ["市税务局", "坝街村", "意溪镇", "李明", "2021年4月5日", None],
    ],
}


def upload(client, content: bytes, name: str = "名册.xlsx"):
    return client.post("/roster/import/", {"file": SimpleUploadedFile(name, content)})


def roster_size() -> tuple[int, int, int, int, int]:
    return (
        Street.objects.count(),
        Community.objects.count(),
        Unit.objects.count(),
        Leader.objects.count(),
        Pairing.objects.count(),
    )


def table_rows(page: str, table_id: str) -> list[list[str]]:
    table = re.search(rf'<table[^>]*id="{table_id}".*?</table>', page, re.S)
    assert table, f"no table #{table_id}"
    body = table.group(0).split("<tbody>")[1]
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


@pytest.fixture
def office(db, client):
    user = UserFactory(username="office", role=Role.ADMIN, is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def test_the_upload_page_offers_the_form_and_the_template(client, office):
    response = client.get("/roster/import/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'type="file"' in page and 'enctype="multipart/form-data"' in page
    assert "/roster/template.xlsx" in page


def test_a_good_workbook_is_previewed_with_counts_and_nothing_is_written(client, office):
    response = upload(client, workbook(GOOD))
    assert response.status_code == 200
    page = response.content.decode()
    assert table_rows(page, "import-summary") == [
        ["街道镇", "2", "0", "0"],
        ["社区村", "3", "0", "0"],
        ["包联单位", "2", "0", "0"],
        ["包联领导", "1", "0", "0"],
        ["包联关系", "2", "0", "0"],
    ]
    assert 'id="confirm-import"' in page
    assert roster_size() == (0, 0, 0, 0, 0)


def test_confirming_the_preview_writes_the_roster(client, office):
    token = upload(client, workbook(GOOD)).context["token"]
    response = client.post("/roster/import/confirm/", {"token": token})
    assert response.status_code == 200
    assert response.context["report"].written
    assert 'id="confirm-import"' not in response.content.decode()
    assert roster_size() == (2, 3, 2, 1, 2)
    pairing = Pairing.objects.get(unit__name="市税务局")
    assert (pairing.community.name, pairing.community.street.name) == ("坝街村", "意溪镇")
    assert pairing.started_on == date(2021, 4, 5)
    assert list(Unit.objects.values_list("name", flat=True)) == ["市卫生健康局", "市税务局"]


def test_the_same_workbook_again_previews_as_unchanged(client, office):
    token = upload(client, workbook(GOOD)).context["token"]
    client.post("/roster/import/confirm/", {"token": token})
    page = upload(client, workbook(GOOD)).content.decode()
    assert [row[1:] for row in table_rows(page, "import-summary")] == [
        ["0", "0", str(n)] for n in (2, 3, 2, 1, 2)
    ]


def test_a_preview_can_be_confirmed_only_once(client, office):
    token = upload(client, workbook(GOOD)).context["token"]
    assert client.post("/roster/import/confirm/", {"token": token}).status_code == 200
    response = client.post("/roster/import/confirm/", {"token": token})
    assert response.status_code == 400
    assert roster_size() == (2, 3, 2, 1, 2)


BAD = {
    "街道镇": [["名称", "类型(街道/镇)"], ["太平街道", "街道"], ["意溪区", "区"]],
    "社区村": [["名称", "类型(社区/村)", "所属街道镇"], ["桥东社区", "社区", "不存在街道"]],
    "包联单位": [
        ["名称", "单位类别", "联络员"],
        ["市卫生健康局", "市直机关", "陈明"],
        [None, "市直机关", "王五"],
    ],
    "包联关系": [
        ["包联单位", "社区村", "所属街道镇", "包联领导", "开始日期"],
        ["市卫生健康局", "桥东社区", "太平街道", None, "2021-13-45"],
    ],
}


def test_a_bad_workbook_shows_every_error_with_its_place_and_no_confirm_button(client, office):
    response = upload(client, workbook(BAD))
    assert response.status_code == 200
    page = response.content.decode()
    errors = table_rows(page, "import-errors")
    places = sorted((sheet, row, column) for sheet, row, column, _message in errors)
    assert places == sorted(
        [
            ("街道镇", "3", "B 类型(街道/镇)"),
            ("社区村", "2", "C 所属街道镇"),
            ("包联单位", "3", "A 名称"),
            ("包联关系", "2", "E 开始日期"),
            # the community's own row failed, so the pairing cannot find it either
            ("包联关系", "2", "B 社区村"),
        ]
    )
    assert all(message for *_place, message in errors)
    by_place = {
        (sheet, row): message for sheet, row, column, message in errors if column != "B 社区村"
    }
    assert "区" in by_place[("街道镇", "3")]
    assert "不存在街道" in by_place[("社区村", "2")]
    assert "2021-13-45" in by_place[("包联关系", "2")]
    assert 'id="confirm-import"' not in page
    assert 'name="token"' not in page
    assert response.context["token"] == ""
    assert roster_size() == (0, 0, 0, 0, 0)


def test_a_file_that_is_not_a_workbook_is_refused_with_a_message(client, office):
    response = upload(client, b"%PDF-1.4 not a roster", name="名册.pdf")
    assert response.status_code == 200
    assert len(table_rows(response.content.decode(), "import-errors")) == 1
    assert 'id="confirm-import"' not in response.content.decode()


def test_a_bad_upload_after_a_good_one_cannot_confirm_the_good_one(client, office, settings):
    token = upload(client, workbook(GOOD)).context["token"]
    upload(client, workbook(BAD))
    assert client.post("/roster/import/confirm/", {"token": token}).status_code == 400
    assert roster_size() == (0, 0, 0, 0, 0)
    # the replaced preview's file does not linger in the storage
    assert list((settings.MEDIA_ROOT / "pending_imports").iterdir()) == []


def test_a_confirmed_import_leaves_no_file_behind(client, office, settings):
    token = upload(client, workbook(GOOD)).context["token"]
    assert (settings.MEDIA_ROOT / "pending_imports" / token).is_file()
    client.post("/roster/import/confirm/", {"token": token})
    assert list((settings.MEDIA_ROOT / "pending_imports").iterdir()) == []


def test_posting_no_file_asks_for_one(client, office):
    response = client.post("/roster/import/", {})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert 'class="errorlist' in response.content.decode()


@pytest.mark.parametrize("token", ["", "0" * 32, "../../secret_key"])
def test_confirming_with_a_wrong_token_is_a_400_page(token, client, office):
    upload(client, workbook(GOOD))
    response = client.post("/roster/import/confirm/", {"token": token})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'role="alert"' in page and 'type="file"' in page  # explains, and offers a new upload
    assert roster_size() == (0, 0, 0, 0, 0)


def test_confirming_without_any_preview_is_a_400_page(client, office):
    response = client.post("/roster/import/confirm/", {"token": "abc"})
    assert response.status_code == 400
    assert roster_size() == (0, 0, 0, 0, 0)


def test_confirming_an_expired_preview_is_a_400_page(client, office, settings):
    token = upload(client, workbook(GOOD)).context["token"]
    # the waiting file is gone (cleaned up, or the data folder moved): the preview has expired
    (settings.MEDIA_ROOT / "pending_imports" / token).unlink()
    response = client.post("/roster/import/confirm/", {"token": token})
    assert response.status_code == 400
    assert roster_size() == (0, 0, 0, 0, 0)


def test_another_session_cannot_confirm_a_preview(client, office):
    token = upload(client, workbook(GOOD)).context["token"]
    other = Client()
    other.force_login(UserFactory(username="office2", role=Role.ADMIN, is_superuser=True))
    assert other.post("/roster/import/confirm/", {"token": token}).status_code == 400
    assert roster_size() == (0, 0, 0, 0, 0)


def test_confirm_only_accepts_post(client, office):
    assert client.get("/roster/import/confirm/").status_code == 405


def test_a_file_over_the_size_limit_gets_a_clear_message(client, office, settings):
    settings.IMPORT_MAX_BYTES = 1000
    content = workbook(GOOD)
    assert len(content) > 1000
    response = upload(client, content)
    assert response.status_code == 200
    assert "report" not in response.context  # refused before it was read
    [message] = response.context["form"].errors["file"]
    with translation.override("zh-hans"):
        assert filesizeformat(1000) in message
        assert filesizeformat(len(content)) in message
    assert message in response.content.decode()
    assert roster_size() == (0, 0, 0, 0, 0)


def test_an_abandoned_preview_is_swept_a_day_later(client, office, settings):
    abandoned = upload(client, workbook(GOOD)).context["token"]
    waiting = settings.MEDIA_ROOT / "pending_imports"
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(waiting / abandoned, (two_days_ago, two_days_ago))
    other = Client()
    other.force_login(office)
    kept = upload(other, workbook(GOOD)).context["token"]
    assert {path.name for path in waiting.iterdir()} == {kept}


def test_an_upload_larger_than_any_we_accept_is_refused_before_it_is_read(client, office, settings):
    settings.IMPORT_MAX_BYTES = 1024
    settings.MAX_REQUEST_BYTES = 4096
    big = io.BytesIO(b"x" * 10_000)
    big.name = "大文件.xlsx"
    response = client.post("/roster/import/", {"file": big})
    assert response.status_code == 413
    assert 'role="alert"' in response.content.decode()
    assert roster_size() == (0, 0, 0, 0, 0)


def test_a_big_preview_lists_the_first_changes_and_counts_the_rest(client, office, monkeypatch):
    monkeypatch.setattr("baolian.imports.report.PREVIEW_ROWS", 3)
    units = [["名称"], *([f"市第{n}中学"] for n in range(1, 11))]
    response = upload(client, workbook({"包联单位": units}))
    page = response.content.decode()
    assert page.count('<span class="badge created">') == 3
    assert "市第4中学" not in page
    assert re.search(r'class="muted">[^<]*\b7\b[^<]*</td>', page)  # "… and 7 more rows"
    assert response.context["report"].sheets[0].created == 10
