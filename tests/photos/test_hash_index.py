"""The near-duplicate index finds exactly what a linear scan finds, and stays fresh."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from baolian.photos.index import HashIndex, linear_scan
from baolian.photos.services import photo_index, photo_near_duplicates, photo_read
from tests.factories_photos import image_bytes, stored_photo


def _near(base: int, rng: np.random.Generator, flips: int) -> int:
    for bit in rng.choice(64, size=flips, replace=False):
        base ^= 1 << int(bit)
    return base


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32), st.integers(0, 16))
def test_the_index_finds_exactly_what_a_linear_scan_finds(seed, max_distance):
    rng = np.random.default_rng(seed)
    n = 3000
    hashes = rng.integers(-(2**63), 2**63 - 1, size=n, dtype=np.int64)
    # Plant near copies of a few hashes so there is something to find at every distance.
    for i in range(0, 200, 2):
        hashes[i + 1] = np.int64(
            np.uint64(_near(int(hashes[i]) & (2**64 - 1), rng, i % 17)).view(np.int64)
        )
    ids = np.arange(10, 10 + n, dtype=np.int64)
    index = HashIndex(ids, hashes)
    for target in [int(h) for h in hashes[:40:3]] + [int(rng.integers(0, 2**63))]:
        expected = set(ids[linear_scan(hashes, target, max_distance)].tolist())
        assert {row for row, _d in index.query(target, max_distance)} == expected


def test_added_hashes_are_found_before_and_after_merging(monkeypatch):
    import baolian.photos.index as module

    monkeypatch.setattr(module, "PENDING_MAX", 5)
    index = HashIndex([1], [0])
    for i in range(2, 12):
        index.add(i, (1 << i) | 1)
    assert len(index) == 11
    found = dict(index.query(0, 2))
    assert found[1] == 0 and found[5] == 2 and set(found) == set(range(1, 12))


def test_photos_stored_after_the_index_was_built_are_found(db):
    first = stored_photo(1)
    assert [p.pk for p, _ in photo_near_duplicates(first)] == [first.pk]  # index built now
    second = stored_photo(2)
    facts = photo_read(image_bytes(2))
    assert [p.pk for p, _ in photo_near_duplicates(facts)] == [second.pk]


def test_a_row_gone_from_the_database_never_shows(db):
    photo = stored_photo(1)
    facts = photo_read(image_bytes(1))
    assert photo_near_duplicates(facts)
    photo.delete()
    assert photo_near_duplicates(facts) == []


def test_an_id_handed_out_again_is_indexed_with_its_new_hash(db):
    photo = stored_photo(1)
    photo_near_duplicates(photo)
    pk = photo.pk
    photo.delete()
    # SQLite hands an id out again after a rollback; here the same happens by hand.
    reused = stored_photo(2)
    type(reused).objects.filter(pk=reused.pk).update(id=pk)
    photo_index._last_id = pk  # noqa: SLF001 - as if the rollback happened after the build
    found = photo_near_duplicates(photo_read(image_bytes(2)))
    assert [p.pk for p, _ in found] == [pk]
