"""The EXIF readers give a value or None for anything a camera may write, never a crash."""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st
from PIL import Image
from PIL.TiffImagePlugin import IFDRational

from baolian.photos.exif import dms_to_degrees, gps_position, parse_offset, parse_taken_at
from baolian.photos.services import photo_read

rationals = st.one_of(
    st.builds(IFDRational, st.integers(-(2**32), 2**32), st.integers(-(2**32), 2**32)),
    st.tuples(st.integers(-(2**32), 2**32), st.integers(-(2**32), 2**32)),
    st.integers(-(2**40), 2**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.none(),
    st.text(max_size=5),
    st.binary(max_size=5),
)
refs = st.one_of(st.sampled_from(["N", "S", "E", "W", "", "n", "X"]), st.binary(max_size=3))


@given(
    st.one_of(st.lists(rationals, max_size=5).map(tuple), rationals),
    st.one_of(st.lists(rationals, max_size=5).map(tuple), rationals),
    refs,
    refs,
)
def test_any_gps_rationals_give_a_position_in_range_or_none(lat, lon, lat_ref, lon_ref):
    latitude, longitude = gps_position({1: lat_ref, 2: lat, 3: lon_ref, 4: lon})
    assert (latitude is None) == (longitude is None)
    if latitude is not None:
        assert isinstance(latitude, Decimal) and -90 <= latitude <= 90
        assert -180 <= longitude <= 180
        assert not (latitude == 0 and longitude == 0)


def test_degrees_minutes_seconds_south_and_west_are_negative():
    dms = (IFDRational(23, 1), IFDRational(39, 1), IFDRational(3690, 100))
    assert (
        dms_to_degrees(dms, "N", limit=90)
        == Decimal(23) + Decimal(39) / 60 + Decimal("36.9") / 3600
    )
    assert dms_to_degrees(dms, "S", limit=90) < 0
    assert dms_to_degrees(dms, b"W\x00", limit=180) < 0


def test_zero_denominators_and_nonsense_minutes_are_no_position():
    assert dms_to_degrees((IFDRational(23, 0), 0, 0), "N", limit=90) is None
    assert dms_to_degrees(((23, 1), (75, 1), (0, 1)), "N", limit=90) is None
    assert dms_to_degrees(((123, 1), (0, 1), (0, 1)), "N", limit=90) is None


def test_null_island_is_no_fix():
    zero = ((0, 1), (0, 1), (0, 1))
    assert gps_position({1: "N", 2: zero, 3: "E", 4: zero}) == (None, None)


def test_offset_time_original_makes_the_time_aware():
    assert parse_offset("+08:00") == "+08:00"
    assert parse_offset(b"-0330") == "-03:30"
    assert parse_offset("+25:00") == "" and parse_offset("   :  ") == ""
    taken = parse_taken_at("2026:11:02 09:15:00", "+08:00")
    assert taken == datetime(2026, 11, 2, 9, 15, tzinfo=timezone(timedelta(hours=8)))
    assert parse_taken_at("0000:00:00 00:00:00", "") is None
    assert parse_taken_at("2026:02:31 10:00:00", "") is None


@given(st.one_of(st.text(max_size=30), st.binary(max_size=30), st.integers()))
def test_any_date_text_gives_a_datetime_or_none(value):
    result = parse_taken_at(value, "")
    assert result is None or isinstance(result, datetime)


def _jpeg_with_exif(**tags) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "Xiaomi"
    exif[0x0110] = "Redmi Note 12"
    exif[0x0112] = tags.get("orientation", 1)
    exif.get_ifd(0x8769)[0x9003] = "2026:11:02 09:15:00"
    exif.get_ifd(0x8769)[0x9011] = "+08:00"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (IFDRational(23), IFDRational(39), IFDRational(369, 10))
    gps[3], gps[4] = "E", (IFDRational(116), IFDRational(37), IFDRational(0))
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 120, 60)).save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_a_phone_photo_with_offset_gps_and_rotation():
    facts = photo_read(_jpeg_with_exif(orientation=8))
    assert facts.taken_at == datetime(2026, 11, 2, 9, 15, tzinfo=timezone(timedelta(hours=8)))
    assert facts.taken_offset == "+08:00"
    assert facts.latitude == Decimal("23.660250") and facts.longitude == Decimal("116.616667")
    assert (facts.make, facts.model, facts.orientation) == ("Xiaomi", "Redmi Note 12", 8)
    assert (facts.width, facts.height) == (48, 64)  # turned as the phone was held
