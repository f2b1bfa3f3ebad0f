"""The office's admin pages read in Chinese, Django's and the audit log's text included."""

from __future__ import annotations

import re

import pytest
from auditlog.models import LogEntry

from baolian.imports.engine import import_file
from tests.workbooks import xlsx


def text_of(response) -> str:
    page = response.content.decode()
    return re.sub(r"<[^>]+>", " ", re.sub(r"<script.*?</script>", "", page, flags=re.S))


@pytest.fixture
def office(client, users):
    client.force_login(users["admin"])
    return client


def test_every_app_is_named_in_chinese_on_the_admin_index(office):
    page = text_of(office.get("/admin/"))
    for label in ["账号", "包联名册", "变更记录", "登录安全", "认证和授权"]:
        assert label in page
    for english in ["Accounts", "Model name", "Add link", "Change or view list link"]:
        assert english not in page


def test_the_add_user_page_explains_in_chinese(office):
    page = text_of(office.get("/admin/accounts/user/add/"))
    assert "创建用户后" in page
    assert "After you" not in page


@pytest.mark.parametrize("url", ["/admin/auth/group/add/", "user_change"])
def test_permissions_read_in_chinese(url, office, users):
    if url == "user_change":
        url = f"/admin/accounts/user/{users['liaison'].pk}/change/"
    page = text_of(office.get(url))
    assert "包联名册 | 可添加包联单位" in page
    assert "可查看用户" in page
    assert "Can add" not in page and "Can view" not in page


def test_an_imports_changes_are_by_the_system_with_field_names(office, city):
    book = xlsx(
        {"包联单位": [["名称", "单位类别", "联络员", "联系电话"], ["市税务局", "", "赵六", ""]]}
    )
    assert import_file(data=book, filename="units.xlsx", dry_run=False).ok
    page = text_of(office.get("/admin/auditlog/logentry/"))
    assert "系统" in page and "system" not in page
    assert "联络员" in page
    assert "liaison_name" not in page and "change:" not in page


def test_changes_in_the_list_name_fields_as_the_forms_do(office, city):
    pairing = city.pairings[0]
    office.post(
        f"/admin/roster/pairing/{pairing.pk}/change/",
        {
            "unit": pairing.unit_id,
            "community": pairing.community_id,
            "leader": pairing.leader_id,
            "started_on": "2021-05-01",
            "ended_on": "2021-12-31",
        },
    )
    page = text_of(office.get("/admin/auditlog/logentry/"))
    assert "2 项更改" in page
    assert "开始日期" in page and "结束日期" in page
    assert "started_on" not in page


def test_a_rows_history_page_is_chinese(office, city):
    office.post(
        f"/admin/roster/unit/{city.unit_a.pk}/change/",
        {
            "name": "市卫生健康委员会",
            "category": "",
            "liaison_name": "",
            "liaison_phone": "",
            "sort_order": 1,
        },
    )
    page = text_of(office.get(f"/admin/roster/unit/{city.unit_a.pk}/auditlog/"))
    assert "名称" in page and "市卫生健康委员会" in page
    assert "Audit log" not in page


def test_the_resource_filter_names_models_not_table_names(office, city):
    book = xlsx({"包联领导": [["姓名", "职务"], ["张三", "副市长"]]})
    import_file(data=book, filename="l.xlsx", dry_run=False)
    page = text_of(office.get("/admin/auditlog/logentry/"))
    assert "市级包联领导" in page


def test_changes_to_users_are_in_the_audit_log(office, users):
    liaison = users["liaison"]
    before = LogEntry.objects.get_for_object(liaison).count()
    liaison.full_name = "陈晓明"
    liaison.save()
    assert LogEntry.objects.get_for_object(liaison).count() == before + 1
