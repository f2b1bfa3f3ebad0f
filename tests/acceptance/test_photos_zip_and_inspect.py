"""A .zip of a workbook and real photos through `baolian import`, then
`baolian photos inspect --json` on the real photos (skips without the shared folder)."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from baolian.visits.models import Visit
from tests.acceptance.conftest import (
    PHOTOS,
    U1,
    VISITS,
    baolian,
    city_sheets,
    needs_photos,
    visit_rows,
    workbook_bytes,
    write,
)

pytestmark = [pytest.mark.django_db, needs_photos]

KEYS = {
    "file",
    "sha256",
    "phash",
    "taken_at",
    "lat",
    "lon",
    "make",
    "model",
    "orientation",
    "width",
    "height",
    "error",
    "matches",
}


def manifest() -> dict[str, dict[str, str]]:
    with (PHOTOS / "manifest.csv").open(encoding="utf-8") as f:
        return {row["file"]: row for row in csv.DictReader(f)}


def city_zip(tmp_path: Path) -> Path:
    sheets = city_sheets()
    rows = visit_rows(VISITS)
    # QS-001 brings two photos, one of them from a folder.
    rows[1][-1] = "gps_nikon_p6000_DSCN0010.jpg、现场/gps_phone_apple_iphone4.jpg"
    sheets["包联行动"] = rows
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("青山市包联台账.xlsx", workbook_bytes(sheets))
        z.write(PHOTOS / "gps_nikon_p6000_DSCN0010.jpg", "gps_nikon_p6000_DSCN0010.jpg")
        z.write(PHOTOS / "gps_phone_apple_iphone4.jpg", "现场/gps_phone_apple_iphone4.jpg")
    return write(tmp_path, "青山市.zip", buffer.getvalue())


def inspect(*paths: Path) -> list[dict]:
    return json.loads(baolian("photos", "inspect", *paths, "--json"))


def test_inspect_reports_every_key_of_design_5_as_the_files_say(db):
    files = sorted(p for p in PHOTOS.iterdir() if p.suffix.lower() in {".jpg", ".png", ".heic"})
    truth = manifest()
    for report in inspect(*files):
        assert set(report) >= KEYS, report
        name = Path(report["file"]).name
        row = truth[name]
        assert report["error"] is None, report
        assert report["sha256"] == row["sha256"]
        assert len(report["phash"]) == 16 and int(report["phash"], 16) >= 0
        if row["orientation"] == "6":
            # Displayed after rotation: width and height swap.
            assert (report["width"], report["height"]) == (int(row["height"]), int(row["width"]))
        else:
            assert (report["width"], report["height"]) == (int(row["width"]), int(row["height"]))
        if row["datetime_original"]:
            day, clock = row["datetime_original"].split(" ")
            assert report["taken_at"].startswith(f"{day.replace(':', '-')}T{clock}"), report
        else:
            assert report["taken_at"] is None
        if row["gps_lat"] and float(row["gps_lat"]) != 0.0:
            assert report["lat"] == pytest.approx(float(row["gps_lat"]), abs=1e-5)
            assert report["lon"] == pytest.approx(float(row["gps_lon"]), abs=1e-5)


def test_inspect_gives_the_offset_when_the_camera_wrote_one(db, tmp_path):
    """None of the real photos carries OffsetTimeOriginal: write one (+08:00) into a copy of a
    real phone photo, as recent phones do."""
    from PIL import Image

    with Image.open(PHOTOS / "gps_phone_apple_iphone4.jpg") as image:
        exif = image.getexif()
        exif.get_ifd(0x8769)[0x9011] = "+08:00"  # OffsetTimeOriginal
        copy = tmp_path / "offset.jpg"
        image.save(copy, exif=exif)
    (report,) = inspect(copy)
    assert report["taken_at"] == "2011-01-13T14:33:39+08:00"
    (plain,) = inspect(PHOTOS / "gps_phone_apple_iphone4.jpg")
    assert plain["taken_at"] == "2011-01-13T14:33:39"  # no offset written: none invented


def test_inspect_matches_a_resent_copy_among_the_given_files(db):
    parent = PHOTOS / "gps_nikon_p6000_DSCN0010.jpg"
    copy = PHOTOS / "derived_DSCN0010_half_q70_noexif.jpg"
    other = PHOTOS / "gps_sony_dsc-hx5v.jpg"
    reports = {Path(r["file"]).name: r for r in inspect(parent, copy, other)}
    assert [Path(m["file"]).name for m in reports[parent.name]["matches"]] == [copy.name]
    assert reports[other.name]["matches"] == []


def test_a_zip_brings_the_photos_and_inspect_then_names_the_visit(tmp_path):
    path = city_zip(tmp_path)
    baolian("import", path)
    visit = Visit.objects.get(code="QS-001")
    assert sorted(visit.photos.values_list("original_name", flat=True)) == [
        "gps_nikon_p6000_DSCN0010.jpg",
        "现场/gps_phone_apple_iphone4.jpg",
    ]
    # Re-importing the same .zip adds no second copy.
    baolian("import", path)
    assert visit.photos.count() == 2
    assert Visit.objects.count() == len(VISITS)
    # A chat-app copy of the photo is recognised as the one used on QS-001.
    (report,) = inspect(PHOTOS / "derived_DSCN0010_half_q70_noexif.jpg")
    stored = [m for m in report["matches"] if m.get("visit_id")]
    assert stored, report
    match = stored[0]
    assert (match["visit_id"], match["unit"], match["community"], match["date"]) == (
        visit.pk,
        U1,
        "幸福社区",
        "2021-04-03",
    )


def test_dry_run_of_a_zip_stores_no_photo(tmp_path, settings):
    path = city_zip(tmp_path)
    baolian("import", path, "--dry-run")
    assert Visit.objects.count() == 0
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not [p for p in media.rglob("*") if p.is_file()]


def test_a_zip_missing_a_named_photo_is_refused_at_its_row(tmp_path):
    sheets = city_sheets()
    rows = visit_rows(VISITS)
    rows[3][-1] = "不存在.jpg"  # QS-003
    sheets["包联行动"] = rows
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("台账.xlsx", workbook_bytes(sheets))
        z.write(PHOTOS / "gps_sony_dsc-hx5v.jpg", "gps_sony_dsc-hx5v.jpg")
    path = write(tmp_path, "缺照片.zip", buffer.getvalue())
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import", str(path), "--json", stdout=out, stderr=io.StringIO())
    errors = json.loads(out.getvalue())["errors"]
    assert [(e["sheet"], e["row"], e["header"]) for e in errors] == [("包联行动", 4, "照片")]
    assert "不存在.jpg" in errors[0]["message"]
    assert Visit.objects.count() == 0
