"""Photos for tests: real images made in memory, stored through `photo_store`."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

from baolian.photos.services import photo_store


def image_bytes(
    seed: int = 0, *, size: tuple[int, int] = (640, 480), fmt: str = "JPEG", exif=None
) -> bytes:
    """A picture unlike those of other seeds (shapes placed by the seed), encoded as `fmt`."""
    import random

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
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(out, fmt, **kwargs)
    return out.getvalue()


def stored_photo(seed: int = 0, **kwargs):
    """A Photo row with its files, attached to whatever `kwargs` name (visit=, problem=…)."""
    data = kwargs.pop("data", None) or image_bytes(seed)
    return photo_store(data=data, name=kwargs.pop("name", f"photo{seed}.jpg"), **kwargs)
