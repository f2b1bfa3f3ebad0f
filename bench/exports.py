"""The roster export against openpyxl's write_only mode writing the same rows.

    python -m bench exports                    # 1,000 communities
    BAOLIAN_BENCH_ROWS=50000 python -m bench exports

Target (issue 5): ≤ 3× the floor, with memory that does not grow with the row count.

Then sixteen exports at once (BAOLIAN_BENCH_CONCURRENT) over real HTTP against `baolian serve`
(gunicorn with its default workers and timeout), on a roster of BAOLIAN_BENCH_ROWS
communities and on one of half as many (BAOLIAN_BENCH_SERVE_ROWS overrides both): each
export's time and status, whether gunicorn reported a worker timeout, and each worker's peak
resident memory (VmHWM), which must not grow with the roster. BAOLIAN_BENCH_SERVE_ONLY=1
runs this part alone (the first part imports the roster, slow at 50,000 rows).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
import urllib.request
from pathlib import Path
from typing import Any

from bench.common import best, database, env_sizes, line, setup
from bench.imports import empty_roster, roster_workbook


def write_floor(sheets: list[tuple[str, list[list[Any]]]]) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for name, rows in sheets:
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
    with tempfile.TemporaryFile() as file:
        book.save(file)


def export() -> None:
    from baolian.accounts.scoping import office_user
    from baolian.lib.xlsx import xlsx_file
    from baolian.roster.exporters import roster_sheets

    with xlsx_file(roster_sheets(office_user())):
        pass


def load(rows: int) -> list[tuple[str, list[list[Any]]]]:
    from baolian.accounts.scoping import office_user
    from baolian.imports.runner import import_file
    from baolian.roster.exporters import roster_sheets

    empty_roster()
    import_file(data=roster_workbook(rows), filename="roster.xlsx")
    # The same rows, already in memory, for the floor.
    sheets = roster_sheets(office_user())
    return [(s.name, [list(s.headers), *map(list, s.rows)]) for s in sheets]


def peak_memory() -> int:
    tracemalloc.start()
    export()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(child) for child in text.split()]


def _peak_rss_mb(pid: int) -> float:
    for row in Path(f"/proc/{pid}/status").read_text().splitlines():
        if row.startswith("VmHWM:"):
            return int(row.split()[1]) / 1024
    return 0.0


def _office_session() -> str:
    from django.test import Client

    from baolian.accounts.models import User

    user, _created = User.objects.get_or_create(
        username="bench-export-office",
        defaults={"role": "admin", "is_staff": True, "is_superuser": True},
    )
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def serve_exports(communities: int, concurrent: int) -> dict[str, Any]:
    """A roster of `communities`, `baolian serve` on it, `concurrent` exports at once."""
    from django.db import connection

    from baolian.accounts.models import User
    from bench.lists import build_roster

    User.objects.filter(username__startswith="bench-").delete()
    empty_roster()
    build_roster(communities)
    session = _office_session()
    connection.close()  # the server's workers open their own
    port = _free_port()
    env = {**os.environ, "BAOLIAN_ALLOWED_HOSTS": "127.0.0.1", "BAOLIAN_LOG_LEVEL": "WARNING"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    log = tempfile.TemporaryFile()
    server = subprocess.Popen(
        [sys.executable, "-m", "baolian", "serve", "--bind", f"127.0.0.1:{port}", "--no-worker"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"{url}/login/", timeout=5).read()
                break
            except OSError:
                time.sleep(0.2)
        workers = _children(server.pid)
        results: list[tuple[float, str, int]] = []

        def fetch() -> None:
            request = urllib.request.Request(
                f"{url}/roster/export.xlsx", headers={"Cookie": f"sessionid={session}"}
            )
            start = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=600) as response:
                    size = len(response.read())
                    status = str(response.status)
            except Exception as exc:  # noqa: BLE001 - a bench reports what failed, and goes on
                size, status = 0, type(exc).__name__
            results.append((time.perf_counter() - start, status, size))

        threads = [threading.Thread(target=fetch) for _ in range(concurrent)]
        start = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - start
        peaks = [_peak_rss_mb(pid) for pid in workers if Path(f"/proc/{pid}").exists()]
    finally:
        server.terminate()
        server.wait(timeout=30)
    log.seek(0)
    timeouts = log.read().decode(errors="replace").count("WORKER TIMEOUT")
    return {
        "times": sorted(results),
        "wall": wall,
        "workers": len(workers),
        "peaks": peaks,
        "timeouts": timeouts,
    }


def report_serve(rows: int) -> None:
    concurrent = int(os.environ.get("BAOLIAN_BENCH_CONCURRENT", "16"))
    if concurrent <= 0:
        return
    sizes = env_sizes("BAOLIAN_BENCH_SERVE_ROWS", f"{max(rows // 2, 1)},{rows}")
    print(f"--- {concurrent} exports at once over HTTP, baolian serve (gunicorn), {database()} ---")
    for size in sizes:
        found = serve_exports(size, concurrent)
        times = found["times"]
        statuses = sorted({status for _t, status, _size in times})
        print(
            f"{size} communities: {found['workers']} workers; exports took "
            f"{times[0][0]:.1f}–{times[-1][0]:.1f} s (each: "
            f"{' '.join(f'{t:.1f}' for t, _s, _n in times)}); all done in {found['wall']:.1f} s; "
            f"status {','.join(statuses)}; {times[-1][2] / 1e6:.1f} MB each; "
            f"worker timeouts: {found['timeouts']}; peak RSS per worker: "
            f"{', '.join(f'{mb:.0f} MB' for mb in found['peaks'])}"
        )


def main() -> None:
    setup()
    rows = env_sizes("BAOLIAN_BENCH_ROWS", "1000")[0]
    if os.environ.get("BAOLIAN_BENCH_SERVE_ONLY"):  # the HTTP part alone (big rosters)
        report_serve(rows)
        return
    repeat = int(os.environ.get("BAOLIAN_BENCH_REPEAT", "3"))
    print(f"--- export, {database()}: {rows} communities + {rows} pairings ---")
    sheets = load(rows)
    floor, floor_med = best(lambda: write_floor(sheets), repeat)
    took, took_med = best(export, repeat)
    line("floor: openpyxl write_only writes the rows", floor, floor_med)
    ratio = took / floor
    line(
        "roster export (query + write)",
        took,
        took_med,
        f"{ratio:5.1f}x floor (≤3x {'ok' if ratio <= 3 else 'OVER'})",
    )
    small = peak_memory()
    load(rows * 2)
    large = peak_memory()
    print(
        f"peak Python memory of one export: {rows} rows {small / 1e6:.1f} MB, "
        f"{rows * 2} rows {large / 1e6:.1f} MB"
    )
    empty_roster()
    report_serve(rows)
