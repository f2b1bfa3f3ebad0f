"""Logs a collector can read: one JSON line per import, job or failed request."""

from __future__ import annotations

import json
import logging
import sys

from baolian.imports.runner import import_file
from baolian.lib.logs import JsonLines
from tests.workbooks import xlsx


def test_an_import_logs_one_line_saying_what_it_did(db, caplog):
    caplog.set_level(logging.INFO, logger="baolian")
    import_file(data=xlsx({"包联单位": [["名称"], ["市税务局"]]}), filename="单位.xlsx")

    lines = [r for r in caplog.records if r.name == "baolian.imports.runner"]

    assert len(lines) == 1
    entry = json.loads(JsonLines().format(lines[0]))
    assert entry["level"] == "INFO"
    assert "created=1" in entry["message"] and "单位.xlsx" in entry["message"]


def test_a_traceback_stays_inside_its_one_line(rf):
    try:
        raise ValueError("两行\n之间")
    except ValueError:
        record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "boom", (), None)
        record.exc_info = sys.exc_info()
    record.request = rf.get("/units/")
    record.status_code = 500

    line = JsonLines().format(record)

    assert "\n" not in line
    entry = json.loads(line)
    assert (entry["path"], entry["status"]) == ("/units/", 500)
    assert "ValueError" in entry["exc"]
