"""Drawn photos for the demo city, tests and benchmarks: distinct scenes, real EXIF.

Each seed draws a different scene (so perceptual hashes differ between scenes), and the EXIF
says when and where it was "taken", the way a phone camera writes it.
"""

from __future__ import annotations

import io
import random
from datetime import datetime
from decimal import Decimal

from PIL import Image, ImageDraw

EXIF_IFD, GPS_IFD = 0x8769, 0x8825
MAKE, MODEL = 0x010F, 0x0110
DATETIME_ORIGINAL, OFFSET_TIME_ORIGINAL = 0x9003, 0x9011


def _dms(value: Decimal | float) -> tuple[float, float, float]:
    value = abs(float(value))
    degrees = int(value)
    minutes_full = (value - degrees) * 60
    minutes = int(minutes_full)
    seconds = round((minutes_full - minutes) * 60, 2)
    return (float(degrees), float(minutes), seconds)


def scene(seed: object, size: tuple[int, int] = (640, 480)) -> Image.Image:
    """A street-like scene of blocks and discs; a different layout for every seed."""
    rng = random.Random(str(seed))
    width, height = size
    image = Image.new("RGB", size, tuple(rng.randrange(60, 200) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    for _ in range(14):
        x0, y0 = rng.randrange(width), rng.randrange(height)
        x1 = x0 + rng.randrange(width // 8, width // 2)
        y1 = y0 + rng.randrange(height // 8, height // 2)
        colour = tuple(rng.randrange(256) for _ in range(3))
        if rng.random() < 0.5:
            draw.rectangle((x0, y0, x1, y1), fill=colour)
        else:
            draw.ellipse((x0, y0, x1, y1), fill=colour)
    return image


def jpeg(
    seed: object,
    *,
    taken_at: datetime | None = None,
    offset: str | None = "+08:00",
    latitude: Decimal | float | None = None,
    longitude: Decimal | float | None = None,
    make: str = "HUAWEI",
    model: str = "P40",
    size: tuple[int, int] = (640, 480),
    quality: int = 85,
    exif: bool = True,
) -> bytes:
    """A JPEG of `scene(seed)` with the EXIF a phone camera writes (or none)."""
    image = scene(seed, size)
    buffer = io.BytesIO()
    if not exif:
        image.save(buffer, "JPEG", quality=quality)
        return buffer.getvalue()
    tags = Image.Exif()
    tags[MAKE], tags[MODEL] = make, model
    if taken_at is not None:
        ifd = {DATETIME_ORIGINAL: taken_at.strftime("%Y:%m:%d %H:%M:%S")}
        if offset:
            ifd[OFFSET_TIME_ORIGINAL] = offset
        tags[EXIF_IFD] = ifd
    if latitude is not None and longitude is not None:
        tags[GPS_IFD] = {
            1: "N" if float(latitude) >= 0 else "S",
            2: _dms(latitude),
            3: "E" if float(longitude) >= 0 else "W",
            4: _dms(longitude),
        }
    image.save(buffer, "JPEG", quality=quality, exif=tags)
    return buffer.getvalue()


def recompressed(data: bytes, *, quality: int = 60, scale: float = 0.5) -> bytes:
    """What a chat app does to a forwarded photo: smaller, recompressed, EXIF gone."""
    image = Image.open(io.BytesIO(data))
    image = image.resize((max(1, int(image.width * scale)), max(1, int(image.height * scale))))
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()
