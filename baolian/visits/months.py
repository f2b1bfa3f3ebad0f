"""The visits counted per unit, community, leader and calendar month (`VisitMonth`).

Every visit figure of a period (DESIGN §4: visits, leader- and head-led, activities, late,
flagged, the last day visited) is a sum of `grouped()` rows. The metrics read the whole
months of a period from `VisitMonth` and scan only the days of a month the period cuts, so
a dashboard over a big city no longer reads every visit of the period.

Kept in step in the writer's transaction:
- a save or delete of a visit or a flag recounts its (unit, community, month), and the old
  one when a visit moves (`connect_writes`, so the admin, the importer and the API are
  covered without knowing of it);
- `deferred()` collects those recounts and runs them once at its end (an import of many rows);
- a bulk `QuerySet.update()` or `bulk_create()` sends no signal: its writer calls `refresh()`
  with the keys it touched, or `rebuild()`;
- a change of the campaign's days allowed to report recounts everything (each row keeps the
  number it was counted by, and the metrics scan the visits of months counted by another).
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Exists, F, IntegerField, Max, OuterRef, Q, QuerySet
from django.db.models.expressions import Func
from django.db.models.signals import post_delete, post_save, pre_save

from baolian.lib.queries import ids_in

# Visit fields a month row counts by: a save that touches none of them changes no row.
COUNTED_FIELDS = frozenset(
    {
        "unit",
        "unit_id",
        "community",
        "community_id",
        "visited_on",
        "leader",
        "leader_id",
        "unit_head_led",
        "kinds",
        "reported_at",
        "reported_at_known",
        "deleted_at",
    }
)
BATCH = 500  # ids per IN list: well inside every database's limit on parameters

Key = tuple[int, int, int]  # unit id, community id, month index

_pending: ContextVar[set[Key] | None] = ContextVar("baolian_visit_months_pending", default=None)


# --- how a group of visits is counted --------------------------------------------------------


class MonthIndex(Func):
    """A date's calendar month as one integer (year × 12 + month − 1), computed by the
    database, so rows group by month in one query. SQLite stores dates as ISO text: the
    year and month are read from it directly instead of through a per-row Python function."""

    output_field = IntegerField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list]:
        sql, params = compiler.compile(self.source_expressions[0])
        return (
            f"(CAST(substr({sql}, 1, 4) AS INTEGER) * 12 + CAST(substr({sql}, 6, 2) AS INTEGER)"
            " - 1)",
            [*params, *params],
        )

    def as_sql(
        self,
        compiler: Any,
        connection: Any,
        function: Any = None,
        template: Any = None,
        arg_joiner: Any = None,
        **extra_context: Any,
    ) -> tuple[str, list]:
        sql, params = compiler.compile(self.source_expressions[0])
        # DATE_PART (double precision) rather than EXTRACT, which gives a numeric on
        # PostgreSQL 14+ and costs several times as much per row.
        return (
            f"(CAST(DATE_PART('year', {sql}) AS INTEGER) * 12"
            f" + CAST(DATE_PART('month', {sql}) AS INTEGER) - 1)",
            [*params, *params],
        )


class DayOfMonth(Func):
    """A date's day of the month as an integer, computed by the database (on SQLite read
    from the ISO text instead of through a per-row Python function)."""

    output_field = IntegerField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list]:
        sql, params = compiler.compile(self.source_expressions[0])
        return f"CAST(substr({sql}, 9, 2) AS INTEGER)", params

    def as_sql(
        self,
        compiler: Any,
        connection: Any,
        function: Any = None,
        template: Any = None,
        arg_joiner: Any = None,
        **extra_context: Any,
    ) -> tuple[str, list]:
        sql, params = compiler.compile(self.source_expressions[0])
        return f"CAST(DATE_PART('day', {sql}) AS INTEGER)", params


class LagDays(Func):
    """Whole days between a visit's date and the local calendar date it was reported.

    On SQLite the site's zone (Asia/Shanghai has had one offset since 1991) is applied with
    SQLite's own date functions instead of Django's per-row Python function: the late count
    then runs at the speed of the hand-written query.
    """

    output_field = IntegerField()

    def __init__(self, reported: str, visited: str, *, fixed_offset: timedelta | None) -> None:
        super().__init__(F(reported), F(visited))
        self.fixed_offset = fixed_offset

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list]:
        reported, reported_params = compiler.compile(self.source_expressions[0])
        visited, visited_params = compiler.compile(self.source_expressions[1])
        if self.fixed_offset is not None:
            seconds = int(self.fixed_offset.total_seconds())
            local = f"date({reported}, '{seconds:+d} seconds')"
            return (
                f"CAST(julianday({local}) - julianday({visited}) AS INTEGER)",
                [*reported_params, *visited_params],
            )
        # Django's own conversion, for a zone whose offset changes.
        local = f"django_datetime_cast_date({reported}, %s, %s)"
        sql = f"CAST(julianday({local}) - julianday({visited}) AS INTEGER)"
        zones = [settings.TIME_ZONE, connection.timezone_name]
        return sql, [*reported_params, *zones, *visited_params]

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list]:
        reported, reported_params = compiler.compile(self.source_expressions[0])
        visited, visited_params = compiler.compile(self.source_expressions[1])
        return (
            f"(({reported} AT TIME ZONE %s)::date - {visited})",
            [*reported_params, settings.TIME_ZONE, *visited_params],
        )


def fixed_offset(start: date, end: date) -> timedelta | None:
    """The site zone's UTC offset if it is the same all through the years around the period."""
    zone = ZoneInfo(settings.TIME_ZONE)
    offsets = {
        datetime(year, month, 15, 12, tzinfo=zone).utcoffset()
        for year in range(start.year - 1, max(end.year, date.today().year) + 2)
        for month in (1, 4, 7, 10)
    }
    return offsets.pop() if len(offsets) == 1 else None


