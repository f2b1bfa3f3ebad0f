"""`baolian photos inspect`: an inspector asks "has this photo been used before?"."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from baolian.visits.models import Visit
from tests.factories_photos import image_bytes, stored_photo
from tests.photos.test_exif_parsing import _jpeg_with_exif

KEYS = {"file", "sha256", "phash", "taken_at", "lat", "lon", "make", "model", "orientation"}
KEYS |= {"width", "height", "error", "matches"}


def _inspect(*args: str) -> str:
    out = StringIO()
    call_command("photos", "inspect", *args, stdout=out)
    return out.getvalue()


def _write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_json_reports_what_each_file_says(db, tmp_path):
    phone = _write(tmp_path, "phone.jpg", _jpeg_with_exif(orientation=6))
    [report] = json.loads(_inspect(phone, "--json"))
    assert set(report) == KEYS
    assert report["file"] == phone and report["error"] is None
    assert report["taken_at"] == "2026-11-02T09:15:00+08:00"
    assert report["lat"] == pytest.approx(23.66025) and report["lon"] == pytest.approx(116.616667)
    assert (report["make"], report["model"], report["orientation"]) == (
        "Xiaomi",
        "Redmi Note 12",
        6,
    )
    assert (report["width"], report["height"]) == (48, 64)
    assert len(report["phash"]) == 16 and int(report["phash"], 16) >= 0
    assert report["matches"] == []


def test_a_photo_used_on_a_visit_names_the_visit(db, city, tmp_path):
    visit = Visit.objects.create(
        unit=city.unit_a,
        community=city.c11,
        visited_on=date(2026, 11, 2),
        reported_at=timezone.now(),
    )
    photo = stored_photo(5, visit=visit)
    forwarded = _write(tmp_path, "forwarded.jpg", image_bytes(5))
    [report] = json.loads(_inspect("--json", forwarded))
    [match] = report["matches"]
    assert match["visit_id"] == visit.pk and match["photo_id"] == photo.pk
    assert match["visit_code"] == f"V{visit.pk}"  # 编号 beside the id, as the export writes it
    assert (match["unit"], match["date"], match["distance"]) == ("市卫生健康局", "2026-11-02", 0)
    table = _inspect(forwarded)
    assert (
        f"走访 #{visit.pk}（编号 V{visit.pk}） 市卫生健康局 桥东社区 2026年11月2日（相差 0 位）"
        in table
    )
    visit.code = "BL-2026-0042"  # an imported visit: its sheet's 编号
    visit.save()
    [report] = json.loads(_inspect("--json", forwarded))
    assert report["matches"][0]["visit_code"] == "BL-2026-0042"


def test_given_files_are_compared_with_each_other(db, tmp_path):
    a = _write(tmp_path, "a.jpg", image_bytes(7))
    b = _write(tmp_path, "b.png", image_bytes(7, fmt="PNG"))
    c = _write(tmp_path, "c.jpg", image_bytes(8))
    reports = json.loads(_inspect("--json", a, b, c))
    assert [m["file"] for m in reports[0]["matches"]] == [b]
    assert [m["file"] for m in reports[1]["matches"]] == [a]
    assert reports[2]["matches"] == []


def test_bad_files_are_reported_and_the_rest_still_read(db, tmp_path):
    fake = _write(tmp_path, "fake.jpg", b"%PDF-1.4 hello")
    good = _write(tmp_path, "good.jpg", image_bytes(1))
    missing = str(tmp_path / "missing.jpg")
    reports = json.loads(_inspect("--json", fake, missing, good))  # no SystemExit: status 0
    assert "PDF" in reports[0]["error"] and reports[0]["sha256"] is None
    assert "无法读取" in reports[1]["error"]
    assert reports[2]["error"] is None
    table = _inspect(fake, good)
    assert "fake.jpg：错误：“fake.jpg”不是照片：文件内容是PDF 文档" in table
    assert "good.jpg：未发现相似照片" in table
    assert table.splitlines()[0].split()[:3] == ["文件", "拍摄时间", "纬度"]


def test_unknown_time_is_null_and_naive_time_has_no_offset(db, tmp_path):
    bare = _write(tmp_path, "bare.png", image_bytes(1, fmt="PNG"))
    [report] = json.loads(_inspect("--json", bare))
    assert report["taken_at"] is None and report["lat"] is None and report["orientation"] is None


@pytest.mark.parametrize("args", [["photos"], ["photos", "inspect"], ["photos", "other"]])
def test_usage_errors_exit_with_status_2(args, tmp_path):
    env = {**os.environ, "BAOLIAN_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": ""}
    env.pop("DJANGO_SETTINGS_MODULE")
    result = subprocess.run(
        [sys.executable, "-m", "baolian.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert "usage" in result.stderr
