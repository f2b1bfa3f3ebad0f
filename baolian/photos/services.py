"""Photos as evidence: read what a file says about itself, store it, find its near twins.

- `photo_read(data)` checks the bytes (size, real format, pixels, completeness) and reads
  EXIF, SHA-256 and the perceptual hash, or raises `PhotoRejected` with a message a person
  can act on (Chinese; English in `.message_en`).
- `photo_store(...)` stores the original byte for byte and a display copy (orientation
  applied, at most `PHOTO_DISPLAY_PX` on the long side, JPEG) through Django's storage API,
  under random names: files are served only by `photos.views`, which checks scoping.
- `photo_files_cleanup()` wraps a transaction that stores photos, so that a failure leaves
  no orphan file behind.
- `photo_near_duplicates(phash)` finds stored photos within `NEAR_DISTANCE` bits.
"""

from __future__ import annotations

import contextvars
import dataclasses
import hashlib
import io
import logging
import threading
import uuid
import warnings
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from PIL import Image

from baolian.photos import exif as exif_reader
from baolian.photos.hashing import fingerprint, to_signed, tone_distance
from baolian.photos.index import HashIndex
from baolian.photos.models import Photo, Stage

try:  # HEIC/HEIF: iPhones' default format
    import pillow_heif

    pillow_heif.register_heif_opener()
    HEIF_AVAILABLE = True
except ImportError:  # pragma: no cover - a dependency; without it HEIC is refused clearly
    HEIF_AVAILABLE = False

log = logging.getLogger(__name__)

# Photos within this many bits (of 64) are the same picture reused: measured on the real
# photos of tests/photos (recompressed, half size, 5 % crop, framed, PNG, screenshot: ≤ 10;
# different photos: ≥ 24). Distances come in even numbers (32 bits are set in every hash).
NEAR_DISTANCE = 12
# …and their tone signatures at most this many grey levels apart (hashing.TONE_PERCENTILES):
# copies measured ≤ 10, a second shot of the same scene 31.
TONE_MAX = 14

FORMATS = {
    # Pillow format → (content type, extension of the stored original)
    "JPEG": ("image/jpeg", ".jpg"),
    "PNG": ("image/png", ".png"),
    "WEBP": ("image/webp", ".webp"),
    "HEIF": ("image/heic", ".heic"),
}
_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}

# Decompression bombs: Pillow refuses images beyond twice this before decoding; our own
# check (PHOTO_MAX_PIXELS) refuses earlier with a message.
Image.MAX_IMAGE_PIXELS = getattr(settings, "PHOTO_MAX_PIXELS", 50_000_000)


