"""photo_read on the real photos: what each file says, as the corpus manifest says it."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from baolian.photos.hashing import distance
from baolian.photos.services import photo_read
from tests.photos.conftest import CORPUS, corpus_rows, needs_corpus

ROWS = corpus_rows()


def _id(row: dict) -> str:
    return row["file"]


@needs_corpus
@pytest.mark.parametrize("row", ROWS, ids=_id)
def test_exif_time_gps_orientation_and_camera_as_the_manifest_says(row):
    facts = photo_read((CORPUS / row["file"]).read_bytes(), name=row["file"])

    if row["datetime_original"]:
        # DateTimeOriginal, never IFD0 DateTime (the Canon G9 was edited three years later).
        expected = datetime.strptime(row["datetime_original"], "%Y:%m:%d %H:%M:%S")
        assert facts.taken_at == expected
        assert facts.taken_offset == ""  # none of these cameras wrote OffsetTimeOriginal
    else:
        assert facts.taken_at is None

    if row["gps_lat"] and float(row["gps_lat"]) != 0:
        assert abs(facts.latitude - Decimal(row["gps_lat"])) < Decimal("0.000001")
        assert abs(facts.longitude - Decimal(row["gps_lon"])) < Decimal("0.000001")
    else:
        # No GPS at all, or the Samsung's 0/0 "no fix": no position, not null island.
        assert facts.latitude is None and facts.longitude is None

    assert facts.orientation == (int(row["orientation"]) if row["orientation"] else None)
    assert facts.make == row["make"]
    assert facts.model == row["model"]  # the Polaroid's "ION230\0F" reads "ION230 F"
    assert facts.has_exif == (row["has_exif"] == "yes")
    assert facts.sha256 == row["sha256"]


@needs_corpus
@pytest.mark.parametrize("row", ROWS, ids=_id)
def test_size_is_as_displayed_after_orientation(row):
    facts = photo_read((CORPUS / row["file"]).read_bytes())
    width, height = int(row["width"]), int(row["height"])
    if row["orientation"] in {"5", "6", "7", "8"}:
        width, height = height, width
    assert (facts.width, facts.height) == (width, height)


@needs_corpus
@pytest.mark.parametrize("row", ROWS, ids=_id)
def test_phash_is_the_standard_dct_phash(row):
    # The manifest's pHash comes from another implementation on the full-size image;
    # ours comes from the draft decode: a few bits apart at most, 16 hex digits.
    facts = photo_read((CORPUS / row["file"]).read_bytes())
    assert len(facts.phash_hex) == 16
    assert distance(int(facts.phash_hex, 16), int(row["phash_after_transpose"], 16)) <= 4


@needs_corpus
def test_formats_are_read_from_the_bytes():
    assert photo_read((CORPUS / "heic_small_spring.heic").read_bytes()).content_type == (
        "image/heic"
    )
    png = photo_read((CORPUS / "png_wechat_screenshot_no_exif.png").read_bytes())
    assert png.content_type == "image/png" and not png.has_exif
