"""Writes of the notices app: tell people (inbox, e-mail) and chat groups, exactly once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from baolian.accounts.models import User
from baolian.notices import channels
from baolian.notices.models import Notice, WebhookMessage, WebhookTarget


@dataclass(frozen=True)
class Message:
    """One thing to tell: to these users, and to the robots of this unit or street."""

    kind: str
    subject: str
    body: str
    dedupe_key: str
    link: str = ""
    recipient_ids: tuple[int, ...] = ()
    unit_id: int | None = None
    street_id: int | None = None


@dataclass
class Outcome:
    notices: list[Notice] = field(default_factory=list)
    chat_messages: list[WebhookMessage] = field(default_factory=list)


def notice_send(*, message: Message) -> Outcome:
    """Tell every recipient and robot that has not been told this yet; return what was sent
    now (nothing when a previous run, or a concurrent one, already told them)."""
    outcome = Outcome()
    recipients = list(User.objects.filter(pk__in=message.recipient_ids, is_active=True))
    if recipients:
        # The unique (recipient, dedupe_key) makes a second insert a no-op, and the claim
        # below lets only one run deliver a row, even when two runs race.
        Notice.objects.bulk_create(
            [
                Notice(
                    recipient=user,
                    kind=message.kind,
                    subject=message.subject[:200],
                    body=message.body,
                    link=message.link,
                    dedupe_key=message.dedupe_key,
                )
                for user in recipients
            ],
            ignore_conflicts=True,
        )
        waiting = Notice.objects.filter(
            recipient__in=recipients, dedupe_key=message.dedupe_key, sent_at__isnull=True
        ).select_related("recipient")
        for notice in waiting:
            if _claim(Notice, notice.pk):
                _email(notice)
                outcome.notices.append(notice)
    outcome.chat_messages = _tell_robots(message)
    return outcome


def _claim(model: type[Notice] | type[WebhookMessage], pk: int) -> bool:
    return model.objects.filter(pk=pk, sent_at__isnull=True).update(sent_at=timezone.now()) == 1


def _email(notice: Notice) -> None:
    address = notice.recipient.email
    if not address:
        return
    error = channels.send_email(
        to=address, subject=notice.subject, body=notice.body, link=notice.link
    )
    Notice.objects.filter(pk=notice.pk).update(
        emailed_at=None if error else timezone.now(), email_error=error
    )


def _tell_robots(message: Message) -> list[WebhookMessage]:
    where = Q(pk__in=[])
    if message.unit_id is not None:
        where |= Q(unit_id=message.unit_id)
    if message.street_id is not None:
        where |= Q(street_id=message.street_id)
    targets = list(WebhookTarget.objects.filter(where, active=True))
    if not targets:
        return []
    WebhookMessage.objects.bulk_create(
        [
            WebhookMessage(
                target=target,
                kind=message.kind,
                dedupe_key=message.dedupe_key,
                subject=message.subject[:200],
                body=message.body,
            )
            for target in targets
        ],
        ignore_conflicts=True,
    )
    sent = []
    for row in WebhookMessage.objects.filter(
        target__in=targets, dedupe_key=message.dedupe_key, sent_at__isnull=True
    ).select_related("target"):
        if not _claim(WebhookMessage, row.pk):
            continue
        payload = channels.chat_payload(
            row.target.flavour, subject=row.subject, body=row.body, link=message.link
        )
        delivery = channels.post_chat(row.target.url, payload)
        WebhookMessage.objects.filter(pk=row.pk).update(
            status=delivery.status, error=delivery.error
        )
        row.status, row.error = delivery.status, delivery.error
        sent.append(row)
    return sent


@transaction.atomic
def notice_mark_read(*, user: User, notices: Iterable[int] | None = None) -> int:
    """Mark the user's own notices read (all when `notices` is None); returns how many."""
    rows = Notice.objects.filter(recipient=user, read_at__isnull=True)
    if notices is not None:
        rows = rows.filter(pk__in=list(notices))
    return rows.update(read_at=timezone.now())
