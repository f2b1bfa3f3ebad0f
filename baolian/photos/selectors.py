"""Reads about photos that the evidence checks (visits, problems, support) share."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from django.utils import timezone as dj_timezone

from baolian.photos.models import Photo

EARTH_RADIUS_M = 6_371_008.8


def photo_taken_local(photo: Photo) -> datetime | None:
    """When the photo was taken, on the clock of the place it was taken.

    With OffsetTimeOriginal the time is shown in that offset (a photo taken at 23:30 in
    +08:00 was taken that evening, whatever the server's zone); without it the camera's
    clock was read as the campaign's time zone when stored, and is shown so again.
    """
    if photo.taken_at is None:
        return None
    offset = photo.taken_offset
    if offset:
        sign = 1 if offset[0] == "+" else -1
        zone = timezone(sign * timedelta(hours=int(offset[1:3]), minutes=int(offset[4:6])))
        return photo.taken_at.astimezone(zone)
    return dj_timezone.localtime(photo.taken_at)


def photo_taken_on(photo: Photo) -> date | None:
    """The day the photo was taken, at the place (see photo_taken_local)."""
    taken = photo_taken_local(photo)
    return taken.date() if taken is not None else None


def distance_m(
    lat1: Decimal | float | None,
    lon1: Decimal | float | None,
    lat2: Decimal | float | None,
    lon2: Decimal | float | None,
) -> float | None:
    """Great-circle distance in metres (haversine); None when either point is unknown."""
    if None in (lat1, lon1, lat2, lon2):
        return None
    p1, p2 = math.radians(float(lat1)), math.radians(float(lat2))
    dp, dl = p2 - p1, math.radians(float(lon2) - float(lon1))
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))
