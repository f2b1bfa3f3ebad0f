"""Roster pages and the demo roster's re-import, against a trivial page of the same stack."""

from __future__ import annotations

import io
from functools import partial
from typing import Any

from bench.common import best, line, setup


def main() -> None:
    setup()
    import openpyxl
    from django.test import Client

    from baolian.accounts.models import User
    from baolian.accounts.scoping import office_user
    from baolian.demo.city import demo_city_build
    from baolian.imports.runner import import_file
    from baolian.lib.xlsx import write_xlsx
    from baolian.roster.exporters import roster_sheets

    demo_city_build(seed=2021)
    workbook = write_xlsx(roster_sheets(office_user()))
    rows = sum(1 for s in openpyxl.load_workbook(io.BytesIO(workbook)).worksheets for _ in s.rows)

    floor, floor_med = best(lambda: openpyxl.load_workbook(io.BytesIO(workbook), data_only=True), 5)
    dry, dry_med = best(lambda: import_file(data=workbook, filename="r.xlsx", dry_run=True), 5)
    print(f"roster workbook: {rows} rows, {len(workbook) // 1024} KB")
    line("floor: openpyxl loads it", floor, floor_med)
    line("import --dry-run (re-import)", dry, dry_med, f"{dry / floor:5.1f}x floor")

    client = Client()
    for username in ("office", "liaison"):
        client.force_login(User.objects.get(username=username))
        base, base_med = best(lambda: _ok(client, "/password/"), 10)
        line(f"{username}: floor, a trivial page", base, base_med)
        for path in ("/units/", "/communities/", "/roster/export.xlsx"):
            took, med = best(partial(_ok, client, path), 10)
            line(f"{username}: GET {path}", took, med, f"{took / base:5.1f}x floor")


def _ok(client: Any, path: str) -> Any:
    response = client.get(path)
    if response.status_code != 200:  # a benchmark of an error page measures nothing
        raise SystemExit(f"GET {path} answered {response.status_code}")
    if response.streaming:  # a download is only done once its last byte is sent
        b"".join(response.streaming_content)
    return response
