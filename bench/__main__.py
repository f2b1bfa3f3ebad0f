"""Benchmarks: `make bench` (or `python -m bench [imports|exports|pages]`).

Each figure is a ratio against a floor measured in the same run on the same machine, so the
numbers compare across machines: imports against openpyxl's read-only mode reading the same
workbook, exports against its write_only mode writing the same rows, pages against a trivial
page served by the same stack. Each topic runs in its own process and throw-away database
(the embedded SQLite in a temporary folder, or DATABASE_URL if set). Sizes are small by
default; BAOLIAN_BENCH_ROWS and BAOLIAN_BENCH_GROWTH ask for big ones.
"""

from __future__ import annotations

import importlib
import subprocess
import sys

TOPICS = [
    "imports",
    "exports",
    "pages",
    "lists",
    "photos",
    "problems",
    "oversight",
    "dashboard",
    "visits",
    "api",
]


def main(argv: list[str]) -> int:
    if len(argv) == 1 and argv[0] in TOPICS:
        importlib.import_module(f"bench.{argv[0]}").main()
        return 0
    unknown = [topic for topic in argv if topic not in TOPICS]
    if unknown:
        print(f"unknown topic {unknown}; topics: {' '.join(TOPICS)}")
        return 2
    failed = 0
    for topic in argv or TOPICS:
        failed |= subprocess.run([sys.executable, "-m", "bench", topic], check=False).returncode
    return failed


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
