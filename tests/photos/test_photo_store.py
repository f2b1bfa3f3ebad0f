"""photo_store keeps the original byte for byte and a display copy; a failed block that
stored photos leaves no file behind."""

from __future__ import annotations

import io

import pytest
from django.db import transaction
from PIL import Image

from baolian.photos.models import Photo
from baolian.photos.services import photo_files_cleanup, photo_store
from tests.factories_photos import image_bytes
from tests.photos.test_exif_parsing import _jpeg_with_exif


def _files(settings) -> list:
    root = settings.MEDIA_ROOT
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_the_original_is_kept_byte_for_byte_with_its_facts(db):
    data = _jpeg_with_exif(orientation=6)
    photo = photo_store(data=data, name="IMG_0001.JPG")
    with photo.original.open("rb") as f:
        assert f.read() == data
    assert photo.original_name == "IMG_0001.JPG"
    assert photo.size_bytes == len(data) and photo.content_type == "image/jpeg"
    assert photo.taken_offset == "+08:00" and photo.make == "Xiaomi"
    assert (photo.width, photo.height) == (48, 64)


def test_the_display_copy_is_turned_and_screen_sized(db, settings):
    settings.PHOTO_DISPLAY_PX = 400
    photo = photo_store(data=_jpeg_with_exif(orientation=6), name="a.jpg")
    with photo.display.open("rb") as f:
        shown = Image.open(f)
        assert shown.format == "JPEG" and shown.size == (48, 64)
        assert not shown.getexif()  # no GPS in the copy pages show
    big = photo_store(data=image_bytes(5, size=(1800, 1000), fmt="PNG"), name="b.png")
    with big.display.open("rb") as f:
        assert Image.open(f).size == (400, 222)


def test_a_big_jpeg_is_shown_at_its_draft_scale(db, settings):
    # A JPEG decoded at 1/2, 1/4 or 1/8 scale is used at that scale: long side between
    # PHOTO_DISPLAY_PX and twice it, never the full size.
    settings.PHOTO_DISPLAY_PX = 400
    photo = photo_store(data=image_bytes(6, size=(2000, 1500)), name="c.jpg")
    with photo.display.open("rb") as f:
        assert Image.open(f).size == (500, 375)
    assert (photo.width, photo.height) == (2000, 1500)


def test_stored_names_are_random_and_never_the_upload_name(db):
    a = photo_store(data=image_bytes(1), name="../../etc/passwd.jpg")
    b = photo_store(data=image_bytes(1), name="../../etc/passwd.jpg")
    assert a.original.name != b.original.name
    assert ".." not in a.original.name and "passwd" not in a.original.name


def test_a_failing_transaction_leaves_no_orphan_file(db, settings):
    with pytest.raises(RuntimeError), photo_files_cleanup(), transaction.atomic():
        photo_store(data=image_bytes(1), name="a.jpg")
        photo_store(data=image_bytes(2), name="b.jpg")
        raise RuntimeError("the visit could not be saved")
    assert not Photo.objects.exists()
    assert _files(settings) == []


def test_a_refused_second_photo_removes_the_first(db, settings):
    from baolian.photos.services import PhotoRejected

    with pytest.raises(PhotoRejected), photo_files_cleanup(), transaction.atomic():
        photo_store(data=image_bytes(1), name="a.jpg")
        photo_store(data=b"<html>", name="b.jpg")
    assert _files(settings) == []


def test_nested_blocks_hand_their_files_to_the_outer_one(db, settings):
    with pytest.raises(RuntimeError), photo_files_cleanup():
        with photo_files_cleanup():
            photo_store(data=image_bytes(1), name="a.jpg")
        raise RuntimeError("later")
    assert _files(settings) == []


def test_a_successful_block_keeps_its_files(db, settings):
    with photo_files_cleanup(), transaction.atomic():
        photo = photo_store(data=image_bytes(1), name="a.jpg")
    assert len(_files(settings)) == 2
    assert Photo.objects.get().pk == photo.pk


def _heic_turned() -> bytes:
    image = Image.new("RGB", (64, 48), (200, 30, 30))
    image.paste((0, 0, 255), (0, 0, 16, 16))  # a blue corner, top left as stored
    exif = Image.Exif()
    exif[0x0112] = 6  # the phone was held upright: turn 90° clockwise to show
    out = io.BytesIO()
    image.save(out, "HEIF", exif=exif.tobytes(), quality=90)
    return out.getvalue()


def test_a_turned_heic_is_shown_upright_and_turned_once(db):
    photo = photo_store(data=_heic_turned(), name="IMG_0002.HEIC")
    assert (photo.content_type, photo.orientation) == ("image/heic", 6)
    assert (photo.width, photo.height) == (48, 64)
    with photo.display.open("rb") as f:
        shown = Image.open(f).convert("RGB")
        assert shown.size == (48, 64)
        red, green, blue = shown.getpixel((40, 5))  # the blue corner is now top right
        assert blue > 200 and red < 60


@pytest.mark.parametrize(("fmt", "content_type"), [("WEBP", "image/webp"), ("PNG", "image/png")])
def test_webp_and_png_are_kept_as_they_came(db, fmt, content_type):
    data = image_bytes(4, fmt=fmt)
    photo = photo_store(data=data, name="chat-image")
    assert photo.content_type == content_type
    assert photo.original.name.endswith("." + fmt.lower())
    with photo.original.open("rb") as f:
        assert f.read() == data
    assert photo.display.name.endswith("-display.jpg")
