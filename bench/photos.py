"""Photo speed: `python -m bench photos`.

1. Processing a 12-megapixel JPEG (EXIF, SHA-256, perceptual hash, display copy encoded)
   against the floor of Pillow's `draft` decode of the same file to display size. Target
   ≤ 1.3×. The two are timed alternately and the best of each is kept: the machine is
   shared, and alternating keeps a busy moment from landing on one side only.
2. A near-duplicate lookup among N stored hashes (BAOLIAN_BENCH_HASHES, default 200,000;
   the target is for 2,000,000) with the multi-index against a NumPy linear scan in the
   same run. Target < 1 ms, and the same matches as the scan for every query.
"""

from __future__ import annotations

import io
import os
import time

import numpy as np


def _twelve_megapixel_jpeg() -> bytes:
    """A 4000×3000 photo-like JPEG with EXIF: a real photo enlarged, with sensor-like noise
    (flat enlargements decode unrealistically fast)."""
    from pathlib import Path

    from PIL import Image, ImageDraw

    corpus = Path(__file__).resolve().parents[1].parent / "shared/corpora/photos"
    source = corpus / "gps_phone_apple_iphone4.jpg"
    if source.exists():
        base = Image.open(source)
        exif = base.info.get("exif", b"")
        base = base.convert("RGB")
    else:
        base = Image.new("RGB", (400, 300), (90, 140, 60))
        draw = ImageDraw.Draw(base)
        for i in range(40):
            draw.ellipse(
                (i * 9, (i * 37) % 300, i * 9 + 60, (i * 37) % 300 + 40),
                fill=(i * 6, 80, 200 - i * 4),
            )
        exif = b""
    big = base.resize((4000, 3000), Image.Resampling.BICUBIC)
    rng = np.random.default_rng(0)
    noisy = np.asarray(big, dtype=np.int16) + rng.integers(-12, 13, (3000, 4000, 3), dtype=np.int16)
    big = Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8))
    out = io.BytesIO()
    big.save(out, "JPEG", quality=92, exif=exif)
    return out.getvalue()


def _alternate(a, b, repeat: int) -> tuple[tuple[float, float], tuple[float, float]]:
    """Best (wall, CPU) seconds of `a` and of `b`, timed in turn. CPU time counts every
    thread of the process and not the time spent waiting for a core, so on a machine
    shared with others it is the steadier figure; wall time is what a user waits."""
    best = [[float("inf")] * 2 for _ in range(2)]
    for _ in range(repeat):
        for slot, fn in enumerate((a, b)):
            wall, cpu = time.perf_counter(), time.process_time()
            fn()
            best[slot][0] = min(best[slot][0], time.perf_counter() - wall)
            best[slot][1] = min(best[slot][1], time.process_time() - cpu)
    return (best[0][0], best[0][1]), (best[1][0], best[1][1])


def bench_processing(repeat: int = 9) -> float:
    from django.conf import settings
    from PIL import Image

    from baolian.photos.services import _decode, _display_size

    data = _twelve_megapixel_jpeg()
    longest = settings.PHOTO_DISPLAY_PX

    def floor() -> None:
        image = Image.open(io.BytesIO(data))
        image.draft("RGB", _display_size(*image.size, longest))
        image.load()

    def process() -> None:
        # What photo_store does before writing the files.
        _decode(data, "bench.jpg", encode=True)

    (base, base_cpu), (ours, ours_cpu) = _alternate(floor, process, repeat)
    print(f"12-megapixel JPEG ({len(data) / 1e6:.1f} MB), display long side {longest} px")
    print(
        f"  floor: Pillow draft decode to display size   best {base * 1e3:7.1f} ms"
        f"  (CPU {base_cpu * 1e3:7.1f} ms)"
    )
    print(
        f"  EXIF + SHA-256 + pHash + display copy        best {ours * 1e3:7.1f} ms"
        f"  (CPU {ours_cpu * 1e3:7.1f} ms)  {ours / base:4.2f}x floor wall,"
        f" {ours_cpu / base_cpu:4.2f}x CPU (target ≤ 1.30x)"
    )
    return ours / base


def bench_lookup(n: int | None = None, queries: int = 200, distance: int | None = None) -> None:
    from baolian.photos.index import HashIndex, linear_scan
    from baolian.photos.services import NEAR_DISTANCE

    n = n or int(os.environ.get("BAOLIAN_BENCH_HASHES", "200000"))
    distance = NEAR_DISTANCE if distance is None else distance
    rng = np.random.default_rng(1)
    hashes = rng.integers(-(2**63), 2**63 - 1, size=n, dtype=np.int64)
    ids = np.arange(1, n + 1, dtype=np.int64)
    # Queries: half are stored hashes with a few bits flipped (reuse), half random.
    targets = []
    for i in range(queries):
        if i % 2:
            value = int(hashes[rng.integers(n)]) & 0xFFFFFFFFFFFFFFFF
            for bit in rng.choice(64, size=int(rng.integers(0, distance + 1)), replace=False):
                value ^= 1 << int(bit)
        else:
            value = int(rng.integers(0, 2**63)) << 1 | int(rng.integers(2))
        targets.append(value)
    start = time.perf_counter()
    index = HashIndex(ids, hashes)
    build = time.perf_counter() - start

    scan_times, index_times, found = [], [], 0
    for value in targets:
        start = time.perf_counter()
        expected = set(ids[linear_scan(hashes, value, distance)].tolist())
        scan_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        got = {row for row, _d in index.query(value, distance)}
        index_times.append(time.perf_counter() - start)
        if got != expected:
            raise SystemExit(f"index and scan disagree for {value:016x}: {got ^ expected}")
        found += len(got)
    scan_med, index_med = float(np.median(scan_times)), float(np.median(index_times))
    print(f"near-duplicate lookup among {n:,} hashes, distance ≤ {distance} ({queries} queries)")
    print(f"  index built in {build:.2f} s; {found} matches, the same as the linear scan")
    print(f"  floor: NumPy linear scan         median {scan_med * 1e3:8.3f} ms")
    print(
        f"  multi-index hashing lookup       median {index_med * 1e3:8.3f} ms"
        f"  p99 {np.percentile(index_times, 99) * 1e3:.3f} ms"
        f"  {scan_med / index_med:6.0f}x faster (target < 1 ms)"
    )


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baolian.settings")
    import django

    django.setup()
    bench_processing()
    bench_lookup()


if __name__ == "__main__":
    main()
