"""`baolian serve` runs a real WSGI server that serves pages and the vendored static files."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, **headers: str) -> tuple[int, bytes, dict[str, str]]:
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback only
        return response.status, response.read(), dict(response.headers)


def _wait_until_listening(port: int, process: subprocess.Popen[bytes], deadline: float) -> None:
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stdout.read().decode()
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)  # waiting for start-up, not timing anything
    raise AssertionError("baolian serve did not start")


def test_serve_answers_with_the_chinese_login_page_and_static_files(tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "BAOLIAN_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path}/serve.sqlite3",
        "BAOLIAN_WORKERS": "2",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "baolian", "serve", "--migrate", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        _wait_until_listening(port, process, time.monotonic() + 90)
        status, body, _headers = _get(f"http://127.0.0.1:{port}/login/")
        assert status == 200
        assert "登录".encode() in body
        # static files carry a content hash, come gzipped and may be cached for a long time
        css = re.search(rb'href="(/static/vendor/pico/pico\.blue\.min\.[0-9a-f]{12}\.css)"', body)
        assert css, body[:2000]
        status, _css, headers = _get(
            f"http://127.0.0.1:{port}{css.group(1).decode()}", **{"Accept-Encoding": "gzip"}
        )
        assert status == 200
        assert headers.get("Content-Encoding") == "gzip"
        assert int(re.search(r"max-age=(\d+)", headers["Cache-Control"]).group(1)) >= 31536000
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        output = process.communicate(timeout=30)[0].decode()
    assert "gunicorn" in output.lower() or "Booting worker" in output
    assert "Started background worker" in output  # big imports have somewhere to run


def test_serve_refuses_a_database_that_lacks_migrations(tmp_path):
    env = {
        **os.environ,
        "BAOLIAN_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path}/empty.sqlite3",
    }
    result = subprocess.run(
        [sys.executable, "-m", "baolian", "serve", "--bind", f"127.0.0.1:{_free_port()}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "baolian migrate" in result.stderr
