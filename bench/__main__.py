"""Benchmarks: `make bench` (or `python -m bench`).

Each figure is a ratio against a floor measured in the same run on the same machine, so the
numbers compare across machines: the import against openpyxl merely reading the same
workbook, the roster pages against a trivial page served by the same stack.
Runs on the embedded SQLite in a temporary folder (or DATABASE_URL if set).
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable


def _best(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def main() -> None:
    if sys.argv[1:] == ["photos"]:  # one topic alone: `python -m bench photos`
        from bench import photos

        photos.main()
        return
    if sys.argv[1:] == ["visits"]:  # `python -m bench visits`
        from bench import visits

        visits.main()
        return
    if sys.argv[1:] == ["problems"]:
        from bench import problems

        problems.main()
        return
    folder = tempfile.mkdtemp(prefix="baolian-bench-")
    os.environ.setdefault("BAOLIAN_DATA_DIR", folder)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3")
    os.environ["DJANGO_SETTINGS_MODULE"] = "baolian.settings"
    os.environ["BAOLIAN_ALLOWED_HOSTS"] = "testserver"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    import openpyxl
    from django.test import Client

    from baolian.accounts.models import User
    from baolian.accounts.scoping import office_user
    from baolian.demo.city import demo_city_build
    from baolian.imports.engine import import_file
    from baolian.lib.xlsx import write_xlsx
    from baolian.roster.exporters import roster_sheets

    demo_city_build(seed=2021)
    workbook = write_xlsx(roster_sheets(office_user()))
    rows = sum(1 for s in openpyxl.load_workbook(io.BytesIO(workbook)).worksheets for _ in s.rows)

    floor, floor_med = _best(
        lambda: openpyxl.load_workbook(io.BytesIO(workbook), data_only=True), 5
    )
    dry, dry_med = _best(lambda: import_file(data=workbook, filename="r.xlsx", dry_run=True), 5)
    print(f"roster workbook: {rows} rows, {len(workbook) // 1024} KB")
    _line("floor: openpyxl loads it", floor, floor_med, "")
    _line("import --dry-run (re-import)", dry, dry_med, f"{dry / floor:5.1f}x floor")

    client = Client()
    for username in ("office", "liaison"):
        client.force_login(User.objects.get(username=username))
        base, base_med = _best(lambda: _ok(client, "/password/"), 10)
        _line(f"{username}: floor, a trivial page", base, base_med, "")
        for path in ("/units/", "/communities/", "/roster/export.xlsx"):
            best, med = _best(lambda p=path: _ok(client, p), 10)
            _line(f"{username}: GET {path}", best, med, f"{best / base:5.1f}x floor")

    from bench import photos

    photos.bench_processing()
    photos.bench_lookup()

    from bench import visits

    visits.bench_submit()


def _ok(client: object, path: str) -> object:
    response = client.get(path)
    if response.status_code != 200:  # a benchmark of an error page measures nothing
        raise SystemExit(f"GET {path} answered {response.status_code}")
    return response


def _line(label: str, best: float, median: float, ratio: str) -> None:
    print(f"{label:<36} best {best * 1e3:8.1f} ms  median {median * 1e3:8.1f} ms  {ratio}")


# Other topics run in their own process (each sets Django up its own way):
# `python -m bench` runs them all, `python -m bench api` one.
TOPICS = {"api": "bench.api"}


def run_topics(names: list[str]) -> None:
    import subprocess

    for name in names:
        print(f"\n== {name}")
        subprocess.run([sys.executable, "-m", TOPICS[name]], check=True)


if __name__ == "__main__":
    chosen = sys.argv[1:]
    if chosen and chosen[0] in TOPICS:
        run_topics(chosen)
    else:
        main()
        if not chosen:
            run_topics(list(TOPICS))
