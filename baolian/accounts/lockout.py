"""Login lockout by user name *and* by address (django-axes, database handler).

Axes counts failures per lockout parameter with one limit for all. We want two: a person
mistyping their own password gets `AXES_FAILURE_LIMIT` tries per name from one address,
while one address guessing across many names (password spraying) is stopped after
`BAOLIAN_LOGIN_ADDRESS_FAILURE_LIMIT` failures in all. The address limit is higher because
a whole office shares one address behind its router.
"""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from django.conf import settings
from django.db.models import QuerySet, Sum
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The address a login comes from. Behind our one proxy (BAOLIAN_BEHIND_PROXY=1) that is
    the last X-Forwarded-For entry, the one the proxy added; earlier ones the client may have
    written itself."""
    if settings.BEHIND_PROXY:
        added_by_proxy = request.META.get("HTTP_X_FORWARDED_FOR", "").rsplit(",", 1)[-1].strip()
        if added_by_proxy:
            return added_by_proxy
    return request.META.get("REMOTE_ADDR", "")


def _failures(attempts: QuerySet) -> int:
    return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0


class NameAndAddressHandler(AxesDatabaseHandler):
    """Failures on the name's scale: the tries left are the fewer of the name's and the
    address's; axes locks when they reach none."""

    def tries_left(self, request: HttpRequest, credentials: dict | None = None) -> int:
        # AXES_LOCKOUT_PARAMETERS is [[username, ip_address], ip_address], in this order.
        per_name, per_address = (_failures(q) for q in self.get_user_attempts(request, credentials))
        limit = get_failure_limit(request, credentials)
        return max(
            0,
            min(limit - per_name, settings.BAOLIAN_LOGIN_ADDRESS_FAILURE_LIMIT - per_address),
        )

    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        return get_failure_limit(request, credentials) - self.tries_left(request, credentials)

    def reset_user_attempts(self, request: HttpRequest, credentials: dict | None = None) -> int:
        # A good password clears that name's failures only: one account an attacker holds
        # must not wipe the address's count of guesses at the others.
        by_name = self.filter_user_attempts(request, credentials)[0]
        count, _ = by_name.delete()
        return count