def month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def month_bounds(month: int) -> tuple[date, date]:
    """The first and last day of the month with this index."""
    year, zero_based = divmod(month, 12)
    last = calendar.monthrange(year, zero_based + 1)[1]
    return date(year, zero_based + 1, 1), date(year, zero_based + 1, last)


def grouped(
    visits: QuerySet,
    columns: Sequence[str],
    *,
    late_days: int,
    start: date,
    end: date,
    flags: QuerySet | None = None,
    **extra: Any,
) -> QuerySet:
    """`visits` (dated in [start, end]) grouped by `columns` (which may name `month`), each
    row then: visits, unit-head-led, activities, late, flagged, last day of the month
    visited, and `extra`'s aggregates, in that order."""
    from baolian.visits.models import ACTIVITY_MASK, FlagReview, VisitFlag

    lag = LagDays("reported_at", "visited_on", fixed_offset=fixed_offset(start, end))
    flags = VisitFlag.objects.all() if flags is None else flags
    flagged = Exists(flags.filter(visit_id=OuterRef("pk")).exclude(review=FlagReview.ACCEPTED))
    return (
        visits.alias(activity_bits=F("kinds").bitand(int(ACTIVITY_MASK)), lag=lag)
        .annotate(month=MonthIndex("visited_on"))
        .order_by()
        .values_list(*columns)
        .annotate(
            visits=Count("id"),
            unit_head_led=Count("id", filter=Q(unit_head_led=True)),
            activities=Count("id", filter=~Q(activity_bits=0)),
            late=Count("id", filter=Q(reported_at_known=True, lag__gt=late_days)),
            flagged=Count("id", filter=Q(flagged)),
            last_day=Max(DayOfMonth("visited_on")),
            **extra,
        )
    )


# --- keeping the rows in step ----------------------------------------------------------------


