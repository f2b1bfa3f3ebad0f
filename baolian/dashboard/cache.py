"""Dashboard figures cached between writes; a write makes the next read fresh.

Two things make up the key, so that staleness needs both to miss a write:
- a version that services which write call `figures_changed()` to bump, and
- a fingerprint of the data read in one cheap query: row counts and the latest change
  of visits, flags, problems, support measures, pairings and audited roster edits. It catches
  writes that bypass the services (imports, the admin, another process whose local-memory
  cache the version bump never reached).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import connection

T = TypeVar("T")
VERSION_KEY = "baolian:figures:version"

# (table, column whose maximum moves on a change); counts catch deletions.
_WATCHED = (
    ("visits_visit", "updated_at"),
    ("visits_visitflag", "id"),
    ("problems_problem", "updated_at"),
    ("support_supportmeasure", "updated_at"),
    ("roster_pairing", "id"),
    ("auditlog_logentry", "id"),
    ("roster_campaignsettings", "id"),
    ("dashboard_rankingsettings", "updated_at"),
)


def figures_changed() -> None:
    """Call after a write that changes any figure: the next dashboard read recomputes."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, None)


def _version() -> int:
    return int(cache.get_or_set(VERSION_KEY, 0, None) or 0)


def fingerprint() -> str:
    """One query over every watched table (a few index reads on a populated database)."""
    parts = ", ".join(
        f"(SELECT COUNT(*) FROM {t}), (SELECT MAX({c}) FROM {t})" for t, c in _WATCHED
    )
    # Flag reviews change no count or id; the review time does.
    parts += ", (SELECT MAX(reviewed_at) FROM visits_visitflag)"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {parts}")  # noqa: S608 — constant table names
        row = cursor.fetchone()
    return hashlib.sha1(repr(row).encode()).hexdigest()[:20]


def cached(name: str, compute: Callable[[], T], *, timeout: int | None = None) -> T:
    """`compute()` once per version and fingerprint; `name` must say everything it depends on
    (period, scope)."""
    key = f"baolian:figures:{_version()}:{fingerprint()}:{hashlib.sha1(name.encode()).hexdigest()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout)
    return value