class PhotoRejected(Exception):
    """A file that cannot be evidence. `str(exc)` is the Chinese message."""

    def __init__(self, message: str, message_en: str, *, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.message_en = message_en
        self.code = code

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class PhotoFacts:
    """What a file says about itself."""

    sha256: str
    phash: int  # signed 64-bit, as the database stores it
    taken_at: datetime | None  # aware when the offset is known, else naive local time
    taken_offset: str  # "+08:00" or ""
    latitude: Decimal | None
    longitude: Decimal | None
    make: str
    model: str
    orientation: int | None
    width: int  # as displayed, after orientation
    height: int
    has_exif: bool
    content_type: str
    size_bytes: int = 0
    tone: str = ""  # grey levels at 10 percentiles, hex (hashing.TONE_PERCENTILES)

    @property
    def phash_hex(self) -> str:
        return f"{self.phash & 0xFFFFFFFFFFFFFFFF:016x}"


def _limits() -> tuple[int, int, int]:
    return (
        settings.PHOTO_MAX_BYTES,
        settings.PHOTO_MAX_PIXELS,
        settings.PHOTO_DISPLAY_PX,
    )


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


def _named(name: str) -> tuple[str, str]:
    return (f"“{name}”", f"'{name}' ") if name else ("", "")


def _what_it_is(head: bytes) -> tuple[str, str] | None:
    """A name for a common non-photo file, from its first bytes."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"%PDF"):
        return "PDF 文档", "a PDF document"
    if text.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<?xml", b"<svg")):
        return "网页（HTML/XML）", "a web page (HTML/XML)"
    if head.startswith(b"PK\x03\x04"):
        return "压缩包或 Office 文档", "a zip archive or Office document"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "GIF 动图", "a GIF animation"
    if head.startswith(b"BM"):
        return "BMP 位图", "a BMP bitmap"
    if head[4:8] == b"ftyp":
        return "视频或其他媒体文件", "a video or other media file"
    return None


def sniff_format(data: bytes) -> str | None:
    """The photo format the bytes really are (never what the file name says)."""
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    if data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS:
        return "HEIF"
    return None


def _reject_format(data: bytes, name: str) -> PhotoRejected:
    zh_name, en_name = _named(name)
    what = _what_it_is(data[:64])
    if what is not None:
        return PhotoRejected(
            f"{zh_name}不是照片：文件内容是{what[0]}。请上传 JPEG、PNG、HEIC 或 WebP 照片。",
            f"{en_name or 'The file '}is not a photo: it is {what[1]}. "
            "Upload a JPEG, PNG, HEIC or WebP photo.",
            code="not_image",
        )
    return PhotoRejected(
        f"{zh_name}不是可识别的照片。请上传 JPEG、PNG、HEIC 或 WebP 照片。",
        f"{en_name or 'The file '}is not a photo we can read. "
        "Upload a JPEG, PNG, HEIC or WebP photo.",
        code="not_image",
    )


def _reject_broken(name: str) -> PhotoRejected:
    zh_name, en_name = _named(name)
    return PhotoRejected(
        f"{zh_name}照片文件不完整或已损坏（可能上传中断），请重新选择照片。",
        f"{en_name or 'The photo '}is incomplete or damaged (perhaps a broken upload); "
        "choose the photo again.",
        code="broken",
    )


def _display_size(width: int, height: int, longest: int) -> tuple[int, int]:
    scale = min(1.0, longest / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


# One pair of long-lived threads for the work that runs beside the decoder (hashlib, the
# JPEG encoder and the decoder all release the GIL): starting two threads per photo cost
# more CPU time than the SHA-256 itself.
_helpers = ThreadPoolExecutor(max_workers=2, thread_name_prefix="photo")
_SHA_CHUNK = 1 << 20


def _sha256(data: bytes) -> str:
    """SHA-256 streamed over the bytes in place (a memoryview: no copy of the file)."""
    digest = hashlib.sha256()
    view = memoryview(data)
    for start in range(0, len(view), _SHA_CHUNK):
        digest.update(view[start : start + _SHA_CHUNK])
    return digest.hexdigest()


def _beside(fn, *args) -> Future:
    """`fn(*args)` on a helper thread; small work runs at once, inline."""
    if len(args) == 1 and isinstance(args[0], bytes) and len(args[0]) < 1 << 20:
        done: Future = Future()
        done.set_result(fn(*args))
        return done
    return _helpers.submit(fn, *args)


@dataclass
class _Decoded:
    facts: PhotoFacts
    display: Image.Image  # orientation applied, about PHOTO_DISPLAY_PX long side
    display_jpeg: bytes = b""  # the display copy encoded, when asked for


def _decode(data: bytes, name: str, *, encode: bool = False) -> _Decoded:
    max_bytes, max_pixels, display_px = _limits()
    zh_name, en_name = _named(name)
    if not data:
        raise PhotoRejected(
            f"{zh_name}文件是空的。", f"{en_name or 'The file '}is empty.", code="empty"
        )
    if len(data) > max_bytes:
        raise PhotoRejected(
            f"{zh_name}照片文件太大（{_mb(len(data))}），上限为 {_mb(max_bytes)}。",
            f"{en_name or 'The photo '}is too large ({_mb(len(data))}); "
            f"the limit is {_mb(max_bytes)}.",
            code="too_large",
        )
    kind = sniff_format(data)
    if kind is None or (kind == "HEIF" and not HEIF_AVAILABLE):
        raise _reject_format(data, name)
    if kind == "PNG" and b"IEND" not in data[-64:]:
        # Pillow decodes a PNG whose end is cut off after its pixels; it is still cut off.
        raise _reject_broken(name)
    # SHA-256 of a 5 MB file runs beside the decoder (both release the GIL).
    digest = _beside(_sha256, data)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=[kind])
            width, height = image.size
            if width * height > max_pixels or width < 1 or height < 1:
                raise PhotoRejected(
                    f"{zh_name}照片像素过多（{width}×{height}），"
                    f"上限为 {max_pixels / 1e6:.0f} 百万像素。",
                    f"{en_name or 'The photo '}has too many pixels ({width}×{height}); "
                    f"the limit is {max_pixels / 1e6:.0f} megapixels.",
                    code="too_many_pixels",
                )
            facts = exif_reader.read_exif(image)
            if kind == "JPEG":
                # Decode at 1/2, 1/4 or 1/8 scale straight from the DCT: a 12-megapixel
                # photo is never decoded at full size only to be shrunk.
                image.draft("RGB", _display_size(width, height, display_px))
            image.load()
            drafted = image.size != (width, height)
    except PhotoRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise PhotoRejected(
            f"{zh_name}照片像素过多，疑似恶意文件。",
            f"{en_name or 'The photo '}has too many pixels to be a photo.",
            code="too_many_pixels",
        ) from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        # Pillow: "image file is truncated", "broken data stream", a bad header.
        raise _reject_broken(name) from exc
    except Exception as exc:  # noqa: BLE001 - a decoder's surprise is a broken file, not a 500
        log.warning("photo decoder failed on %r: %s", name, exc)
        raise _reject_broken(name) from exc

    orientation = turn = facts["orientation"]
    if kind == "HEIF":
        # libheif has already turned the picture (the container's irot/imir, which iPhones
        # keep in step with EXIF) and pillow-heif reset the EXIF tag to 1: report what the
        # file said, turn nothing more, and the size is already as displayed.
        original = image.info.get("original_orientation")
        orientation = original if isinstance(original, int) and 1 <= original <= 8 else turn
        turn = None
    elif orientation in (5, 6, 7, 8):
        width, height = height, width
    try:
        display = _display_image(image, turn, display_px, drafted=drafted)
        encoded = _helpers.submit(_encode_display, display) if encode else None
        hashed, tone = fingerprint(display)
    except (OSError, ValueError) as exc:
        # A pixel format Pillow reads but cannot turn into a picture on screen.
        log.warning("photo %r could not be converted: %s", name, exc)
        raise _reject_broken(name) from exc
    content_type = FORMATS[kind][0]
    return _Decoded(
        facts=PhotoFacts(
            sha256=digest.result(),
            phash=to_signed(hashed),
            taken_at=facts["taken_at"],
            taken_offset=facts["taken_offset"],
            latitude=facts["latitude"],
            longitude=facts["longitude"],
            make=facts["make"],
            model=facts["model"],
            orientation=orientation,
            width=width,
            height=height,
            has_exif=facts["has_exif"],
            content_type=content_type,
            size_bytes=len(data),
            tone=tone,
        ),
        display=display,
        display_jpeg=encoded.result() if encoded is not None else b"",
    )


_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def _display_image(
    image: Image.Image, orientation: int | None, longest: int, *, drafted: bool = False
) -> Image.Image:
    """RGB, about `longest` px on the long side, turned the way the camera was held.

    A JPEG that `draft` decoded at reduced scale is used at that scale (its long side is
    between `longest` and twice it): resampling 3 megapixels costs more than decoding
    them, and the display copy of a 12-megapixel photo must cost little more than the
    decode (bench/photos.py). Other images are resized to `longest`.
    """
    if image.mode not in ("RGB", "L"):
        if image.mode in ("RGBA", "LA", "PA") or (
            image.mode == "P" and "transparency" in image.info
        ):
            # Transparent screenshots and stickers: on white, as a chat app shows them.
            rgba = image.convert("RGBA")
            flat = Image.new("RGB", rgba.size, (255, 255, 255))
            flat.paste(rgba, mask=rgba.getchannel("A"))
            image = flat
        else:
            image = image.convert("RGB")
    size = _display_size(image.width, image.height, longest)
    if size != image.size and not drafted:
        image = image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    if orientation in _TRANSPOSE:
        image = image.transpose(_TRANSPOSE[orientation])
    return image


def _encode_display(image: Image.Image) -> bytes:
    """Baseline JPEG, no optimize/progressive passes: a display copy is written once and
    read on a phone, where a few kilobytes matter less than the seconds of a submission."""
    out = io.BytesIO()
    image.save(out, "JPEG", quality=settings.PHOTO_DISPLAY_QUALITY, optimize=False)
    return out.getvalue()


def photo_read(data: bytes, *, name: str = "") -> PhotoFacts:
    """What `data` says about itself; raises PhotoRejected for anything but a sound photo."""
    return _decode(data, name).facts


# --- files written in this context, deleted if it fails ----------------------------------
_written: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar(
    "photo_files_written", default=None
)


@contextmanager
def photo_files_cleanup() -> Iterator[None]:
    """Delete the files stored inside the block if the block raises.

    Wrap the transaction that stores photos with it (outside `transaction.atomic`): the
    database rolls back its rows, this removes their files, so a failed submission leaves
    neither an orphan row nor an orphan file. Nested blocks hand their files to the outer.
    """
    outer = _written.get()
    mine: list[str] = []
    token = _written.set(mine)
    try:
        yield
    except BaseException:
        _delete_files(mine)
        raise
    finally:
        _written.reset(token)
    if outer is not None:
        outer.extend(mine)


def _delete_files(names: list[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except Exception:  # noqa: BLE001 - cleanup must go on to the next file
            log.exception("could not delete photo file %s", name)


def _save(name: str, content: bytes) -> str:
    stored = default_storage.save(name, ContentFile(content))
    written = _written.get()
    if written is not None:
        written.append(stored)
    return stored


@dataclass(frozen=True)
class PreparedPhoto:
    """A photo checked and processed, not yet stored: what `photo_store` writes.

    Made by `photo_prepare` before a transaction opens, so that the slow part (decoding,
    hashing, the display copy) never runs while the database's write lock is held."""

    data: bytes
    name: str
    facts: PhotoFacts
    display_jpeg: bytes
    # Storage names once `photo_write` has stored the files (still without a row).
    original: str = ""
    display: str = ""


def photo_write(prepared: PreparedPhoto) -> PreparedPhoto:
    """Store a prepared photo's two files ahead of the transaction that adds its row.

    Call it inside `photo_files_cleanup()`: if the row is then not saved, the files go."""
    if prepared.original:
        return prepared
    key = uuid.uuid4().hex
    # Random names under a month folder: nothing about a photo's name can be guessed.
    folder = f"photos/{timezone.localdate():%Y/%m}"
    extension = FORMATS[_format_of(prepared.facts.content_type)][1]
    original = _save(f"{folder}/{key}{extension}", prepared.data)
    try:
        display = _save(f"{folder}/{key}-display.jpg", prepared.display_jpeg)
    except BaseException:
        _delete_files([original])
        raise
    return dataclasses.replace(prepared, original=original, display=display)


def photo_prepare(data: bytes, *, name: str = "") -> PreparedPhoto:
    """Validate a photo and compute all that is stored with it; raises PhotoRejected."""
    decoded = _decode(data, name, encode=True)
    return PreparedPhoto(
        data=data, name=name, facts=decoded.facts, display_jpeg=decoded.display_jpeg
    )


def photo_store(
    *,
    data: bytes | None = None,
    name: str = "",
    prepared: PreparedPhoto | None = None,
    uploaded_by=None,
    visit=None,
    problem=None,
    support_measure=None,
    stage: str = Stage.EVIDENCE,
) -> Photo:
    """Store a photo: its original byte for byte, a display copy, its facts.

    Pass `prepared` (from `photo_prepare`, made outside the transaction) or the raw
    `data`, which is then checked and processed here."""
    if prepared is None:
        if data is None:
            raise TypeError("photo_store needs data or prepared")
        prepared = photo_prepare(data, name=name)
    data, name, facts = prepared.data, prepared.name, prepared.facts
    stored: list[str] = []
    try:
        if not prepared.original:
            prepared = photo_write(prepared)
            stored = [prepared.original, prepared.display]
        with transaction.atomic():
            photo = Photo.objects.create(
                original=prepared.original,
                display=prepared.display,
                original_name=(name or "")[-255:],
                content_type=facts.content_type,
                size_bytes=len(data),
                sha256=facts.sha256,
                phash=facts.phash,
                tone=facts.tone,
                width=facts.width,
                height=facts.height,
                orientation=facts.orientation,
                taken_at=_storable_time(facts.taken_at),
                taken_offset=facts.taken_offset,
                latitude=facts.latitude,
                longitude=facts.longitude,
                make=facts.make,
                model=facts.model,
                has_exif=facts.has_exif,
                stage=stage,
                visit=visit,
                problem=problem,
                support_measure=support_measure,
                uploaded_by=uploaded_by,
            )
    except BaseException:
        _delete_files(stored)
        raise
    return photo


def _format_of(content_type: str) -> str:
    return next(k for k, (ct, _ext) in FORMATS.items() if ct == content_type)


def _storable_time(taken: datetime | None) -> datetime | None:
    """A camera's local time without offset is read as the campaign's time zone."""
    if taken is None:
        return None
    if timezone.is_naive(taken):
        return timezone.make_aware(taken)
    return taken


# --- near duplicates ----------------------------------------------------------------------
class PhotoIndex:
    """The process's index of stored hashes, loaded from the database on first use and
    caught up with rows added since (by any process) at each lookup. Rows the database
    lost (a rolled-back transaction, a deletion) are dropped at the next rebuild; a
    candidate is always re-checked against its row, so a stale entry never shows."""

    # Rows committed out of id order by concurrent writers, and ids that SQLite hands out
    # again after a rollback, are caught within this window of the newest ids.
    LOOKBACK = 200

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._index: HashIndex | None = None
        self._known: dict[int, int] = {}  # id → hash as indexed
        self._last_id = 0

    def reset(self) -> None:
        with self._lock:
            self._index, self._known, self._last_id = None, {}, 0

    def _refresh(self) -> HashIndex:
        with self._lock:
            if self._index is None:
                rows = list(Photo.objects.order_by("id").values_list("id", "phash"))
                self._index = HashIndex([r[0] for r in rows], [r[1] for r in rows])
                self._known = dict(rows)
                self._last_id = rows[-1][0] if rows else 0
                return self._index
            fresh = Photo.objects.filter(id__gt=self._last_id - self.LOOKBACK).values_list(
                "id", "phash"
            )
            for row_id, value in fresh:
                if self._known.get(row_id) != value:
                    # New, or an id reused for another photo: the old entry stays but
                    # never shows, since every hit is re-checked against its row.
                    self._index.add(row_id, value)
                    self._known[row_id] = value
                    self._last_id = max(self._last_id, row_id)
            return self._index

    def query(self, value: int, max_distance: int) -> list[tuple[int, int]]:
        return self._refresh().query(value, max_distance)


photo_index = PhotoIndex()


def photo_near_duplicates(
    phash: int | Photo | PhotoFacts,
    *,
    tone: str = "",
    exclude_photo_ids=(),
    max_distance: int = NEAR_DISTANCE,
) -> list[tuple[Photo, int]]:
    """Stored photos that are the same picture as `phash`, nearest first, with distances.

    Pass the Photo or PhotoFacts itself (or `tone=`): then a second shot of the same scene,
    whose pHash is as close as a copy's, is told apart by its tones (TONE_MAX). With a
    bare hash, every photo within `max_distance` bits is returned.
    """
    if not isinstance(phash, int):
        tone = tone or phash.tone
        phash = phash.phash
    hits = dict(photo_index.query(phash, max_distance))
    for excluded in exclude_photo_ids:
        hits.pop(excluded, None)
    if not hits:
        return []
    photos = Photo.objects.filter(id__in=hits).select_related(
        "visit__unit", "visit__community", "problem", "support_measure"
    )
    result = []
    for photo in photos:
        # Re-checked against the row: an index entry of a rolled-back row never shows.
        distance = ((photo.phash ^ phash) & 0xFFFFFFFFFFFFFFFF).bit_count()
        if distance > max_distance:
            continue
        tones_apart = tone_distance(tone, photo.tone) if tone else None
        if tones_apart is not None and tones_apart > TONE_MAX:
            continue
        result.append((photo, distance))
    result.sort(key=lambda pair: (pair[1], pair[0].pk))
    return result
