"""Writes for API tokens: create (the secret is returned once), revoke, note use."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from baolian.accounts.models import User
from baolian.api.models import SECRET_PREFIX, ApiToken, digest_of

MAX_DAYS = 365
DEFAULT_DAYS = 90
# Noting the last use at most this often keeps a busy program from taking SQLite's one
# write lock on every request.
TOUCH_EVERY = timedelta(minutes=5)


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # shown to the owner once; only its digest is kept


@transaction.atomic
def token_create(*, user: User, name: str, days: int = DEFAULT_DAYS) -> NewToken:
    if not 1 <= days <= MAX_DAYS:
        raise ValueError(f"days must be 1..{MAX_DAYS}")
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip()[:100],
        prefix=secret[:10],
        digest=digest_of(secret),
        expires_at=timezone.now() + timedelta(days=days),
    )
    return NewToken(token=token, secret=secret)


@transaction.atomic
def token_revoke(*, token: ApiToken) -> ApiToken:
    """Revoking twice keeps the first date: the record says when the key stopped working."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def token_touch(*, token: ApiToken, ip: str | None) -> None:
    now = timezone.now()
    if token.last_used_at and now - token.last_used_at < TOUCH_EVERY:
        return
    # A conditional update: two workers seeing the same stale time write once.
    ApiToken.objects.filter(pk=token.pk, last_used_at=token.last_used_at).update(
        last_used_at=now, last_used_ip=ip
    )
