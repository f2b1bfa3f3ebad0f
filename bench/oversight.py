"""Oversight benchmarks: `python -m bench.oversight` (also run by `make bench`).

1. The full metrics of a 3-month period against the same aggregates written by hand as SQL
   (one statement per grouping, FILTER clauses, the visit's local date computed by the
   database), measured in the same run on the same data. Target: at most 3×.
2. A complete .docx bulletin with its annex against python-docx writing the same paragraphs
   and the same table with its own API and no logic of ours. Target: at most 2×.

The generated city is small by default (`BAOLIAN_BENCH_SIZE=medium`: 300,000 visits);
`BAOLIAN_BENCH_SIZE=full` builds the issue's big city
(2,000 units, 3,000 communities, 2,000,000 visits over 5 years; generating it takes a while).
It runs on a fresh SQLite file, or on `BAOLIAN_BENCH_DATABASE_URL` (e.g. PostgreSQL), which
must hold no roster yet: the benchmark never writes into a real city. `BAOLIAN_BENCH_REUSE=1`
measures again on the city an earlier run generated in that database.
"""

from __future__ import annotations

import io
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone

SIZES = {
    "small": {"units": 200, "communities": 300, "streets": 12, "visits": 30_000},
    "medium": {"units": 1000, "communities": 1500, "streets": 30, "visits": 300_000},
    "full": {"units": 2000, "communities": 3000, "streets": 60, "visits": 2_000_000},
}
FIRST_DAY, DAYS = date(2019, 1, 1), 5 * 365
PERIOD = (date(2021, 4, 1), date(2021, 6, 30))


