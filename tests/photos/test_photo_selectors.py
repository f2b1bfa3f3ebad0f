"""The day a photo was taken is the day at the place; distances in metres."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from baolian.photos.selectors import distance_m, photo_taken_local, photo_taken_on
from baolian.photos.services import photo_store
from tests.photos.test_exif_parsing import _jpeg_with_exif


def test_a_photo_with_an_offset_is_dated_at_the_place(db, settings):
    settings.TIME_ZONE = "UTC"  # the server's zone must not move the day
    photo = photo_store(data=_jpeg_with_exif(), name="a.jpg")
    photo.refresh_from_db()
    assert photo_taken_local(photo).isoformat() == "2026-11-02T09:15:00+08:00"
    assert photo_taken_on(photo) == date(2026, 11, 2)


def test_a_camera_clock_without_offset_reads_as_the_campaign_zone(db):
    from PIL import Image

    from tests.factories_photos import image_bytes

    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9003] = "2026:11:02 23:30:00"
    photo = photo_store(data=image_bytes(1, exif=exif), name="b.jpg")
    photo.refresh_from_db()
    assert photo.taken_offset == ""
    assert photo_taken_local(photo).strftime("%Y-%m-%d %H:%M") == "2026-11-02 23:30"
    assert photo_taken_on(photo) == date(2026, 11, 2)


def test_distance_between_two_points():
    # 0.001° north and 0.0059° west at 23.66° N: 111 m and 601 m, about 612 m in all.
    d = distance_m(Decimal("23.6630"), Decimal("116.6480"), Decimal("23.6640"), Decimal("116.6421"))
    assert d == pytest.approx(612, abs=15)
    assert distance_m(None, 1, 2, 3) is None
