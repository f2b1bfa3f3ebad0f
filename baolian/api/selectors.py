"""Reads for API tokens."""

from __future__ import annotations

from django.db.models import QuerySet

from baolian.accounts.models import User
from baolian.api.models import ApiToken, digest_of


def token_list(*, user: User) -> QuerySet[ApiToken]:
    """A person's own tokens: nobody, the office included, lists another's keys."""
    return ApiToken.objects.filter(user=user)


def token_for_secret(secret: str) -> ApiToken | None:
    """The token a secret opens, whatever its state (the caller says why it is refused)."""
    if not secret or len(secret) > 200:
        return None
    return ApiToken.objects.select_related("user").filter(digest=digest_of(secret)).first()
