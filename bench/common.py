"""What every benchmark shares: a throw-away database, timing, one line per figure."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable


def setup() -> None:
    """Django on the embedded SQLite in a temporary folder, or on DATABASE_URL if set."""
    folder = tempfile.mkdtemp(prefix="baolian-bench-")
    os.environ.setdefault("BAOLIAN_DATA_DIR", folder)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3")
    os.environ["DJANGO_SETTINGS_MODULE"] = "baolian.settings"
    os.environ["BAOLIAN_ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("BAOLIAN_LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def env_sizes(name: str, default: str) -> list[int]:
    return [int(size) for size in os.environ.get(name, default).split(",") if size.strip()]


def best(
    fn: Callable[[], object], repeat: int, before: Callable[[], object] | None = None
) -> tuple[float, float]:
    """Best and median wall time of `fn`; `before` runs untimed ahead of each try."""
    times = []
    for _ in range(repeat):
        if before:
            before()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def line(label: str, best_s: float, median_s: float, ratio: str = "") -> None:
    print(f"{label:<44} best {best_s * 1e3:9.1f} ms  median {median_s * 1e3:9.1f} ms  {ratio}")


def database() -> str:
    from django.db import connection

    return connection.vendor
