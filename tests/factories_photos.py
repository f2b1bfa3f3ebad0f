"""Photos for tests: real images made in memory, stored through `photo_store`."""

from __future__ import annotations

from baolian.photos.generate import make_photo, photo_exif  # noqa: F401 - for other tests
from baolian.photos.services import photo_store


def image_bytes(
    seed: int = 0, *, size: tuple[int, int] = (640, 480), fmt: str = "JPEG", exif=None
) -> bytes:
    """A picture unlike those of other seeds, encoded as `fmt` (see photos.generate)."""
    return make_photo(seed, size=size, fmt=fmt, exif=exif, quality=75)


def stored_photo(seed: int = 0, **kwargs):
    """A Photo row with its files, attached to whatever `kwargs` name (visit=, problem=…)."""
    data = kwargs.pop("data", None) or image_bytes(seed)
    return photo_store(data=data, name=kwargs.pop("name", f"photo{seed}.jpg"), **kwargs)
