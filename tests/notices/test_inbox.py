"""Each user reads what was sent to them and when; the office reads what went to whom."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from baolian.notices.models import Notice, NoticeKind


def notice(user, subject: str, *, sent: bool = True, link: str = "") -> Notice:
    return Notice.objects.create(
        recipient=user,
        kind=NoticeKind.OTHER,
        subject=subject,
        body="正文",
        link=link,
        dedupe_key=subject,
        sent_at=timezone.now() if sent else None,
    )


@pytest.fixture
def client_for():
    def make(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


def test_a_user_sees_only_their_own_notices_and_the_unread_count(users, client_for):
    notice(users["liaison"], "联络员的提醒一")
    notice(users["liaison"], "联络员的提醒二")
    notice(users["leader"], "领导的提醒")
    notice(users["liaison"], "尚未发出", sent=False)
    page = client_for(users["liaison"]).get("/inbox/").content.decode()
    assert "联络员的提醒一" in page and "联络员的提醒二" in page
    assert "领导的提醒" not in page and "尚未发出" not in page
    assert 'class="badge unread-count">2<' in page


def test_opening_a_notice_marks_it_read_and_follows_its_link(users, client_for):
    n = notice(users["liaison"], "提醒", link="/visits/?unit=1")
    client = client_for(users["liaison"])
    response = client.get(f"/inbox/{n.pk}/?go=1")
    assert response.status_code == 302 and response["Location"] == "/visits/?unit=1"
    n.refresh_from_db()
    assert n.read_at is not None
    assert "unread-count" not in client.get("/inbox/").content.decode()


def test_a_link_to_another_site_is_not_followed(users, client_for):
    n = notice(users["liaison"], "提醒", link="https://evil.example/")
    response = client_for(users["liaison"]).get(f"/inbox/{n.pk}/?go=1")
    assert response.status_code == 200


def test_mark_all_read_marks_only_ones_own(users, client_for):
    mine, theirs = notice(users["liaison"], "a"), notice(users["leader"], "b")
    client_for(users["liaison"]).post("/inbox/read-all/")
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None and theirs.read_at is None


def test_the_office_sees_what_was_sent_to_whom_and_whether_it_was_read(users, client_for):
    notice(users["leader"], "领导的提醒")
    read = notice(users["street"], "街道的提醒")
    read.read_at = timezone.now()
    read.save()
    page = client_for(users["admin"]).get("/inbox/sent/").content.decode()
    assert "领导的提醒" in page and "leader" in page and "街道的提醒" in page
    only_leader = client_for(users["admin"]).get("/inbox/sent/?to=leader").content.decode()
    assert "领导的提醒" in only_leader and "街道的提醒" not in only_leader


def test_an_inbox_row_shows_china_time_the_read_state_and_the_subject_escaped(users, client_for):
    from datetime import datetime
    from datetime import timezone as tz

    unread = notice(users["liaison"], "<b>请上报</b>")
    read = notice(users["liaison"], "已读提醒")
    Notice.objects.filter(pk=unread.pk).update(sent_at=datetime(2021, 6, 20, 4, 5, tzinfo=tz.utc))
    Notice.objects.filter(pk=read.pk).update(
        sent_at=datetime(2021, 6, 19, 16, 30, tzinfo=tz.utc),  # 00:30 the next day in China
        read_at=datetime(2021, 6, 21, 1, 0, tzinfo=tz.utc),
    )
    page = client_for(users["liaison"]).get("/inbox/").content.decode()
    rows = page.split("<tbody>")[1].split("</tbody>")[0].split("</tr>")
    first = next(row for row in rows if f"/inbox/{unread.pk}/" in row)
    assert '<tr class="unread">' in first
    assert ">2021-06-20 12:05<" in first
    assert "&lt;b&gt;请上报&lt;/b&gt;" in first and "<b>" not in first
    assert "未读" in first
    second = next(row for row in rows if f"/inbox/{read.pk}/" in row)
    assert 'class="unread"' not in second
    assert ">2021-06-20 00:30<" in second and ">2021-06-21 09:00<" in second
