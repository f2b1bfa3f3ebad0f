"""`baolian check`: the database, its migrations and the data folders, as Django checks."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from baolian.lib import checks

ROOT = Path(__file__).resolve().parents[1]


def _baolian_check(env_extra: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "BAOLIAN_DATA_DIR": str(tmp_path / "data"), **env_extra}
    return subprocess.run(
        [sys.executable, "-m", "baolian", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.django_db
def test_a_sound_installation_has_no_issues():
    out = io.StringIO()
    call_command("check", "--database", "default", stdout=out)
    assert "no issues" in out.getvalue()


def test_a_database_without_migrations_is_a_warning_and_never_no_issues(tmp_path):
    result = _baolian_check({"DATABASE_URL": f"sqlite:///{tmp_path}/empty.sqlite3"}, tmp_path)

    output = result.stdout + result.stderr
    assert "baolian.W001" in output and "baolian migrate" in output
    assert "no issues" not in output


def test_an_unreachable_database_is_an_error(tmp_path):
    url = "postgres://nobody@127.0.0.1:1/none"  # nothing listens on port 1
    result = _baolian_check({"DATABASE_URL": url}, tmp_path)

    assert result.returncode != 0
    assert "baolian.E002" in result.stderr


def test_a_data_folder_that_cannot_be_written_is_an_error(settings, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    settings.MEDIA_ROOT = blocker / "media"  # a folder cannot be made inside a file

    problems = checks.check_folders()

    assert [problem.id for problem in problems] == ["baolian.E001"]
    with pytest.raises(SystemCheckError):
        call_command("check", stdout=io.StringIO(), stderr=io.StringIO())