def _best(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def _line(label: str, best: float, median: float, ratio: str = "") -> None:
    print(f"{label:<44} best {best * 1e3:9.1f} ms  median {median * 1e3:9.1f} ms  {ratio}")


def setup_django() -> None:
    folder = tempfile.mkdtemp(prefix="baolian-bench-oversight-")
    os.environ["BAOLIAN_DATA_DIR"] = folder
    os.environ["DATABASE_URL"] = os.environ.get(
        "BAOLIAN_BENCH_DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3"
    )
    os.environ["DJANGO_SETTINGS_MODULE"] = "baolian.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build_city(size: dict[str, int], seed: int = 2021) -> None:
    from django.db import transaction

    from baolian.lib.text import community_key, name_key
    from baolian.problems.models import Problem, ProblemState
    from baolian.roster.models import Community, Leader, Pairing, Street, Unit
    from baolian.support.models import MeasureState, SupportMeasure
    from baolian.visits import months
    from baolian.visits.models import Visit, VisitFlag

    if Unit.objects.exists():
        if os.environ.get("BAOLIAN_BENCH_REUSE") == "1" and Visit.objects.exists():
            return  # the city a previous run generated here (BAOLIAN_BENCH_REUSE=1)
        raise SystemExit("the benchmark database already holds a roster: give it an empty one")
    rng = random.Random(seed)
    with transaction.atomic():
        streets = Street.objects.bulk_create(
            Street(name=f"第{i}街道", key=name_key(f"第{i}街道"), sort_order=i)
            for i in range(size["streets"])
        )
        communities = Community.objects.bulk_create(
            Community(
                street=streets[i % len(streets)],
                name=f"第{i}社区",
                key=community_key(f"第{i}社区"),
                sort_order=i,
            )
            for i in range(size["communities"])
        )
        units = Unit.objects.bulk_create(
            Unit(name=f"市第{i}局", key=name_key(f"市第{i}局"), sort_order=i)
            for i in range(size["units"])
        )
        leaders = Leader.objects.bulk_create(
            Leader(name=f"领导{i}", key=name_key(f"领导{i}"), sort_order=i)
            for i in range(max(1, size["units"] // 20))
        )
        pairings = []
        paired: dict[int, list[int]] = {}
        for i, community in enumerate(communities):
            unit = units[i % len(units)]
            started = FIRST_DAY + timedelta(days=rng.choice([0, 0, 0, 400, 850]))
            ended = started + timedelta(days=900) if rng.random() < 0.1 else None
            pairings.append(
                Pairing(
                    unit=unit,
                    community=community,
                    leader=leaders[unit.pk % len(leaders)],
                    started_on=started,
                    ended_on=ended,
                )
            )
            paired.setdefault(unit.pk, []).append(community.pk)
        Pairing.objects.bulk_create(pairings)
        unit_ids = [u.pk for u in units]
        leader_ids = [le.pk for le in leaders]
        batch: list[Visit] = []
        flagged_every = 20
        for n in range(size["visits"]):
            unit_id = rng.choice(unit_ids)
            day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
            reported = datetime(day.year, day.month, day.day, tzinfo=timezone.utc) + timedelta(
                hours=rng.randrange(0, 7 * 24)
            )
            batch.append(
                Visit(
                    client_id=uuid.UUID(int=rng.getrandbits(128)),
                    unit_id=unit_id,
                    community_id=rng.choice(paired[unit_id]),
                    visited_on=day,
                    leader_id=rng.choice(leader_ids) if rng.random() < 0.2 else None,
                    unit_head_led=rng.random() < 0.5,
                    kinds=rng.randrange(1, 128),
                    reported_at=reported,
                    summary="调研指导创卫工作",
                    deleted_at=reported if n % 100 == 0 else None,
                )
            )
            if len(batch) == 10_000:
                Visit.objects.bulk_create(batch)
                batch = []
        Visit.objects.bulk_create(batch)
        first_id = Visit.objects.order_by("pk").values_list("pk", flat=True).first() or 0
        VisitFlag.objects.bulk_create(
            VisitFlag(visit_id=first_id + i, kind="photo_only", reason="bench")
            for i in range(0, size["visits"], flagged_every)
        )
        states = list(MeasureState)
        SupportMeasure.objects.bulk_create(
            SupportMeasure(
                unit_id=(unit_id := rng.choice(unit_ids)),
                community_id=rng.choice(paired[unit_id]),
                given_on=FIRST_DAY + timedelta(days=rng.randrange(DAYS)),
                category="funds",
                content="捐赠",
                amount_yuan=rng.randrange(100, 100_000),
                state=rng.choice(states),
            )
            for _ in range(size["visits"] // 20)
        )
        community_ids = [c.pk for c in communities]
        problems = []
        for _ in range(size["visits"] // 10):
            found = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
            closed = rng.random() < 0.6
            problems.append(
                Problem(
                    community_id=rng.choice(community_ids),
                    description="垃圾乱堆放",
                    found_on=found,
                    deadline=found + timedelta(days=30),
                    state=ProblemState.CLOSED if closed else ProblemState.OPEN,
                    closed_on=found + timedelta(days=rng.randrange(60)) if closed else None,
                )
            )
        Problem.objects.bulk_create(problems, batch_size=10_000)
        # Bulk inserts send no signal: the visits are counted by month once, at the end.
        months.rebuild()
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def hand_sql(start: date, end: date) -> list[list[tuple]]:
    """The metrics' aggregates as one would write them by hand, all fetched."""
    from django.conf import settings
    from django.db import connection

    from baolian.oversight.periods import month_slices
    from baolian.roster.models import CampaignSettings

    campaign = CampaignSettings.load()
    late, idle = campaign.late_report_days, campaign.support_idle_days
    if connection.vendor == "postgresql":
        lag = "((v.reported_at AT TIME ZONE %s)::date - v.visited_on)"
        lag_params = [settings.TIME_ZONE]
        idle_limit = "%s::date"
    else:
        lag = "(julianday(date(v.reported_at, '+28800 seconds')) - julianday(v.visited_on))"
        lag_params = []
        idle_limit = "%s"
    judged = (
        "EXISTS (SELECT 1 FROM roster_pairing p WHERE p.unit_id = v.unit_id "
        "AND p.started_on <= v.visited_on AND (p.ended_on IS NULL OR p.ended_on >= v.visited_on))"
    )
    months = month_slices(start, end)
    per_month = ", ".join(
        f"COUNT(*) FILTER (WHERE {judged} AND v.visited_on BETWEEN %s AND %s)" for _ in months
    )
    month_params = [d for s in months for d in (s.first, s.last)]
    alive = "v.deleted_at IS NULL AND v.visited_on BETWEEN %s AND %s"
    statements = [
        (
            "SELECT unit_id, community_id, community.street_id, leader_id, started_on, ended_on "
            "FROM roster_pairing JOIN roster_community community ON community.id = community_id "
            "WHERE started_on <= %s AND (ended_on IS NULL OR ended_on >= %s)",
            [end, start],
        ),
        (
            f"SELECT v.unit_id, COUNT(*), COUNT(*) FILTER (WHERE v.leader_id IS NOT NULL), "
            "COUNT(*) FILTER (WHERE v.unit_head_led), "
            "COUNT(*) FILTER (WHERE (v.kinds & 12) <> 0), "
            f"COUNT(*) FILTER (WHERE {lag} > %s), MAX(v.visited_on), {per_month} "
            f"FROM visits_visit v WHERE {alive} GROUP BY v.unit_id",
            [*lag_params, late, *month_params, start, end],
        ),
        (
            "SELECT v.community_id, COUNT(*), COUNT(*) FILTER (WHERE (v.kinds & 12) <> 0), "
            f"COUNT(DISTINCT v.unit_id), MAX(v.visited_on) FROM visits_visit v WHERE {alive} "
            "GROUP BY v.community_id",
            [start, end],
        ),
        (
            "SELECT v.leader_id, COUNT(*), COUNT(DISTINCT v.community_id) FROM visits_visit v "
            f"WHERE {alive} AND v.leader_id IS NOT NULL GROUP BY v.leader_id",
            [start, end],
        ),
        (
            f"SELECT v.unit_id, COUNT(*) FROM visits_visit v WHERE {alive} AND EXISTS "
            "(SELECT 1 FROM visits_visitflag f WHERE f.visit_id = v.id AND f.review <> 'accepted')"
            " GROUP BY v.unit_id",
            [start, end],
        ),
        (
            "SELECT p.unit_id, p.community_id FROM roster_pairing p WHERE p.started_on <= %s "
            "AND (p.ended_on IS NULL OR p.ended_on >= %s) AND NOT EXISTS (SELECT 1 FROM "
            "visits_visit v WHERE v.unit_id = p.unit_id AND v.community_id = p.community_id "
            "AND v.deleted_at IS NULL AND v.visited_on <= %s)",
            [end, start, end],
        ),
        (
            "SELECT unit_id, community_id, SUM(amount_yuan) FILTER (WHERE state <> 'planned'), "
            "SUM(amount_yuan) FILTER (WHERE state = 'planned') FROM support_supportmeasure "
            "WHERE deleted_at IS NULL AND given_on BETWEEN %s AND %s "
            "GROUP BY unit_id, community_id",
            [start, end],
        ),
        (
            "SELECT unit_id, COUNT(*) FROM support_supportmeasure WHERE deleted_at IS NULL AND "
            f"state = 'planned' AND given_on <= %s AND COALESCE(progressed_on, given_on) < "
            f"{idle_limit} GROUP BY unit_id",
            [end, end - timedelta(days=idle)],
        ),
        (
            "SELECT community_id, COUNT(*) FILTER (WHERE found_on >= %s), "
            "COUNT(*) FILTER (WHERE state = 'closed' AND day BETWEEN %s AND %s), "
            "COUNT(*) FILTER (WHERE state = 'closed' AND day BETWEEN %s AND %s AND "
            "(deadline IS NULL OR day <= deadline)), "
            "COUNT(*) FILTER (WHERE deadline < %s AND NOT (state = 'closed' AND "
            "(day IS NULL OR day <= %s))), "
            "COUNT(*) FILTER (WHERE NOT (state = 'closed' AND (day IS NULL OR "
            "day <= %s))) FROM (SELECT *, COALESCE(closed_on, rectified_on) AS day "
            "FROM problems_problem) p WHERE deleted_at IS NULL AND found_on <= %s "
            "GROUP BY community_id",
            [start, start, end, start, end, end, end, end, end],
        ),
        ("SELECT id, name, sort_order FROM roster_unit", []),
        ("SELECT id, name, street_id, sort_order FROM roster_community", []),
        ("SELECT id, name, title, sort_order FROM roster_leader", []),
        ("SELECT id, name FROM roster_street", []),
    ]
    results = []
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
            results.append(cursor.fetchall())
    return results


def floor_docx(paragraphs: list[str], headers: list[str], rows: list[list[str]]) -> bytes:
    """python-docx alone: the same paragraphs and table, no fonts, no layout, no logic."""
    from docx import Document

    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    table = document.add_table(rows=1, cols=len(headers))
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def main() -> None:
    size_name = os.environ.get("BAOLIAN_BENCH_SIZE", "small")
    size = SIZES[size_name]
    setup_django()
    from django.db import connection

    from baolian.oversight.documents import build_document
    from baolian.oversight.metrics import metrics_json, period_metrics
    from baolian.oversight.render_docx import render_docx
    from baolian.oversight.writing import write_body

    started = time.perf_counter()
    build_city(size)
    print(
        f"oversight: {size_name} city on {connection.vendor}: {size['units']} units, "
        f"{size['communities']} communities, {size['visits']:,} visits over 5 years "
        f"(built in {time.perf_counter() - started:.0f} s)"
    )
    start, end = PERIOD
    repeat = 3 if size_name == "full" else 5
    floor, floor_med = _best(lambda: hand_sql(start, end), repeat)
    ours, ours_med = _best(lambda: period_metrics(start=start, end=end), repeat)
    _line("floor: the aggregates as hand-written SQL", floor, floor_med)
    _line("period_metrics, 3 months", ours, ours_med, f"{ours / floor:5.2f}x floor (≤ 3)")

    metrics = period_metrics(start=start, end=end)
    doc = build_document(
        city="示例市",
        year=2021,
        number=18,
        body=write_body(metrics, cutoff=True, office="市创卫办"),
        issuer="市创卫办",
        issued_on=end,
        figures=metrics_json(metrics),
    )
    paragraphs = [doc.title, doc.issue, *(b.lead + b.text for b in doc.blocks)]
    paragraphs += [doc.issuer, doc.issued_text, "附件", doc.annex_title]
    repeat = 2 if size_name == "full" else 3
    dfloor, dfloor_med = _best(
        lambda: floor_docx(paragraphs, doc.annex_headers, doc.annex_rows), repeat
    )
    dours, dours_med = _best(lambda: render_docx(doc), repeat)
    _line(f"floor: python-docx, {len(doc.annex_rows)}-row annex", dfloor, dfloor_med)
    _line(
        "bulletin .docx (GB/T 9704 layout)", dours, dours_med, f"{dours / dfloor:5.2f}x floor (≤ 2)"
    )


if __name__ == "__main__":
    sys.exit(main())
