"""The office sets a chat robot per street or unit in the admin; never both, never neither."""

from __future__ import annotations

from django.test import Client

from baolian.notices.models import WebhookTarget


def test_the_office_adds_a_robot_for_a_street(users, city):
    client = Client()
    client.force_login(users["admin"])
    assert client.get("/admin/notices/webhooktarget/add/").status_code == 200
    response = client.post(
        "/admin/notices/webhooktarget/add/",
        {
            "name": "东城街道创卫群",
            "flavour": "wecom",
            "url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc",
            "street": city.street1.pk,
            "active": "on",
        },
    )
    assert response.status_code == 302
    assert WebhookTarget.objects.get().street == city.street1


def test_a_robot_for_both_a_street_and_a_unit_is_refused_with_a_message(users, city):
    client = Client()
    client.force_login(users["admin"])
    response = client.post(
        "/admin/notices/webhooktarget/add/",
        {
            "name": "群",
            "flavour": "feishu",
            "url": "https://open.feishu.cn/open-apis/bot/v2/hook/x",
            "street": city.street1.pk,
            "unit": city.unit_a.pk,
        },
    )
    assert response.status_code == 200  # the form again, with the error
    assert "Choose either a street or a unit" in response.content.decode() or (
        "请为该机器人选择街道或单位" in response.content.decode()
    )
    assert not WebhookTarget.objects.exists()


def test_the_sent_log_is_read_only_in_the_admin(users):
    client = Client()
    client.force_login(users["admin"])
    assert client.get("/admin/notices/notice/").status_code == 200
    assert client.get("/admin/notices/notice/add/").status_code == 403
