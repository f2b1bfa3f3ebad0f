"""Near-duplicate lookup among millions of 64-bit perceptual hashes in well under a
millisecond, exactly: every hash within the distance that a linear scan finds.

Multi-index hashing (Norouzi et al.): the 64 bits are cut into 4 chunks of 16. If two hashes
differ in at most k bits, one of the 4 chunks differs in at most ⌊k/4⌋ bits (pigeonhole).
Sharper (Norouzi et al., §4): with k = 4·r + a, one of the first a+1 chunks differs in at
most r bits or one of the others in at most r−1. Each chunk has a table from its 16-bit
value to the rows holding it (a counting sort: `offsets[v]:offsets[v+1]`, the rows' hashes
stored in that order so a bucket is read in one go), and a query visits, in each chunk, the
values within its radius (697 values for 3 bits, 137 for 2), then checks those candidates'
full distance. With 2,000,000 random hashes a bucket holds about 30 rows.

New hashes go to a small pending list scanned linearly, merged into the tables when it
grows; the tables are rebuilt from the database when it loses rows (see `PhotoIndex`).
"""

from __future__ import annotations

import threading
from itertools import combinations

import numpy as np

CHUNKS = 4
CHUNK_BITS = 16
_CHUNK_MASK = np.uint64((1 << CHUNK_BITS) - 1)
# The pending list is merged into the tables beyond this many hashes.
PENDING_MAX = 4096


def _popcount(values: np.ndarray) -> np.ndarray:
    if hasattr(np, "bitwise_count"):  # NumPy ≥ 2.0
        return np.bitwise_count(values)
    # Older NumPy: count the bits of each byte through a table.
    table = np.array([bin(i).count("1") for i in range(256)], dtype=np.uint8)
    return table[values.view(np.uint8).reshape(-1, 8)].sum(axis=1)


def _flip_masks(radius: int) -> np.ndarray:
    """Every 16-bit XOR mask with at most `radius` bits set."""
    masks = [0]
    for r in range(1, radius + 1):
        for bits in combinations(range(CHUNK_BITS), r):
            masks.append(sum(1 << b for b in bits))
    return np.array(masks, dtype=np.int64)


_MASKS = {r: _flip_masks(r) for r in range(0, 4)}


def as_uint64(values) -> np.ndarray:
    """Hashes, signed (as the database keeps them) or unsigned, as uint64."""
    return np.asarray(values, dtype=np.int64).view(np.uint64)


def _to_int64(value: int) -> np.int64:
    value &= 0xFFFFFFFFFFFFFFFF
    return np.int64(value - (1 << 64) if value >= 1 << 63 else value)


class HashIndex:
    """Hashes with their row ids; `query` answers like a linear scan would."""

    def __init__(self, ids=(), hashes=()) -> None:
        self._lock = threading.Lock()
        self._build(np.asarray(ids, dtype=np.int64), as_uint64(np.asarray(hashes, np.int64)))
        self._pending_ids: list[int] = []
        self._pending_hashes: list[int] = []

    def _build(self, ids: np.ndarray, hashes: np.ndarray) -> None:
        self.ids = ids
        self.hashes = hashes
        # Per chunk: the hashes and ids in the order of that chunk's value, so a bucket's
        # rows are side by side in memory (a few cache lines, not 30 random reads).
        self.tables: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        for c in range(CHUNKS):
            keys = ((hashes >> np.uint64(c * CHUNK_BITS)) & _CHUNK_MASK).astype(np.int64)
            order = np.argsort(keys, kind="stable")
            counts = np.bincount(keys, minlength=1 << CHUNK_BITS)
            offsets = np.zeros((1 << CHUNK_BITS) + 1, dtype=np.int64)
            np.cumsum(counts, out=offsets[1:])
            self.tables.append((offsets, hashes[order], ids[order]))

    def __len__(self) -> int:
        return len(self.ids) + len(self._pending_ids)

    def add(self, row_id: int, value: int) -> None:
        with self._lock:
            self._pending_ids.append(int(row_id))
            self._pending_hashes.append(int(_to_int64(value)))
            if len(self._pending_ids) > PENDING_MAX:
                self._merge()

    def _merge(self) -> None:
        ids = np.concatenate([self.ids, np.asarray(self._pending_ids, np.int64)])
        hashes = np.concatenate([self.hashes, as_uint64(self._pending_hashes)])
        self._build(ids, hashes)
        self._pending_ids, self._pending_hashes = [], []

    def query(self, value: int, max_distance: int) -> list[tuple[int, int]]:
        """(row id, distance) of every hash within `max_distance` bits of `value`."""
        if max_distance < 0:
            return []
        target = _to_int64(value).view(np.uint64)
        found: list[tuple[int, int]] = []
        base, extra = divmod(max_distance, CHUNKS)
        if len(self.ids) and base in _MASKS:
            hits: dict[int, int] = {}
            for c, (offsets, chunk_hashes, chunk_ids) in enumerate(self.tables):
                # k = 4·base + extra: one of the first extra+1 chunks is within base bits,
                # or one of the others within base−1 (else the total would exceed k).
                radius = base if c <= extra else base - 1
                if radius < 0:
                    continue
                masks = _MASKS[radius]
                key = int((target >> np.uint64(c * CHUNK_BITS)) & _CHUNK_MASK)
                values = masks ^ key
                starts = offsets[values]
                lengths = offsets[values + 1] - starts
                total = int(lengths.sum())
                if not total:
                    continue
                # Concatenate the ranges starts[i]:ends[i] without a Python loop.
                take = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
                take += np.arange(total)
                dist = _popcount(chunk_hashes[take] ^ target)
                keep = np.nonzero(dist <= max_distance)[0]
                if len(keep):
                    matched = chunk_ids[take[keep]].tolist()
                    hits.update(zip(matched, dist[keep].tolist(), strict=True))
            found = list(hits.items())
        elif len(self.ids):
            # A radius beyond the precomputed masks: a linear scan, still exact.
            dist = _popcount(self.hashes ^ target)
            keep = np.nonzero(dist <= max_distance)[0]
            found = list(zip(self.ids[keep].tolist(), dist[keep].tolist(), strict=True))
        with self._lock:
            pending = list(zip(self._pending_ids, self._pending_hashes, strict=True))
        for row_id, h in pending:
            d = ((h ^ int(target)) & 0xFFFFFFFFFFFFFFFF).bit_count()
            if d <= max_distance:
                found.append((row_id, d))
        return found


def linear_scan(hashes: np.ndarray, value: int, max_distance: int) -> np.ndarray:
    """Row positions within `max_distance` by brute force: the index's reference."""
    target = _to_int64(value).view(np.uint64)
    return np.nonzero(_popcount(as_uint64(hashes) ^ target) <= max_distance)[0]
