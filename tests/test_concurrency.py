"""SQLite has one writer at a time: a second writer waits (busy timeout) instead of failing."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.workbooks import xlsx

ROOT = Path(__file__).resolve().parents[1]


def _units_workbook(path: Path, prefix: str, count: int) -> None:
    rows = [[f"{prefix}{number:04d}局", "陈明"] for number in range(count)]
    path.write_bytes(xlsx({"包联单位": [["名称", "联络员"], *rows]}))


def test_two_imports_at_once_into_one_sqlite_file_both_succeed(tmp_path):
    env = {
        **os.environ,
        "BAOLIAN_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path}/shared.sqlite3",
    }
    baolian = [sys.executable, "-m", "baolian"]
    subprocess.run([*baolian, "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
    _units_workbook(tmp_path / "a.xlsx", "市甲", 400)
    _units_workbook(tmp_path / "b.xlsx", "市乙", 400)

    runs = [
        subprocess.Popen(
            [*baolian, "import", str(tmp_path / name)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("a.xlsx", "b.xlsx")
    ]
    results = [run.communicate(timeout=180) for run in runs]

    assert [run.returncode for run in runs] == [0, 0], results
    with sqlite3.connect(tmp_path / "shared.sqlite3") as db:
        (count,) = db.execute("select count(*) from roster_unit").fetchone()
    assert count == 800


PAGE_UNDER_LOCK = """
import sys
from django.test import Client
from baolian.accounts.models import Role, User

user = User.objects.create_user("reader", password="x-long-passphrase-1", role=Role.INSPECTOR)
client = Client()
client.force_login(user)
client.get("/units/")  # the first page after logging in renews the session
print("ready", flush=True)
sys.stdin.readline()  # the test now holds the write lock
print(client.get("/units/").status_code, flush=True)
"""


def test_a_page_answers_while_an_import_holds_the_write_lock(tmp_path):
    env = {
        **os.environ,
        "BAOLIAN_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path}/shared.sqlite3",
        "BAOLIAN_ALLOWED_HOSTS": "testserver",
    }
    baolian = [sys.executable, "-m", "baolian"]
    subprocess.run([*baolian, "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
    reader = subprocess.Popen(
        [*baolian, "shell", "--no-imports", "-c", PAGE_UNDER_LOCK],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert reader.stdout.readline().strip() == "ready"
    importer = sqlite3.connect(tmp_path / "shared.sqlite3", isolation_level=None)
    importer.execute("BEGIN IMMEDIATE")  # what an import's transaction holds until it ends
    try:
        reader.stdin.write("go\n")
        reader.stdin.flush()
        status = reader.stdout.readline().strip()
    finally:
        importer.execute("ROLLBACK")
        importer.close()
        reader.communicate(timeout=60)
    assert status == "200"


def test_a_preview_runs_while_another_process_holds_the_write_lock(tmp_path):
    """A dry run reads and never writes: it neither waits for a writer nor holds one up."""
    env = {
        **os.environ,
        "BAOLIAN_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path}/shared.sqlite3",
    }
    baolian = [sys.executable, "-m", "baolian"]
    subprocess.run([*baolian, "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
    _units_workbook(tmp_path / "first.xlsx", "市甲", 300)
    subprocess.run([*baolian, "import", str(tmp_path / "first.xlsx")], env=env, check=True)
    _units_workbook(tmp_path / "more.xlsx", "市乙", 300)

    writer = sqlite3.connect(tmp_path / "shared.sqlite3", isolation_level=None, timeout=0)
    writer.execute("BEGIN IMMEDIATE")  # another process is writing, and stays in the middle
    try:
        writer.execute("update roster_unit set liaison_name = '林芳'")
        preview = subprocess.run(
            [*baolian, "import", "--dry-run", "--json", str(tmp_path / "more.xlsx")],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        # The writer can still write and commit while the preview ran: it was never blocked.
        writer.execute("update roster_unit set liaison_name = '陈明'")
        writer.execute("COMMIT")
    finally:
        writer.close()

    assert preview.returncode == 0, preview.stderr
    assert json.loads(preview.stdout)["sheets"][0]["created"] == 300
