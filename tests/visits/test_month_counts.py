"""The visits counted by month (`VisitMonth`): kept equal to a fresh count by every write,
and giving the metrics the same figures as a scan of the visits themselves."""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baolian.accounts.scoping import scope_of
from baolian.oversight.metrics import (
    flags_by_kind,
    flags_scanned,
    metrics_json,
    monthly_metrics,
    period_metrics,
)
from baolian.roster.models import CampaignSettings, Pairing
from baolian.visits import months
from baolian.visits.models import FlagKind, FlagMonth, FlagReview, Visit, VisitFlag, VisitMonth

SHANGHAI = ZoneInfo("Asia/Shanghai")
FIRST = date(2021, 3, 20)  # visits fall from here to about mid-July 2021
DAYS = 118

# The database fixture spans the examples: each one writes inside a transaction it undoes.
examples = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def rows() -> list[tuple]:
    return sorted(
        VisitMonth.objects.values_list(
            "unit_id",
            "community_id",
            "leader_id",
            "month",
            "visits",
            "unit_head_led",
            "activities",
            "late",
            "late_days",
            "flagged",
            "last_day",
        ),
        key=repr,
    )


def flag_rows() -> list[tuple]:
    return sorted(
        FlagMonth.objects.values_list("unit_id", "community_id", "month", "kind", "flags")
    )


def reported(day: date, lag: int) -> datetime:
    return datetime.combine(day + timedelta(days=lag), time(23, 30), tzinfo=SHANGHAI)


visit = st.tuples(
    st.integers(0, 2),  # unit
    st.integers(0, 3),  # community
    st.integers(0, DAYS),  # day
    st.sampled_from([None, 0, 1]),  # leader
    st.booleans(),  # led by the unit's head
    st.integers(0, 127),  # kinds
    st.integers(0, 6),  # days taken to report
    st.booleans(),  # reporting time known
)
operation = st.one_of(
    st.tuples(st.just("add"), visit),
    st.tuples(st.just("move"), st.integers(0, 30), visit),
    st.tuples(st.just("delete"), st.integers(0, 30)),
    st.tuples(st.just("restore"), st.integers(0, 30)),
    st.tuples(st.just("flag"), st.integers(0, 30), st.sampled_from(list(FlagKind))),
    st.tuples(st.just("accept"), st.integers(0, 30)),
    st.tuples(st.just("unflag"), st.integers(0, 30)),
    st.tuples(st.just("drop"), st.integers(0, 30)),
    st.tuples(st.just("confirm"), st.integers(0, 30)),
)


def _fields(city: object, drawn: tuple) -> dict:
    unit, community, day, leader, head, kinds, lag, known = drawn
    units = (city.unit_a, city.unit_b, city.unit_c)
    communities = (city.c11, city.c12, city.c21, city.c22)
    on = FIRST + timedelta(days=day)
    return {
        "unit": units[unit],
        "community": communities[community],
        "visited_on": on,
        "leader": None if leader is None else (city.leader1, city.leader2)[leader],
        "unit_head_led": head,
        "kinds": kinds,
        "reported_at": reported(on, lag),
        "reported_at_known": known,
    }


def _apply(city: object, ops: list[tuple]) -> None:
    """Writes as the services, the importer and the admin do: through the model's save and
    delete, with and without `update_fields`."""
    made: list[Visit] = []
    for op, *args in ops:
        if op == "add":
            made.append(Visit.objects.create(summary="调研", **_fields(city, args[0])))
            continue
        alive = [v for v in made if v.pk is not None]
        if not alive:
            continue
        v = alive[args[0] % len(alive)]
        if op == "move":
            for name, value in _fields(city, args[1]).items():
                setattr(v, name, value)
            v.save()
        elif op in ("delete", "restore"):
            v.deleted_at = timezone.now() if op == "delete" else None
            v.save(update_fields=["deleted_at", "updated_at"])
        elif op == "flag":
            VisitFlag.objects.get_or_create(visit=v, kind=args[1], defaults={"reason": "测试"})
        elif op == "accept":
            for flag in v.flags.all():
                flag.review = FlagReview.ACCEPTED
                flag.save(update_fields=["review"])
        elif op == "unflag":
            for flag in v.flags.all():
                flag.delete()
        elif op == "drop":
            v.delete()
            v.pk = None
        elif op == "confirm":
            v.confirmation = "confirmed"
            v.save(update_fields=["confirmation"])


