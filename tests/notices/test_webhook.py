"""Chat robots: the payload each app accepts, posted to a real (local) HTTP server, once."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from baolian.notices.channels import chat_payload
from baolian.notices.models import ChatFlavour, NoticeKind, WebhookMessage, WebhookTarget
from baolian.notices.services import Message, notice_send


class Robot:
    """A chat robot on 127.0.0.1 that records what it is sent and answers like the apps."""

    def __init__(self) -> None:
        self.received: list[tuple[str, dict, str]] = []
        self.answer: dict = {"errcode": 0, "errmsg": "ok"}
        robot = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers["Content-Length"])
                body = json.loads(self.rfile.read(length).decode("utf-8"))
                robot.received.append((self.path, body, self.headers["Content-Type"]))
                data = json.dumps(robot.answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def robot() -> Iterator[Robot]:
    r = Robot()
    yield r
    r.close()


def test_wecom_gets_a_markdown_message_with_the_link():
    payload = chat_payload("wecom", subject="标题", body="正文", link="https://b.example/x")
    assert payload == {
        "msgtype": "markdown",
        "markdown": {"content": "**标题**\n正文\n[查看详情](https://b.example/x)"},
    }


def test_dingtalk_gets_markdown_with_a_title():
    payload = chat_payload("dingtalk", subject="标题", body="正文")
    assert payload["msgtype"] == "markdown"
    assert payload["markdown"]["title"] == "标题"
    assert payload["markdown"]["text"] == "### 标题\n\n正文"


def test_feishu_gets_a_text_message():
    payload = chat_payload("feishu", subject="标题", body="正文")
    assert payload == {"msg_type": "text", "content": {"text": "标题\n正文"}}


def test_a_long_message_is_cut_to_what_robots_accept():
    payload = chat_payload("wecom", subject="s", body="长" * 5000)
    assert len(payload["markdown"]["content"].encode("utf-8")) < 4096


def test_relative_links_become_absolute_with_the_site_url(settings):
    settings.BAOLIAN_SITE_URL = "http://10.0.0.5:8000/"
    payload = chat_payload("feishu", subject="s", body="b", link="/problems/3/")
    assert payload["content"]["text"].endswith("http://10.0.0.5:8000/problems/3/")


@pytest.mark.django_db
def test_each_robot_of_the_street_and_the_unit_hears_the_reminder_once(robot, city):
    WebhookTarget.objects.create(
        name="东城群", flavour=ChatFlavour.WECOM, url=robot.url + "/wecom", street=city.street1
    )
    WebhookTarget.objects.create(
        name="卫健局群", flavour=ChatFlavour.DINGTALK, url=robot.url + "/ding", unit=city.unit_a
    )
    WebhookTarget.objects.create(
        name="西湖群", flavour=ChatFlavour.FEISHU, url=robot.url + "/feishu", street=city.street2
    )
    message = Message(
        kind=NoticeKind.PACE,
        subject="市卫生健康局：本月还需2次",
        body="本月已包联1次。",
        dedupe_key="pace:test",
        unit_id=city.unit_a.pk,
        street_id=city.street1.pk,
    )
    notice_send(message=message)
    notice_send(message=message)  # a second run tells nobody again

    paths = sorted(path for path, _body, _type in robot.received)
    assert paths == ["/ding", "/wecom"]
    bodies = {path: body for path, body, _type in robot.received}
    assert bodies["/wecom"]["markdown"]["content"].startswith("**市卫生健康局：本月还需2次**")
    assert bodies["/ding"]["markdown"]["title"] == "市卫生健康局：本月还需2次"
    assert all(ctype.startswith("application/json") for _p, _b, ctype in robot.received)
    assert WebhookMessage.objects.filter(status=200, error="").count() == 2


@pytest.mark.django_db
def test_a_refusal_from_the_robot_is_recorded_with_its_reason(robot, city):
    robot.answer = {"errcode": 93000, "errmsg": "invalid webhook url"}
    WebhookTarget.objects.create(
        name="群", flavour=ChatFlavour.WECOM, url=robot.url, street=city.street1
    )
    notice_send(
        message=Message(
            kind=NoticeKind.OTHER, subject="s", body="b", dedupe_key="k", street_id=city.street1.pk
        )
    )
    row = WebhookMessage.objects.get()
    assert "93000" in row.error and "invalid webhook url" in row.error


@pytest.mark.django_db
def test_an_unreachable_robot_is_recorded_and_does_not_stop_the_run(city):
    WebhookTarget.objects.create(
        name="群", flavour=ChatFlavour.FEISHU, url="http://127.0.0.1:9/", unit=city.unit_b
    )
    outcome = notice_send(
        message=Message(
            kind=NoticeKind.OTHER, subject="s", body="b", dedupe_key="k", unit_id=city.unit_b.pk
        )
    )
    assert outcome.chat_messages[0].status is None
    assert outcome.chat_messages[0].error
