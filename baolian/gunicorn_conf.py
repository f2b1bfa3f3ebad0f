"""Gunicorn hooks for `baolian serve`: one background worker lives and dies with the server.

So the embedded default runs big imports without a second command to remember.
"""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

_worker: subprocess.Popen[bytes] | None = None


def on_starting(server: Any) -> None:
    global _worker
    if os.environ.get("BAOLIAN_SERVE_WORKER", "1") != "0":
        # Niced: pages answer first, a big import waits a moment longer.
        _worker = subprocess.Popen(
            [sys.executable, "-m", "baolian", "worker"], preexec_fn=lambda: os.nice(10)
        )
        server.log.info("Started background worker (baolian worker) with pid: %s", _worker.pid)


def on_exit(server: Any) -> None:
    if _worker is not None and _worker.poll() is None:
        _worker.terminate()
        try:
            _worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            _worker.kill()