class _Models:
    """The models to count with: the app's, or a migration's historical ones."""

    def __init__(self, apps: Any = None) -> None:
        if apps is None:
            from django.apps import apps as installed

            apps = installed
        self.Visit = apps.get_model("visits", "Visit")
        self.VisitFlag = apps.get_model("visits", "VisitFlag")
        self.VisitMonth = apps.get_model("visits", "VisitMonth")
        self.FlagMonth = apps.get_model("visits", "FlagMonth")
        self.Unit = apps.get_model("roster", "Unit")
        settings_row = apps.get_model("roster", "CampaignSettings").objects.order_by("pk").first()
        self.late_days = 3 if settings_row is None else settings_row.late_report_days


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    ordered = sorted(ids)
    for at in range(0, len(ordered), BATCH):
        yield ordered[at : at + BATCH]


def _recount(
    m: _Models, month: int, units: list[int] | None, communities: list[int] | None
) -> None:
    """Replaces the month's rows of `units` × `communities` (None: all) by a fresh count."""
    first, last = month_bounds(month)
    visits = m.Visit.objects.filter(deleted_at__isnull=True, visited_on__range=(first, last))
    rows = m.VisitMonth.objects.filter(month=month)
    flag_rows = m.FlagMonth.objects.filter(month=month)
    if units is not None:
        visits = visits.filter(ids_in("unit_id", units))
        rows = rows.filter(ids_in("unit_id", units))
        flag_rows = flag_rows.filter(ids_in("unit_id", units))
    if communities is not None:
        visits = visits.filter(ids_in("community_id", communities))
        rows = rows.filter(ids_in("community_id", communities))
        flag_rows = flag_rows.filter(ids_in("community_id", communities))
    rows.delete()
    flag_rows.delete()
    flags = (
        m.VisitFlag.objects.filter(visit__in=visits.values("pk"))
        .exclude(review="accepted")
        .order_by()
        .values_list("visit__unit_id", "visit__community_id", "kind")
        .annotate(n=Count("id"))
    )
    m.FlagMonth.objects.bulk_create(
        [
            m.FlagMonth(unit_id=unit, community_id=community, month=month, kind=kind, flags=n)
            for unit, community, kind, n in flags
        ],
        batch_size=1000,
    )
    counted = grouped(
        visits,
        ("unit_id", "community_id", "leader_id"),
        late_days=m.late_days,
        start=first,
        end=last,
        flags=m.VisitFlag.objects.all(),
    )
    m.VisitMonth.objects.bulk_create(
        [
            m.VisitMonth(
                unit_id=unit,
                community_id=community,
                leader_id=leader,
                month=month,
                visits=n,
                unit_head_led=head,
                activities=activities,
                late=late,
                late_days=m.late_days,
                flagged=flagged,
                last_day=last_day,
            )
            for unit, community, leader, n, head, activities, late, flagged, last_day in counted
        ],
        batch_size=1000,
    )


def refresh(keys: Iterable[Key]) -> None:
    """Recounts these (unit, community, month) rows from the live visits; inside the
    caller's transaction, or in one of its own."""
    by_month: dict[int, tuple[set[int], set[int]]] = defaultdict(lambda: (set(), set()))
    for unit, community, month in keys:
        by_month[month][0].add(unit)
        by_month[month][1].add(community)
    if not by_month:
        return
    m = _Models()
    with transaction.atomic():
        if connection.features.has_select_for_update:
            # Writers of the same unit's visits wait for each other here, so each recount
            # sees the other's committed visit (SQLite has one writer at a time anyway).
            # NO KEY UPDATE: it does not wait for the key-share lock that a writer of a
            # visit already holds on its unit (FOR UPDATE would: two writers, a deadlock).
            units = set().union(*(u for u, _c in by_month.values()))
            for chunk in _chunks(units):
                locked = m.Unit.objects.select_for_update(no_key=True).filter(ids_in("pk", chunk))
                list(locked.order_by("pk").values_list("pk"))
        for month, (units, communities) in sorted(by_month.items()):
            among = list(communities) if len(communities) <= BATCH else None
            for chunk in _chunks(units):
                _recount(m, month, chunk, among)


