"""Reused photos are found however they were re-sent; different photos never match."""

from __future__ import annotations

import csv
import io
import itertools

import pytest
from PIL import Image, ImageDraw, ImageOps

from baolian.photos.hashing import distance, tone_distance
from baolian.photos.services import (
    NEAR_DISTANCE,
    photo_near_duplicates,
    photo_read,
    photo_store,
)
from tests.photos.conftest import CORPUS, corpus_rows, needs_corpus

ROWS = corpus_rows()
REAL = [row["file"] for row in ROWS if row["kind"] == "real"]


def _open(name: str) -> Image.Image:
    return ImageOps.exif_transpose(Image.open(CORPUS / name)).convert("RGB")


def _encode(image: Image.Image, fmt: str = "JPEG", **kwargs) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **kwargs)
    return out.getvalue()


def _screenshot(image: Image.Image) -> bytes:
    """A phone screenshot of the photo in a chat app's viewer: fitted to a 1080×2340 screen
    (at half scale), black letterbox, a status bar with a clock and a battery."""
    screen_w, screen_h = 540, 1170
    fitted = image.resize((screen_w, round(image.height * screen_w / image.width)))
    if fitted.height > screen_h:
        fitted = image.resize((round(image.width * screen_h / image.height), screen_h))
    screen = Image.new("RGB", (screen_w, screen_h), "black")
    screen.paste(fitted, ((screen_w - fitted.width) // 2, (screen_h - fitted.height) // 2))
    draw = ImageDraw.Draw(screen)
    draw.text((20, 10), "14:08", fill="white")
    draw.rectangle((480, 12, 520, 24), outline="white")
    return _encode(screen, "PNG")


def variants(image: Image.Image) -> dict[str, bytes]:
    w, h = image.size
    dx, dy = round(w * 0.025), round(h * 0.025)
    return {
        "JPEG quality 60": _encode(image, quality=60),
        "half size": _encode(image.resize((w // 2, h // 2), Image.Resampling.LANCZOS)),
        "5% crop": _encode(image.crop((dx, dy, w - dx, h - dy)), quality=90),
        "white border": _encode(ImageOps.expand(image, border=max(w, h) // 20, fill="white")),
        "PNG": _encode(image, "PNG"),
        "screenshot": _screenshot(image),
    }


@pytest.fixture
def stored_corpus(db):
    return {
        row["file"]: photo_store(data=(CORPUS / row["file"]).read_bytes(), name=row["file"])
        for row in ROWS
    }


@needs_corpus
@pytest.mark.parametrize("name", REAL)
def test_every_kind_of_resend_of_a_real_photo_is_found(stored_corpus, name):
    original = stored_corpus[name]
    missed = []
    for label, data in variants(_open(name)).items():
        facts = photo_read(data, name=f"{label}.jpg")
        found = {photo.pk: d for photo, d in photo_near_duplicates(facts)}
        if original.pk not in found:
            missed.append(
                f"{label}: {distance(facts.phash, original.phash)} bits, "
                f"tones {tone_distance(facts.tone, original.tone)}"
            )
    assert not missed, f"{name}: " + "; ".join(missed)


@needs_corpus
def test_no_two_different_real_photos_match(stored_corpus):
    reuse = set()
    with open(CORPUS / "near_duplicates.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["meaning"].startswith("reuse"):
                reuse.add(frozenset((row["file_a"], row["file_b"])))
    by_pk = {photo.pk: name for name, photo in stored_corpus.items()}
    matched = set()
    for name, photo in stored_corpus.items():
        for other, _d in photo_near_duplicates(photo, exclude_photo_ids=[photo.pk]):
            matched.add(frozenset((name, by_pk[other.pk])))
    assert matched == reuse


@needs_corpus
def test_a_second_shot_of_the_same_scene_is_told_apart_by_its_tones(stored_corpus):
    # The corpus's iPhone 6 pair: the same second, the same place, HDR off and on. Their
    # pHashes are as close as a copy's; their tones are not.
    plain = stored_corpus["derived_iphone6_hdr_no_quarter.jpg"]
    hdr = stored_corpus["derived_iphone6_hdr_yes_quarter.jpg"]
    assert distance(plain.phash, hdr.phash) <= NEAR_DISTANCE
    assert photo_near_duplicates(plain, exclude_photo_ids=[plain.pk]) == []
    # A bare hash cannot tell them apart, and says so by returning both.
    assert {p.pk for p, _d in photo_near_duplicates(plain.phash)} == {plain.pk, hdr.pk}


@needs_corpus
def test_distances_leave_a_margin_between_copies_and_other_photos():
    hashes = {name: photo_read((CORPUS / name).read_bytes()).phash for name in REAL}
    closest = min(distance(hashes[a], hashes[b]) for a, b in itertools.combinations(REAL, 2))
    assert closest > NEAR_DISTANCE + 6


def test_exact_copies_are_found_without_the_corpus(db):
    from tests.factories_photos import image_bytes

    stored = photo_store(data=image_bytes(3), name="a.jpg")
    photo_store(data=image_bytes(4), name="b.jpg")
    again = photo_read(image_bytes(3))
    assert [(p.pk, d) for p, d in photo_near_duplicates(again)] == [(stored.pk, 0)]
    assert photo_near_duplicates(again, exclude_photo_ids=[stored.pk]) == []
