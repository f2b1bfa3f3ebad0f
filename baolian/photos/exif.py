"""What a photo's EXIF says: when, where, which camera, which way up.

Cameras write EXIF in every possible wrong way (a clock never set, a GPS of 0/0 for "no
fix", a zero denominator, a model with a trailing NUL); each reader here gives a value or
None, never an exception.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from PIL import ExifTags, Image

IFD_EXIF = ExifTags.IFD.Exif
IFD_GPS = ExifTags.IFD.GPSInfo
TAG_ORIENTATION = ExifTags.Base.Orientation  # 0x0112
TAG_MAKE = ExifTags.Base.Make
TAG_MODEL = ExifTags.Base.Model
TAG_DATETIME_ORIGINAL = ExifTags.Base.DateTimeOriginal  # 0x9003: when it was taken
TAG_OFFSET_TIME_ORIGINAL = ExifTags.Base.OffsetTimeOriginal  # 0x9011: "+08:00"
TAG_OFFSET_TIME = ExifTags.Base.OffsetTime
GPS_LAT_REF, GPS_LAT, GPS_LON_REF, GPS_LON = 1, 2, 3, 4

_OFFSET = re.compile(r"^([+-])(\d{2}):?(\d{2})$")
_DATETIME = re.compile(r"^(\d{4})[:\-](\d{2})[:\-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})")


def clean_text(value: object, limit: int = 100) -> str:
    """A printable string from an EXIF text tag (bytes, NULs and padding removed)."""
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if not isinstance(value, str):
        return ""
    # Padding NULs at the end go; one inside ("ION230\x00F") separates words.
    value = value.strip("\x00 ").replace("\x00", " ")
    return " ".join("".join(ch if ch.isprintable() else " " for ch in value).split())[:limit]


def to_fraction(value: object) -> Fraction | None:
    """One EXIF rational (IFDRational, tuple, int, float) as a Fraction; None if unreadable."""
    try:
        if isinstance(value, tuple) and len(value) == 2:
            num, den = value
            if not den:
                return None
            return Fraction(int(num), int(den))
        numerator = getattr(value, "numerator", None)
        denominator = getattr(value, "denominator", None)
        if numerator is not None and denominator is not None:
            if not denominator:
                return None
            return Fraction(int(numerator), int(denominator))
        if isinstance(value, bool):
            return None
        if isinstance(value, int):
            return Fraction(value)
        if isinstance(value, float):
            if value != value or value in (float("inf"), float("-inf")):
                return None
            return Fraction(value)
    except (TypeError, ValueError, ZeroDivisionError, OverflowError):
        return None
    return None


def dms_to_degrees(dms: object, ref: object, *, limit: int) -> Decimal | None:
    """Degrees/minutes/seconds and a hemisphere letter → signed decimal degrees (6 places).

    S and W are negative. Anything unreadable (wrong length, zero denominators, minutes
    over 60, beyond ±limit) is None: a wrong place is worse than no place.
    """
    if not isinstance(dms, (tuple, list)) or not 1 <= len(dms) <= 3:
        return None
    parts = [to_fraction(v) for v in dms]
    if any(p is None or p < 0 for p in parts):
        return None
    parts += [Fraction(0)] * (3 - len(parts))
    degrees, minutes, seconds = parts
    if minutes >= 60 or seconds >= 60:
        return None
    value = degrees + minutes / 60 + seconds / 3600
    if value > limit:
        return None
    ref_text = clean_text(ref).upper()[:1]
    if ref_text in ("S", "W"):
        value = -value
    elif ref_text not in ("N", "E", ""):
        return None
    try:
        return Decimal(value.numerator) / Decimal(value.denominator)
    except (InvalidOperation, ZeroDivisionError):
        return None


def gps_position(gps: dict) -> tuple[Decimal | None, Decimal | None]:
    """(latitude, longitude) from a GPS IFD; (None, None) without a usable fix.

    Exactly 0/0 is how phones write "no fix" (null island): no position.
    """
    lat = dms_to_degrees(gps.get(GPS_LAT), gps.get(GPS_LAT_REF), limit=90)
    lon = dms_to_degrees(gps.get(GPS_LON), gps.get(GPS_LON_REF), limit=180)
    if lat is None or lon is None or (lat == 0 and lon == 0):
        return None, None
    return lat.quantize(Decimal("0.000001")), lon.quantize(Decimal("0.000001"))


def parse_offset(value: object) -> str:
    """ "+08:00" from an OffsetTime tag; "" when absent or unreadable."""
    match = _OFFSET.match(clean_text(value))
    if not match:
        return ""
    sign, hours, minutes = match.groups()
    if int(hours) > 14 or int(minutes) >= 60:
        return ""
    return f"{sign}{hours}:{minutes}"


def parse_taken_at(value: object, offset: str) -> datetime | None:
    """An EXIF "YYYY:MM:DD HH:MM:SS" → datetime, aware when `offset` is known."""
    match = _DATETIME.match(clean_text(value))
    if not match:
        return None
    try:
        naive = datetime(*(int(g) for g in match.groups()))  # noqa: DTZ001 - camera local time
    except ValueError:
        return None  # "0000:00:00 00:00:00", a 31st of February
    if not offset:
        return naive
    sign = 1 if offset[0] == "+" else -1
    delta = timedelta(hours=int(offset[1:3]), minutes=int(offset[4:6]))
    return naive.replace(tzinfo=timezone(sign * delta))


def read_exif(image: Image.Image) -> dict:
    """Taken time, offset, GPS, orientation, make and model from an opened image."""
    facts: dict = {
        "has_exif": False,
        "taken_at": None,
        "taken_offset": "",
        "latitude": None,
        "longitude": None,
        "orientation": None,
        "make": "",
        "model": "",
    }
    try:
        exif = image.getexif()
    except Exception:  # noqa: BLE001 - a broken EXIF block is "no EXIF", not a refusal
        return facts
    if not exif:
        return facts
    facts["has_exif"] = True
    try:
        sub = exif.get_ifd(IFD_EXIF)
    except Exception:  # noqa: BLE001
        sub = {}
    try:
        gps = exif.get_ifd(IFD_GPS)
    except Exception:  # noqa: BLE001
        gps = {}
    orientation = exif.get(TAG_ORIENTATION)
    if isinstance(orientation, int) and 1 <= orientation <= 8:
        facts["orientation"] = orientation
    facts["make"] = clean_text(exif.get(TAG_MAKE))
    facts["model"] = clean_text(exif.get(TAG_MODEL))
    offset = parse_offset(sub.get(TAG_OFFSET_TIME_ORIGINAL) or sub.get(TAG_OFFSET_TIME))
    # Only DateTimeOriginal says when the photo was taken; IFD0 DateTime changes whenever
    # an editor saves the file, so it is never taken for the time taken.
    taken = parse_taken_at(sub.get(TAG_DATETIME_ORIGINAL), offset)
    facts["taken_at"] = taken
    facts["taken_offset"] = offset if taken is not None else ""
    if gps:
        facts["latitude"], facts["longitude"] = gps_position(gps)
    return facts
