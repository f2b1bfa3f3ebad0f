"""Security headers and files: CSP without inline code, private caching, private files."""

from __future__ import annotations

import io
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted((ROOT / "baolian").glob("**/templates/**/*.html"))
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.I)
HANDLER = re.compile(r"\son[a-z]+\s*=|javascript:", re.I)


def csp(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {
        part.split()[0]: part.split(" ", 1)[1] if " " in part.strip() else ""
        for part in (p.strip() for p in header.split(";"))
        if part
    }


def inline_code(page: str) -> list[str]:
    return INLINE_SCRIPT.findall(page) + INLINE_STYLE.findall(page) + HANDLER.findall(page)


# --- Content-Security-Policy -----------------------------------------------------------------


@pytest.mark.parametrize("url", ["/login/", "/", "/units/", "/admin/"])
def test_every_page_carries_a_policy_without_unsafe_inline(url, client, users):
    client.force_login(users["admin"])
    policy = csp(client.get(url))
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["default-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in str(policy) and "unsafe-eval" not in str(policy)


def test_error_pages_carry_the_policy_too(client, users, city):
    client.force_login(users["liaison"])
    assert csp(client.get(f"/units/{city.unit_c.pk}/"))["script-src"] == "'self'"


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_has_inline_script_or_style(template):
    assert inline_code(template.read_text("utf-8")) == []


ADMIN_PAGES = [
    "/admin/",
    "/admin/roster/unit/",
    "/admin/roster/pairing/add/",
    "/admin/accounts/user/add/",
    "admin_user_change",
    "/admin/auditlog/logentry/",
    "/admin/axes/accessattempt/",
    "unit_history",  # django-auditlog's page, whose own template has a style block
]


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_the_admin_pages_we_use_run_no_inline_code(url, client, users, city):
    """Django's own admin templates too: the strict policy must not break them."""
    client.force_login(users["admin"])
    if url == "admin_user_change":
        url = f"/admin/accounts/user/{users['liaison'].pk}/change/"
    elif url == "unit_history":
        url = f"/admin/roster/unit/{city.unit_a.pk}/auditlog/"
    response = client.get(url)
    assert response.status_code == 200
    assert inline_code(response.content.decode()) == []


# --- caching ----------------------------------------------------------------------------------


def cache_control(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part}


@pytest.mark.parametrize("url", ["/", "/units/", "/search/?q=市", "/admin/"])
def test_logged_in_pages_are_private_and_not_stored(url, client, users):
    client.force_login(users["admin"])
    assert {"private", "no-store"} <= cache_control(client.get(url))


def test_downloads_are_private_and_not_stored(client, users):
    client.force_login(users["liaison"])
    for url in ["/roster/export.xlsx", "/roster/template.xlsx"]:
        response = client.get(url)
        assert response.status_code == 200
        assert {"private", "no-store"} <= cache_control(response), url


def test_htmx_tables_and_error_pages_are_private_too(client, users, city):
    client.force_login(users["liaison"])
    table = client.get("/units/", headers={"HX-Request": "true"})
    assert {"private", "no-store"} <= cache_control(table)
    missing = client.get(f"/units/{city.unit_c.pk}/")
    assert missing.status_code == 404
    assert {"private", "no-store"} <= cache_control(missing)


def test_static_files_stay_cacheable_for_a_logged_in_user(client, users):
    client.force_login(users["liaison"])
    response = client.get("/static/baolian/app.css")
    assert response.status_code == 200
    assert "no-store" not in cache_control(response)


# --- files ----------------------------------------------------------------------------------


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_fresh_data_folder_and_database_are_private(tmp_path):
    data = tmp_path / "fresh" / "data"
    script = (
        "import django; django.setup();"
        "from django.db import connection;"
        "c = connection.cursor(); c.execute('create table t (x int)');"
        "c.execute('insert into t values (1)');"
        # SQLite removes its -wal file when the last connection closes: look while it is open
        "import os, stat; wal = connection.settings_dict['NAME'] + '-wal';"
        "print(oct(stat.S_IMODE(os.stat(wal).st_mode)))"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "BAOLIAN_MEDIA_ROOT"}}
    env |= {"BAOLIAN_DATA_DIR": str(data), "DJANGO_SETTINGS_MODULE": "baolian.settings"}
    # The shell's usual umask would make 0755 folders and 0644 files.
    done = subprocess.run(
        [sys.executable, "-c", f"import os; os.umask(0o022); {script}"],
        env=env,
        check=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert mode(data) == 0o700
    assert mode(data / "secret_key") == 0o600
    assert mode(data / "baolian.sqlite3") == 0o600
    assert done.stdout.strip() == "0o600"  # the -wal file


def test_an_uploaded_file_waits_in_a_private_file(client, users, settings, tmp_path):
    from tests.workbooks import xlsx

    settings.MEDIA_ROOT = tmp_path / "media"
    old = os.umask(0o022)
    try:
        client.force_login(users["admin"])
        data = xlsx({"包联领导": [["姓名", "职务"], ["张三", "副市长"]]})
        upload = io.BytesIO(data)
        upload.name = "roster.xlsx"
        response = client.post("/roster/import/", {"file": upload})
    finally:
        os.umask(old)
    assert response.status_code == 200
    waiting = list((tmp_path / "media").rglob("*"))
    files = [p for p in waiting if p.is_file()]
    assert files, "the preview keeps the file until it is confirmed"
    assert {mode(p) for p in files} == {0o600}
    assert {mode(p) for p in waiting if p.is_dir()} | {mode(tmp_path / "media")} == {0o700}


# --- CSRF ------------------------------------------------------------------------------------


def test_a_form_without_its_token_gets_a_chinese_page_in_the_products_layout(users):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(users["liaison"])
    response = client.post("/logout/")
    assert response.status_code == 403
    assert "403_csrf.html" in [t.name for t in response.templates]
    page = response.content.decode()
    assert '<html lang="zh-hans">' in page and "<header" in page
    assert "表单已过期" in page and 'href="/"' in page
    assert "CSRF" not in page


def test_the_login_form_without_its_cookie_says_so_in_chinese(db):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "Cookie" in response.content.decode()
