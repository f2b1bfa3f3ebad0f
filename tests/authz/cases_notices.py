"""Inbox: everyone reads their own notices; only the office reads what was sent to whom."""

from __future__ import annotations

from django.utils import timezone

from baolian.notices.models import Notice, NoticeKind
from tests.authz.matrix import FORBIDDEN, LOGIN, NOT_FOUND, OK, Case, everyone, only


def setup(world) -> None:
    # A notice for the leader: only the leader may open it.
    world.extra["leader_notice"] = Notice.objects.create(
        recipient=world.users["leader"],
        kind=NoticeKind.OTHER,
        subject="领导的提醒",
        body="正文",
        dedupe_key="authz",
        sent_at=timezone.now(),
    )


CASES = {
    "notices:inbox": Case(lambda w: "/inbox/", everyone(OK)),
    "notices:open": Case(
        lambda w: f"/inbox/{w.leader_notice.pk}/",
        # the office reads it in the sent list, without marking it read for the leader
        only({"leader"}, other=NOT_FOUND),
    ),
    "notices:mark_all_read": Case(
        lambda w: "/inbox/read-all/", everyone(302, anon=LOGIN), method="post", data=lambda w: {}
    ),
    "notices:sent": Case(lambda w: "/inbox/sent/", only({"admin"}, other=FORBIDDEN)),
}