@examples
@given(ops=st.lists(operation, max_size=25))
def test_after_any_writes_the_counted_months_equal_a_fresh_count(ops, city):
    with transaction.atomic():
        _apply(city, ops)
        kept, kept_flags = rows(), flag_rows()
        months.rebuild()
        assert kept == rows()
        assert kept_flags == flag_rows()
        open_flags = VisitFlag.objects.filter(visit__deleted_at__isnull=True).exclude(
            review=FlagReview.ACCEPTED
        )
        assert sum(r[4] for r in kept_flags) == open_flags.count()
        assert sum(r[4] for r in kept) == Visit.objects.alive().count()
        transaction.set_rollback(True)


def _scanned(fn: object) -> object:
    """What `fn()` gives when the counted rows cannot be used (counted by another number of
    days allowed to report): the visits themselves are scanned."""
    VisitMonth.objects.update(late_days=F("late_days") + 100)
    try:
        return fn()
    finally:
        VisitMonth.objects.update(late_days=F("late_days") - 100)


@examples
@given(
    visits=st.lists(visit, max_size=30),
    starts=st.lists(st.integers(0, 90), min_size=3, max_size=3),
    ends=st.lists(st.one_of(st.none(), st.integers(20, 140)), min_size=3, max_size=3),
    period=st.tuples(st.integers(0, DAYS), st.integers(0, DAYS)),
)
def test_the_metrics_from_counted_months_equal_a_scan_of_the_visits(
    visits, starts, ends, period, city, users
):
    start, end = sorted(FIRST + timedelta(days=d) for d in period)
    # Pairings that begin and end on any day: some months of a unit are then judged in
    # part, visit by visit.
    with transaction.atomic():
        for pairing, began, ended in zip(city.pairings, starts, ends, strict=True):
            pairing.started_on = FIRST + timedelta(days=began)
            pairing.ended_on = None if ended is None else FIRST + timedelta(days=began + ended)
            pairing.save()
        Pairing.objects.create(
            unit=city.unit_a, community=city.c22, started_on=FIRST + timedelta(days=starts[0] // 2)
        )
        for n, drawn in enumerate(visits):
            made = Visit.objects.create(summary="调研", **_fields(city, drawn))
            kinds = list(FlagKind)
            if n % 3 == 0:
                VisitFlag.objects.create(visit=made, kind=kinds[n % len(kinds)], reason="测试")
            if n % 4 == 0:
                review = FlagReview.ACCEPTED if n % 8 == 0 else FlagReview.PROBLEM
                VisitFlag.objects.create(
                    visit=made, kind=FlagKind.LATE, reason="测试", review=review
                )
        for role in ("admin", "liaison", "street", "leader"):
            scope = scope_of(users[role])
            both = {
                "period": lambda s=scope: metrics_json(
                    period_metrics(start=start, end=end, scope=s)
                ),
                "months": lambda s=scope: monthly_metrics(start=start, end=end, scope=s),
            }
            for name, fn in both.items():
                assert fn() == _scanned(fn), (role, name)
            assert flags_by_kind(start=start, end=end, scope=scope) == flags_scanned(
                start=start, end=end, scope=scope
            ), role
        transaction.set_rollback(True)


def test_a_whole_month_is_read_from_its_counted_rows(city):
    Visit.objects.create(
        unit=city.unit_a,
        community=city.c11,
        visited_on=date(2021, 5, 10),
        reported_at=reported(date(2021, 5, 10), 0),
    )
    may = {"start": date(2021, 5, 1), "end": date(2021, 5, 31)}
    assert period_metrics(**may).visits_total == 1
    VisitMonth.objects.update(visits=7)  # never done: shows which rows are read
    assert period_metrics(**may).visits_total == 7
    # A period that cuts the month scans its visits.
    assert period_metrics(start=date(2021, 5, 2), end=date(2021, 5, 31)).visits_total == 1


def test_changing_the_days_allowed_to_report_recounts_the_late_visits(city):
    day = date(2021, 5, 10)
    Visit.objects.create(
        unit=city.unit_a, community=city.c11, visited_on=day, reported_at=reported(day, 4)
    )
    may = {"start": date(2021, 5, 1), "end": date(2021, 5, 31)}
    campaign = CampaignSettings.load()
    assert campaign.late_report_days == 3
    assert period_metrics(**may).late_visits == 1
    campaign.late_report_days = 5
    campaign.save()
    assert set(VisitMonth.objects.values_list("late_days", flat=True)) == {5}
    assert period_metrics(**may).late_visits == 0


def test_deferred_writes_count_once_at_the_end_and_not_at_all_after_an_error(city):
    def add(day: int) -> None:
        on = date(2021, 5, day)
        Visit.objects.create(
            unit=city.unit_a, community=city.c11, visited_on=on, reported_at=reported(on, 0)
        )

    with months.deferred():
        add(3)
        add(4)
        assert not VisitMonth.objects.exists()  # nothing counted yet
    assert rows()[0][4] == 2
    with pytest.raises(RuntimeError), transaction.atomic(), months.deferred():
        add(5)
        raise RuntimeError("the import failed")
    assert rows()[0][4] == 2


def test_the_migration_counts_the_visits_already_there(city):
    """Run with the migration's own (historical) models, as on an upgraded server."""
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    for day in (date(2021, 4, 30), date(2021, 5, 1), date(2021, 5, 2)):
        Visit.objects.create(
            unit=city.unit_a, community=city.c11, visited_on=day, reported_at=reported(day, 5)
        )
    counted = rows()
    VisitMonth.objects.all().delete()
    state = MigrationLoader(connection).project_state(("visits", "0005_visit_months"))
    assert months.rebuild(state.apps) == 2
    assert rows() == counted
    assert [(r[3] % 12 + 1, r[4], r[7], r[10]) for r in counted] == [(4, 1, 1, 30), (5, 2, 2, 2)]


@pytest.mark.django_db(transaction=True)
def test_two_writers_of_one_units_visits_at_once_are_all_counted(city):
    """Two liaisons of a unit report at the same moments: no visit is missed by the other's
    recount and neither writer fails (PostgreSQL; SQLite lets one writer at a time in, so
    there is nothing to race)."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time: writes cannot interleave")
    start = threading.Barrier(2, timeout=20)
    failures: list[BaseException] = []

    def report(days: range) -> None:
        try:
            start.wait()
            for day in days:
                on = date(2021, 5, day)
                with transaction.atomic():
                    Visit.objects.create(
                        unit=city.unit_a,
                        community=city.c11,
                        visited_on=on,
                        reported_at=reported(on, 0),
                    )
        except BaseException as exc:  # noqa: BLE001 — reported below
            failures.append(exc)
        finally:
            connections.close_all()

    writers = [
        threading.Thread(target=report, args=(days,)) for days in (range(1, 9), range(11, 19))
    ]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(timeout=60)
    assert not failures
    assert [r[4] for r in rows()] == [16]


def test_counts_gone_stale_by_a_direct_edit_give_figures_not_a_failed_page(city):
    pairing = city.pairings[0]
    pairing.started_on = date(2021, 5, 10)  # May is judged from the 10th: counted apart
    pairing.save()
    day = date(2021, 5, 12)
    Visit.objects.create(
        unit=city.unit_a, community=city.c11, visited_on=day, reported_at=reported(day, 0)
    )
    VisitMonth.objects.all().delete()  # by hand, without `visits_check --recount`
    metrics = period_metrics(start=date(2021, 4, 1), end=date(2021, 6, 30))
    assert metrics.visits_total == 0  # stale until recounted
    call_command("visits_check", "--recount", stdout=io.StringIO())
    assert period_metrics(start=date(2021, 4, 1), end=date(2021, 6, 30)).visits_total == 1
