"""Dashboard figures cached between writes; a write makes the next read fresh.

The cache key holds a fingerprint read in one cheap query (primary-key and index reads
only, whatever the size of the city):
- a counter (`FiguresVersion`) that `figures_changed()` moves. Services that write call it;
  saves and deletes of visits, flags, problems, support measures, pairings and the
  campaign's settings call it too (`connect_writes`, for writers that do not: the admin,
  imports that save row by row). A bulk `QuerySet.update()` sends no signal: a service that
  uses one must call `figures_changed()` itself;
- the highest id of visits, flags, problems, measures, pairings and audited roster edits,
  which catches bulk inserts that send no signal either.
Entries also expire (BAOLIAN_CACHE_SECONDS) so nothing stale can outlive that.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import connection
from django.db.models import F
from django.db.models.signals import post_delete, post_save

T = TypeVar("T")

# Tables whose highest id moves on an insert (bulk or not).
_BY_ID = (
    "visits_visit",
    "visits_visitflag",
    "problems_problem",
    "support_supportmeasure",
    "roster_pairing",
    "auditlog_logentry",
)


def figures_changed() -> None:
    """Call after a write that changes any figure: the next dashboard read recomputes."""
    from baolian.dashboard.models import FiguresVersion

    if not FiguresVersion.objects.filter(pk=1).update(counter=F("counter") + 1):
        FiguresVersion.objects.get_or_create(pk=1)


def fingerprint() -> str:
    parts = ", ".join(f"(SELECT MAX(id) FROM {table})" for table in _BY_ID)
    sql = f"SELECT (SELECT counter FROM dashboard_figuresversion WHERE id = 1), {parts}"
    with connection.cursor() as cursor:
        cursor.execute(sql)  # noqa: S608 — constant table names
        row = cursor.fetchone()
    return hashlib.sha1(repr(row).encode()).hexdigest()[:20]


def cached(name: str, compute: Callable[[], T], *, timeout: int | None = None) -> T:
    """`compute()` once per fingerprint; `name` must say everything the value depends on
    (period, scope)."""
    key = f"baolian:figures:{fingerprint()}:{hashlib.sha1(name.encode()).hexdigest()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        if timeout is None:
            cache.set(key, value)
        else:
            cache.set(key, value, timeout)
    return value


def _changed(**_kwargs: Any) -> None:
    figures_changed()


def connect_writes() -> None:
    """Every save or delete of a row that a figure reads moves the counter."""
    from baolian.dashboard.models import RankingSettings
    from baolian.problems.models import Problem
    from baolian.roster.models import CampaignSettings, Pairing
    from baolian.support.models import SupportMeasure
    from baolian.visits.models import Visit, VisitFlag

    for model in (
        Visit,
        VisitFlag,
        Problem,
        SupportMeasure,
        Pairing,
        CampaignSettings,
        RankingSettings,
    ):
        uid = f"baolian.dashboard.figures:{model._meta.label}"
        post_save.connect(_changed, sender=model, dispatch_uid=uid + ":save")
        post_delete.connect(_changed, sender=model, dispatch_uid=uid + ":delete")
