"""Every file that cannot be evidence is refused with a message saying what it is."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image

from baolian.photos.models import Photo
from baolian.photos.services import PhotoRejected, photo_read, photo_store
from tests.factories_photos import image_bytes


def _refused(data: bytes, name: str = "现场照片.jpg") -> PhotoRejected:
    with pytest.raises(PhotoRejected) as caught:
        photo_read(data, name=name)
    return caught.value


def test_an_empty_file():
    exc = _refused(b"")
    assert exc.code == "empty"
    assert str(exc) == "“现场照片.jpg”文件是空的。"
    assert exc.message_en == "'现场照片.jpg' is empty."


def test_a_pdf_named_jpg_is_called_a_pdf():
    exc = _refused(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    assert exc.code == "not_image"
    assert "不是照片" in exc.message and "PDF" in exc.message
    assert "PDF document" in exc.message_en


@pytest.mark.parametrize(
    "head", [b"<!DOCTYPE html><html><body>login</body></html>", b"\xef\xbb\xbf  <html>"]
)
def test_a_web_page_saved_as_jpg_is_called_a_web_page(head):
    exc = _refused(head)
    assert "网页" in exc.message and "web page" in exc.message_en


@pytest.mark.parametrize(
    ("data", "zh"),
    [
        (b"PK\x03\x04" + b"\0" * 40, "压缩包"),
        (b"GIF89a" + b"\0" * 40, "GIF"),
        (b"\0\0\0\x18ftypmp42" + b"\0" * 40, "视频"),
    ],
)
def test_other_files_are_named_for_what_they_are(data, zh):
    assert zh in _refused(data).message


def test_random_bytes_are_not_a_photo():
    exc = _refused(bytes(range(256)) * 4)
    assert exc.code == "not_image"
    assert "JPEG、PNG、HEIC 或 WebP" in exc.message


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_a_truncated_photo_is_refused_as_incomplete(fmt):
    data = image_bytes(1, fmt=fmt)
    exc = _refused(data[: len(data) * 2 // 3])
    assert exc.code == "broken"
    assert "不完整" in exc.message and "incomplete" in exc.message_en


def test_a_png_cut_off_after_its_pixels_is_incomplete_too():
    data = image_bytes(1, fmt="PNG")
    assert _refused(data[:-12]).code == "broken"


def test_a_photo_over_the_byte_limit(settings):
    settings.PHOTO_MAX_BYTES = 10_000
    exc = _refused(image_bytes(1, size=(800, 600)) + b"\0" * 20_000)
    assert exc.code == "too_large"
    assert "太大" in exc.message and "MB" in exc.message


def test_too_many_pixels_is_refused_before_decoding(settings):
    settings.PHOTO_MAX_PIXELS = 1_000_000
    exc = _refused(image_bytes(1, size=(1200, 1000)))
    assert exc.code == "too_many_pixels"
    assert "1200×1000" in exc.message


def _png_header_only(width: int, height: int) -> bytes:
    """A decompression bomb's announcement: a PNG claiming 100,000 × 100,000 pixels."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\0" * 1000)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def test_a_decompression_bomb_is_refused_from_its_header():
    exc = _refused(_png_header_only(100_000, 100_000), name="")
    assert exc.code == "too_many_pixels"
    assert exc.message.startswith("照片像素过多")


def test_the_name_says_nothing_the_bytes_decide():
    # A PNG named .jpg is a PNG: accepted and stored as image/png.
    facts = photo_read(image_bytes(2, fmt="PNG"), name="x.jpg")
    assert facts.content_type == "image/png"


def test_a_refused_photo_stores_nothing(db, settings, tmp_path):
    with pytest.raises(PhotoRejected):
        photo_store(data=b"%PDF-1.4 not a photo", name="a.jpg")
    assert not Photo.objects.exists()
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_transparent_png_gets_a_white_background_in_its_display_copy(db):
    image = Image.new("RGBA", (50, 40), (255, 0, 0, 0))
    out = io.BytesIO()
    image.save(out, "PNG")
    photo = photo_store(data=out.getvalue(), name="sticker.png")
    with photo.display.open("rb") as f:
        shown = Image.open(f).convert("RGB")
        assert shown.getpixel((10, 10)) == pytest.approx((255, 255, 255), abs=3)
