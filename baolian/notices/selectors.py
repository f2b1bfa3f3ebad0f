"""Reads of the notices app; every list goes through scoping."""

from __future__ import annotations

from django.db.models import QuerySet

from baolian.accounts.models import User
from baolian.accounts.scoping import visible
from baolian.notices.models import Notice, WebhookMessage


def inbox(*, user: User) -> QuerySet[Notice]:
    """The user's own notices, whatever the role (the office's own too)."""
    return Notice.objects.filter(recipient=user, sent_at__isnull=False)


def unread_count(*, user: User) -> int:
    return Notice.objects.filter(recipient=user).unread().count()


def sent_notices(*, user: User, kind: str = "", recipient: str = "") -> QuerySet[Notice]:
    """What was sent to whom (the office sees all; anyone else only their own)."""
    rows = visible(user, Notice.objects.filter(sent_at__isnull=False)).select_related("recipient")
    if kind:
        rows = rows.filter(kind=kind)
    if recipient:
        rows = rows.filter(recipient__username=recipient)
    return rows.order_by("-sent_at", "-id")


def sent_chat_messages(*, user: User) -> QuerySet[WebhookMessage]:
    return (
        visible(user, WebhookMessage.objects.filter(sent_at__isnull=False))
        .select_related("target")
        .order_by("-sent_at", "-id")
    )
