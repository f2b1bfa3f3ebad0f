"""Made-up photos with real EXIF, for the demo city and tests: a picture that differs by
seed (so pHashes differ), with the time taken, its offset and a GPS position when given."""

from __future__ import annotations

import io
import random
from datetime import datetime
from decimal import Decimal

from PIL import Image, ImageDraw
from PIL.TiffImagePlugin import IFDRational


def _dms(value: Decimal | float) -> tuple[IFDRational, IFDRational, IFDRational]:
    value = abs(float(value))
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = round(((value - degrees) * 60 - minutes) * 60 * 1000)
    return IFDRational(degrees, 1), IFDRational(minutes, 1), IFDRational(seconds, 1000)


def photo_exif(
    *,
    taken_at: datetime | None = None,
    offset: str = "+08:00",
    latitude: Decimal | float | None = None,
    longitude: Decimal | float | None = None,
    make: str = "",
    model: str = "",
    orientation: int | None = None,
) -> Image.Exif:
    exif = Image.Exif()
    if make:
        exif[0x010F] = make
    if model:
        exif[0x0110] = model
    if orientation:
        exif[0x0112] = orientation
    if taken_at is not None:
        exif.get_ifd(0x8769)[0x9003] = taken_at.strftime("%Y:%m:%d %H:%M:%S")
        if offset:
            exif.get_ifd(0x8769)[0x9011] = offset
    if latitude is not None and longitude is not None:
        gps = exif.get_ifd(0x8825)
        gps[1], gps[2] = ("N" if latitude >= 0 else "S"), _dms(latitude)
        gps[3], gps[4] = ("E" if longitude >= 0 else "W"), _dms(longitude)
    return exif


def make_photo(
    seed: int,
    *,
    size: tuple[int, int] = (800, 600),
    fmt: str = "JPEG",
    exif: Image.Exif | None = None,
    quality: int = 85,
) -> bytes:
    """A picture unlike those of other seeds (shapes placed by the seed), encoded as `fmt`."""
    rng = random.Random(seed)
    image = Image.new("RGB", size, tuple(rng.randrange(256) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    w, h = size
    for _ in range(12):
        x0, y0 = rng.randrange(w), rng.randrange(h)
        x1, y1 = x0 + rng.randrange(w // 8, w // 2), y0 + rng.randrange(h // 8, h // 2)
        colour = tuple(rng.randrange(256) for _ in range(3))
        if rng.random() < 0.5:
            draw.rectangle((x0, y0, x1, y1), fill=colour)
        else:
            draw.ellipse((x0, y0, x1, y1), fill=colour)
    out = io.BytesIO()
    options: dict = {"exif": exif} if exif is not None else {}
    if fmt == "JPEG":
        options["quality"] = quality
    image.save(out, fmt, **options)
    return out.getvalue()
