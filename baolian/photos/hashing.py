"""A 64-bit perceptual hash (pHash) that survives what happens to a reused photo.

A photo sent again is recompressed, resized, cropped a little, framed, or screenshotted in a
chat app: every one of these keeps the picture's coarse light and dark layout, which is what
the lowest 8×8 frequencies of a DCT of the grayscale image describe. Borders and a phone's
letterbox are trimmed first, so a framed copy hashes as the photo inside the frame.

With it goes a tone signature (see TONE_PERCENTILES), which tells a copy from a second
shot of the same scene. Both are computed from a small grayscale copy; callers pass an
image they already decoded at a reduced size (JPEG `draft`), never a full 12-megapixel
decode.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

# The image is reduced to this before trimming: enough to find a border a few pixels wide.
TRIM_SIDE = 256
# pHash: DCT of a 32×32 grayscale image, keep the 8×8 lowest frequencies.
HASH_SIDE = 32
# A border row or column: at least this share of its pixels within TRIM_TOLERANCE grey
# levels of the border colour. 0.9 lets a phone's status bar (a clock, a battery icon on a
# plain bar) count as border while a row of a real scene never does.
TRIM_SHARE = 0.90
TRIM_TOLERANCE = 14
# Never trim more than this share of a side: a photo of a white wall stays a photo.
TRIM_MAX = 0.35
# A run of this share of the side that is not border is the picture itself.
TRIM_BUSY_RUN = 0.04
# A frame or a letterbox is about as wide on both opposite sides; the wider side is trimmed
# at most this much (share of the side) more than the narrower one, so a photo's own sky
# next to a frame is left in the picture.
TRIM_SLACK = 0.03


# The tone signature: grey levels at these percentiles of the trimmed picture. A copy keeps
# its tones (≤ 10 levels apart after recompression, resizing, a crop, a frame, a
# screenshot); two captures of one scene a moment apart (an HDR and a plain shot, or an
# exposure changed) do not (31 levels for the corpus's iPhone pair), while their pHashes
# can be 4 bits apart. Measured on the real photos in tests/photos.
TONE_PERCENTILES = np.arange(5, 100, 10)


def _dct_matrix(n: int) -> np.ndarray:
    k = np.arange(n)[:, None]
    i = np.arange(n)[None, :]
    m = np.cos(np.pi * (2 * i + 1) * k / (2 * n)) * np.sqrt(2 / n)
    m[0] /= np.sqrt(2)
    return m


_DCT = _dct_matrix(HASH_SIDE)
_BITS = (1 << np.arange(63, -1, -1, dtype=np.uint64)).astype(np.uint64)


def _border_extent(lines: np.ndarray, colour: float, limit: int) -> int:
    """How many leading lines (rows) are border: close to `colour` in most of their pixels.

    A short run of busy lines inside the border (a phone's status bar with its clock and
    battery icon) does not end it; a run of `min_run` busy lines (the picture) does.
    """
    share = (np.abs(lines - colour) <= TRIM_TOLERANCE).mean(axis=1)
    min_run = max(3, int(len(lines) * TRIM_BUSY_RUN))
    extent = busy = 0
    for i in range(min(limit, len(lines))):
        if share[i] >= TRIM_SHARE:
            extent, busy = i + 1, 0
        else:
            busy += 1
            if busy >= min_run:
                break
    return extent


def trim_box(gray: np.ndarray) -> tuple[int, int, int, int]:
    """(left, top, right, bottom) of the picture inside any plain border or letterbox.

    Opposite sides are trimmed only together and only when they are of one colour: a frame
    or a phone's letterbox is, while a photo's own sky at the top or a wall at one side is
    not matched by the same colour opposite, so the photo is left whole.
    """
    h, w = gray.shape
    tl, tr, bl, br = (
        float(gray[0, 0]),
        float(gray[0, -1]),
        float(gray[-1, 0]),
        float(gray[-1, -1]),
    )
    top = _border_extent(gray, (tl + tr) / 2, int(h * TRIM_MAX))
    bottom = _border_extent(gray[::-1], (bl + br) / 2, int(h * TRIM_MAX))
    left = _border_extent(gray.T, (tl + bl) / 2, int(w * TRIM_MAX))
    right = _border_extent(gray.T[::-1], (tr + br) / 2, int(w * TRIM_MAX))
    if top and bottom and abs((tl + tr) - (bl + br)) / 2 <= TRIM_TOLERANCE:
        most = min(top, bottom) + int(h * TRIM_SLACK)
        top, bottom = min(top, most), min(bottom, most)
    else:
        top = bottom = 0
    if left and right and abs((tl + bl) - (tr + br)) / 2 <= TRIM_TOLERANCE:
        most = min(left, right) + int(w * TRIM_SLACK)
        left, right = min(left, most), min(right, most)
    else:
        left = right = 0
    return left, top, w - right, h - bottom


def _trimmed_gray(image: Image.Image) -> Image.Image:
    """A small grayscale copy of the picture inside any border."""
    # Reduce in one cheap step first (box filter on integer factors), then go grey and trim:
    # converting 3 megapixels to grey costs more than the reduction itself.
    factor = max(1, min(image.width, image.height) // TRIM_SIDE)
    if factor > 1:
        image = image.reduce(factor)
    gray = image.convert("L")
    arr = np.asarray(gray, dtype=np.float32)
    if arr.shape[0] >= 8 and arr.shape[1] >= 8:
        left, top, right, bottom = trim_box(arr)
        if right - left >= 8 and bottom - top >= 8:
            gray = gray.crop((left, top, right, bottom))
    return gray


def _phash_of(gray: Image.Image) -> int:
    small = np.asarray(gray.resize((HASH_SIDE, HASH_SIDE), Image.Resampling.BOX), np.float32)
    coeffs = (_DCT @ small @ _DCT.T)[:8, :8].flatten()
    # Median without the DC term (the average brightness), as pHash does.
    bits = coeffs > np.median(coeffs[1:])
    return int(np.sum(_BITS[bits], dtype=np.uint64))


def _tone_of(gray: Image.Image) -> str:
    # From the histogram (one pass) rather than a sort of every pixel.
    counts = np.bincount(np.asarray(gray, dtype=np.uint8).ravel(), minlength=256)
    cumulative = np.cumsum(counts)
    levels = np.searchsorted(cumulative, TONE_PERCENTILES / 100 * cumulative[-1])
    return bytes(np.clip(levels, 0, 255).astype(np.uint8)).hex()


def fingerprint(image: Image.Image) -> tuple[int, str]:
    """(unsigned 64-bit pHash, tone signature) of `image` (orientation already applied)."""
    gray = _trimmed_gray(image)
    return _phash_of(gray), _tone_of(gray)


def phash(image: Image.Image) -> int:
    """The unsigned 64-bit pHash of `image` (orientation already applied)."""
    return _phash_of(_trimmed_gray(image))


def tone_distance(a: str, b: str) -> float | None:
    """Mean difference in grey levels between two tone signatures; None if either is
    unknown (a photo stored before signatures existed)."""
    if len(a) != 2 * len(TONE_PERCENTILES) or len(b) != len(a):
        return None
    x = np.frombuffer(bytes.fromhex(a), np.uint8).astype(np.int16)
    y = np.frombuffer(bytes.fromhex(b), np.uint8).astype(np.int16)
    return float(np.abs(x - y).mean())


def to_signed(value: int) -> int:
    """Unsigned 64-bit → the signed integer a BIGINT column stores."""
    return value - (1 << 64) if value >= 1 << 63 else value


def to_unsigned(value: int) -> int:
    return value + (1 << 64) if value < 0 else value


def distance(a: int, b: int) -> int:
    """Hamming distance between two hashes, signed or unsigned."""
    return ((a ^ b) & 0xFFFFFFFFFFFFFFFF).bit_count()
