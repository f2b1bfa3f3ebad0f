"""Submitting a visit from the phone page with three 12-megapixel photos: `python -m bench
visits`. Reports visits per second with one and with two workers (threads posting to
/visits/new/ as the demo liaison, through the whole stack: form, photo checks, storage,
evidence checks, one transaction), each against the floor of merely reading the same three
photos (`photo_read`) in the same run. BAOLIAN_BENCH_VISITS sets posts per worker (default 3).
"""

from __future__ import annotations

import io
import os
import threading
import time
import uuid

import numpy as np


def _photos() -> list[bytes]:
    """Three different 4000×3000 JPEGs with EXIF and sensor-like noise."""
    from PIL import Image

    from baolian.demo import pictures

    out = []
    rng = np.random.default_rng(1)
    for seed in ("bench-1", "bench-2", "bench-3"):
        small = Image.open(io.BytesIO(pictures.jpeg(seed, size=(400, 300))))
        big = small.resize((4000, 3000), Image.Resampling.BICUBIC)
        noise = rng.integers(-12, 13, (3000, 4000, 3), dtype=np.int16)
        big = Image.fromarray(
            np.clip(np.asarray(big, dtype=np.int16) + noise, 0, 255).astype("uint8")
        )
        buffer = io.BytesIO()
        big.save(buffer, "JPEG", quality=92, exif=small.info.get("exif", b""))
        out.append(buffer.getvalue())
    return out


def bench_submit() -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test import Client

    from baolian.accounts.models import User
    from baolian.photos.services import photo_read
    from baolian.roster.models import Pairing

    per_worker = int(os.environ.get("BAOLIAN_BENCH_VISITS", "3"))
    photos = _photos()
    liaison = User.objects.get(username="liaison")
    pairing = Pairing.objects.filter(unit_id=liaison.unit_id).first()
    size_mb = sum(len(p) for p in photos) / 1e6

    def floor() -> float:
        start = time.perf_counter()
        for data in photos:
            photo_read(data, name="x.jpg")
        return time.perf_counter() - start

    read = min(floor() for _ in range(3))

    def worker(errors: list[str]) -> None:
        client = Client()
        client.force_login(liaison)
        for _ in range(per_worker):
            data = {
                "client_id": str(uuid.uuid4()),
                "pairing": pairing.pk,
                "visited_on": time.strftime("%Y-%m-%d"),
                "kinds": ["2"],
                "summary": "检查背街小巷卫生，督促清理卫生死角三处，发放宣传资料一百份",
                "photos": [
                    SimpleUploadedFile(f"IMG_{i}.jpg", p, "image/jpeg")
                    for i, p in enumerate(photos)
                ],
            }
            response = client.post("/visits/new/", data, HTTP_ACCEPT="application/json")
            if response.status_code != 201:
                errors.append(f"{response.status_code} {response.content[:200]!r}")
        connection.close()

    print(f"visit with three 12-megapixel photos ({size_mb:.1f} MB), {per_worker} per worker")
    print(f"{'floor: photo_read of the three':<36} {read * 1e3:8.1f} ms")
    for workers in (1, 2):
        errors: list[str] = []
        threads = [threading.Thread(target=worker, args=(errors,)) for _ in range(workers)]
        start = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - start
        if errors:
            raise SystemExit(f"submitting failed: {errors[0]}")
        rate = workers * per_worker / elapsed
        per_visit = elapsed / (workers * per_worker) * workers
        print(
            f"{f'{workers} worker(s): visits per second':<36} {rate:8.2f}/s   "
            f"{per_visit / read:5.1f}x floor per visit and worker"
        )


def main() -> None:
    import tempfile

    folder = tempfile.mkdtemp(prefix="baolian-bench-")
    os.environ.setdefault("BAOLIAN_DATA_DIR", folder)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3")
    os.environ["DJANGO_SETTINGS_MODULE"] = "baolian.settings"
    os.environ["BAOLIAN_ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("BAOLIAN_DEMO_ACTIVITY_SCALE", "0.05")
    import django

    django.setup()
    from django.core.management import call_command

    from baolian.demo.city import demo_city_build

    call_command("migrate", verbosity=0)
    demo_city_build(seed=2021)
    bench_submit()


if __name__ == "__main__":
    main()
