from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


def _baolian(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "baolian", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.django_db
def test_sqlite_waits_for_the_writer_instead_of_failing():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 10_000
    # WAL itself is shown on a real file (the test database lives in memory, where it cannot
    # apply) by test_a_file_database_is_in_wal_mode.


def test_a_file_database_is_in_wal_mode(tmp_path):
    result = _baolian(
        "shell",
        "--no-imports",
        "-c",
        "from django.db import connection; c = connection.cursor(); "
        "c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])",
        env={"BAOLIAN_DATA_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path}/x.db"},
    )
    assert result.stdout.strip() == "wal", result.stderr


def test_production_settings_pass_the_deploy_check(tmp_path):
    env = {
        "BAOLIAN_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path}/x.db",
        "BAOLIAN_HTTPS": "1",
        "BAOLIAN_SECRET_KEY": "k" * 10 + "-production-secret-of-enough-length-and-variety-42",
        "BAOLIAN_ALLOWED_HOSTS": "baolian.example.gov.cn",
    }
    _baolian("migrate", "-v", "0", env=env)  # an installed server: the check also asks this
    result = _baolian("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr


def test_the_generated_secret_key_is_kept_between_starts(tmp_path):
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    env = {"BAOLIAN_DATA_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path}/x.db"}
    env.pop("BAOLIAN_SECRET_KEY", None)
    first = _baolian("shell", "--no-imports", "-c", code, env=env).stdout.strip()
    second = _baolian("shell", "--no-imports", "-c", code, env=env).stdout.strip()
    assert len(first) >= 50 and first == second
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_the_default_language_and_time_zone_are_chinese(settings):
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"


@pytest.mark.django_db
def test_postgresql_sessions_plan_for_data_in_memory_without_the_jit():
    """Unless the URL sets its own options: no JIT (its compiling outlasted the report
    queries), and an index lookup priced near a sequential read (a leader's communities are
    then found through the pairings' index, not by reading a province's every community)."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
        cursor.execute("SHOW random_page_cost")
        assert float(cursor.fetchone()[0]) == pytest.approx(1.1)