def rebuild(apps: Any = None) -> int:
    """Recounts every row from the live visits; returns how many rows there are."""
    m = _Models(apps)
    with transaction.atomic():
        m.VisitMonth.objects.all().delete()
        m.FlagMonth.objects.all().delete()
        days = m.Visit.objects.filter(deleted_at__isnull=True).dates("visited_on", "month")
        for first in days:
            _recount(m, month_index(first), None, None)
        return m.VisitMonth.objects.count()


@contextmanager
def deferred() -> Iterator[None]:
    """Within it, saves collect their recounts, run once at the end. After an error inside
    a transaction, whose writes are then undone, nothing is recounted; outside one, what was
    written (and committed) is."""
    if _pending.get() is not None:  # nested: the outer one recounts
        yield
        return
    keys: set[Key] = set()
    token = _pending.set(keys)
    try:
        yield
    except BaseException:
        _pending.reset(token)
        if not connection.in_atomic_block:
            refresh(keys)
        raise
    _pending.reset(token)
    refresh(keys)


def _changed(keys: Iterable[Key]) -> None:
    pending = _pending.get()
    if pending is None:
        refresh(keys)
    else:
        pending.update(keys)


def _key(unit: int, community: int, day: date) -> Key:
    return unit, community, month_index(day)


def _visit_before(sender: Any, instance: Any, update_fields: Any = None, **_kw: Any) -> None:
    instance._months_before = None
    if instance.pk is None or (update_fields is not None and not COUNTED_FIELDS & update_fields):
        return
    instance._months_before = (
        sender.objects.filter(pk=instance.pk)
        .values_list("unit_id", "community_id", "visited_on")
        .first()
    )


def _visit_saved(instance: Any, update_fields: Any = None, **_kw: Any) -> None:
    if update_fields is not None and not COUNTED_FIELDS & update_fields:
        return
    keys = {_key(instance.unit_id, instance.community_id, instance.visited_on)}
    before = getattr(instance, "_months_before", None)
    if before is not None:
        keys.add(_key(*before))
    _changed(keys)


def _visit_deleted(instance: Any, **_kw: Any) -> None:
    _changed({_key(instance.unit_id, instance.community_id, instance.visited_on)})


def _flag_written(sender: Any, instance: Any, update_fields: Any = None, **_kw: Any) -> None:
    from baolian.visits.models import Visit

    if update_fields is not None and not {"review", "visit", "visit_id"} & update_fields:
        return  # its reason or photo: the visit is as flagged as before

    visit = Visit.objects.filter(pk=instance.visit_id).values_list(
        "unit_id", "community_id", "visited_on"
    )
    for row in visit:  # none when the flag goes with its visit, which recounts itself
        _changed({_key(*row)})


def _settings_saved(instance: Any, **_kw: Any) -> None:
    from baolian.visits.models import VisitMonth

    if VisitMonth.objects.exclude(late_days=instance.late_report_days).exists():
        rebuild()


def connect_writes() -> None:
    from baolian.roster.models import CampaignSettings
    from baolian.visits.models import Visit, VisitFlag

    uid = "baolian.visits.months"
    pre_save.connect(_visit_before, sender=Visit, dispatch_uid=uid + ":visit-before")
    post_save.connect(_visit_saved, sender=Visit, dispatch_uid=uid + ":visit-saved")
    post_delete.connect(_visit_deleted, sender=Visit, dispatch_uid=uid + ":visit-deleted")
    post_save.connect(_flag_written, sender=VisitFlag, dispatch_uid=uid + ":flag-saved")
    post_delete.connect(_flag_written, sender=VisitFlag, dispatch_uid=uid + ":flag-deleted")
    post_save.connect(_settings_saved, sender=CampaignSettings, dispatch_uid=uid + ":settings")
