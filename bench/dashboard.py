"""Dashboard benchmark: `python -m bench.dashboard` (also run by `make bench`).

The office's dashboard page for a 3-month period, served through the whole stack (middleware,
session, template), against a bare Django view on the same stack that runs one aggregate
query over the same visits (visits per unit in the period), measured in the same run:

- cold (the figures cache emptied before each request): target at most 3× the floor;
- warm (figures cached since the last write): target at most 1.5× the floor.

The generated city is the oversight benchmark's (`bench/oversight.py`): small by default,
`BAOLIAN_BENCH_SIZE=medium` or `full` for the issue's big city.
"""

from __future__ import annotations

import os
import sys
import time

from bench.oversight import PERIOD, SIZES, _best, _line, build_city, setup_django


def floor_view(request: object) -> object:
    """One aggregate query over the period's visits, as JSON: the least a dashboard does."""
    from django.db.models import Count
    from django.http import JsonResponse

    from baolian.visits.models import Visit

    start, end = PERIOD
    rows = list(
        Visit.objects.filter(deleted_at__isnull=True, visited_on__range=(start, end))
        .order_by()
        .values("unit_id")
        .annotate(n=Count("id"))
    )
    return JsonResponse({"units": len(rows), "visits": sum(r["n"] for r in rows)})


def _urls() -> list:
    from django.contrib.auth.decorators import login_required
    from django.urls import include, path

    return [path("bench-floor/", login_required(floor_view)), path("", include("baolian.urls"))]


urlpatterns: list = []


def main() -> None:
    size_name = os.environ.get("BAOLIAN_BENCH_SIZE", "small")
    size = SIZES[size_name]
    setup_django()
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.urls import clear_url_caches

    # `python -m` runs this file as __main__; Django imports it again as bench.dashboard.
    import bench.dashboard as as_urlconf
    from baolian.accounts.models import Role, User

    as_urlconf.urlpatterns[:] = _urls()
    settings.ROOT_URLCONF = "bench.dashboard"
    settings.ALLOWED_HOSTS = ["testserver"]
    clear_url_caches()

    started = time.perf_counter()
    build_city(size)
    print(
        f"dashboard: {size_name} city on {connection.vendor}: {size['visits']:,} visits "
        f"(built in {time.perf_counter() - started:.0f} s)"
    )
    office, _new = User.objects.get_or_create(
        username="bench-office", defaults={"role": Role.ADMIN}
    )
    client = Client()
    client.force_login(office)
    start, end = PERIOD
    page = f"/dashboard/?from={start}&to={end}"

    def get(path: str) -> None:
        response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"GET {path} answered {response.status_code}")

    def cold() -> None:
        cache.clear()
        get(page)

    repeat = 3 if size_name == "full" else 7
    get("/bench-floor/")  # warm the connection and the page cache of the database
    floor, floor_med = _best(lambda: get("/bench-floor/"), repeat)
    ours_cold, cold_med = _best(cold, repeat)
    get(page)
    ours_warm, warm_med = _best(lambda: get(page), repeat)
    from baolian.oversight.metrics import period_metrics

    # What a cold page is made of: the period's metrics, then one per month for the charts.
    metrics, metrics_med = _best(lambda: period_metrics(start=start, end=end), repeat)
    _line("floor: one aggregate over the visits", floor, floor_med)
    _line(
        "  (period_metrics of the period alone)",
        metrics,
        metrics_med,
        f"{metrics / floor:5.2f}x floor",
    )
    _line("dashboard, cold cache", ours_cold, cold_med, f"{ours_cold / floor:5.2f}x floor (≤ 3)")
    _line("dashboard, warm cache", ours_warm, warm_med, f"{ours_warm / floor:5.2f}x floor (≤ 1.5)")


if __name__ == "__main__":
    sys.exit(main())
